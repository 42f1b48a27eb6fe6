"""The demo organisations, built and verified through the real actions: Bob's company A
(蓝海科技, employer), Dave's company B (青禾食品, employer) and Carol's agency (英才人力,
licensed HR agency, with services and fees). Oscar reviews and approves each."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from rencai.accounts.models import User
from rencai.core.actors import Actor, cli_actor
from rencai.core.timeutil import local_today
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.inspect import CheckedUpload, check_bytes
from rencai.orgs import actions
from rencai.orgs.choices import AccountClass, AuthorityMethod, DocumentKind
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership, find_by_uscc
from rencai.testing import personas


@dataclass(frozen=True)
class OrgSeed:
    key: str
    owner: personas.Persona
    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    account_class: str
    industry: str
    size: str
    division: str
    office: str
    introduction: str
    website: str = ""


COMPANY_A = OrgSeed(
    "company_a",
    personas.BOB,
    "深圳蓝海科技有限公司",
    "91440300MA5DLH017E",
    "林海",
    "广东省深圳市南山区粤海街道科技园科苑路15号",
    AccountClass.EMPLOYER,
    "65",
    "100_499",
    "440305",
    "科苑路15号科兴科学园B栋12层",
    "蓝海科技专注企业级软件与数据服务，为制造业和零售业客户提供数字化解决方案。",
    "https://lanhai.example",
)
COMPANY_B = OrgSeed(
    "company_b",
    personas.DAVE,
    "上海青禾食品有限公司",
    "91310115MA1QHE02XL",
    "戴伟",
    "上海市浦东新区张江路88号",
    AccountClass.EMPLOYER,
    "14",
    "500_999",
    "310115",
    "张江路88号3号楼",
    "青禾食品生产健康的谷物早餐和烘焙食品，在长三角有三家工厂。",
)
AGENCY = OrgSeed(
    "agency",
    personas.CAROL,
    "北京英才人力资源有限公司",
    "91110105MA01CRL357",
    "蔡琳",
    "北京市朝阳区建国路88号SOHO现代城5号楼",
    AccountClass.AGENCY,
    "72",
    "20_99",
    "110105",
    "建国路88号SOHO现代城5号楼1801",
    "英才人力为互联网和制造业企业提供中高端人才寻访和招聘流程外包服务。",
)
ORG_SEEDS = (COMPANY_A, COMPANY_B, AGENCY)


def demo_image(label: str, *, size: tuple[int, int] = (800, 560)) -> bytes:
    """A plain PNG standing in for a scanned document in demo data and tests."""
    image = Image.new("RGB", size, (250, 247, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(180, 30, 30), width=6)
    draw.text((60, 60), label, fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_upload(label: str) -> CheckedUpload:
    return check_bytes(demo_image(label), f"{label}.png", accept=DOCUMENT_KINDS)


def prepare(seed: OrgSeed, owner: User, *, actor: Actor | None = None) -> Organisation:
    """Create the organisation with a complete profile and evidence, not yet submitted."""
    actor = actor or cli_actor(owner)
    org = actions.create_organisation(
        owner,
        actions.RegisteredDetails(
            legal_name=seed.legal_name,
            uscc=seed.uscc,
            legal_representative=seed.legal_representative,
            registered_address=seed.registered_address,
            account_class=seed.account_class,
        ),
        actor=actor,
    )
    actions.update_profile(
        org,
        actions.ProfileDetails(seed.industry, seed.size, seed.introduction, seed.website),
        actor=actor,
    )
    actions.set_locations(
        org, [actions.LocationInput(seed.division, seed.office, is_headquarters=True)], actor=actor
    )
    actions.upload_document(
        org, DocumentKind.BUSINESS_LICENCE, demo_upload("BUSINESS LICENCE (DEMO)"), actor=actor
    )
    actions.upload_document(
        org,
        DocumentKind.AUTHORISATION_LETTER,
        demo_upload("AUTHORISATION LETTER (DEMO)"),
        actor=actor,
    )
    if seed.account_class == AccountClass.AGENCY:
        today = local_today()
        actions.set_agency_licence(
            org,
            actions.LicenceInput(
                number="（京）人服证字〔2024〕第0105001234号",
                issuing_authority="北京市朝阳区人力资源和社会保障局",
                valid_from=today - dt.timedelta(days=400),
                valid_until=today + dt.timedelta(days=5 * 365 - 400),
                scope="职业中介、人才寻访、人力资源外包、人力资源管理咨询",
                supervisor_name="北京市朝阳区人力资源和社会保障局",
                supervisor_phone="010-12333",
            ),
            actor=actor,
        )
        actions.upload_document(
            org, DocumentKind.HR_LICENCE, demo_upload("HR SERVICE LICENCE (DEMO)"), actor=actor
        )
        actions.set_services(
            org,
            [
                actions.ServiceInput("求职登记与职业指导", "为求职者提供", is_free=True),
                actions.ServiceInput(
                    "中高端人才寻访（猎头）", "向用人单位收取", fee_standard="候选人首年年薪的20%"
                ),
                actions.ServiceInput(
                    "招聘流程外包（RPO）", "向用人单位收取", fee_standard="每成功入职一人3000元"
                ),
            ],
            actor=actor,
        )
    return org


def approve(org: Organisation, reviewer: User) -> Organisation:
    """The reviewer records a registry lookup and approves the open request."""
    from rencai.orgs.queries import open_request

    request = open_request(org)
    assert request is not None
    actor = cli_actor(reviewer)
    actions.record_check(
        request,
        reviewer,
        actions.CheckInput(
            kind="registry",
            result="confirmed",
            registry_name=request.snapshot["legal_name"],
            registry_status="存续（在营、开业、在册）",
            reference="demo registry lookup",
        ),
        actor=actor,
    )
    actions.decide(request, reviewer, decision="approve", actor=actor)
    org.refresh_from_db()
    return org


def build_org(seed: OrgSeed) -> Organisation:
    """Create, submit and verify ``seed`` (or return it if it already exists)."""
    existing = find_by_uscc(seed.uscc)
    if existing is not None:
        return existing
    owner = personas.build(seed.owner)
    org = prepare(seed, owner)
    membership = active_membership(owner)
    assert membership is not None
    actions.submit_verification(
        org, membership, authority_method=AuthorityMethod.LETTER, actor=cli_actor(owner)
    )
    return approve(org, personas.build(personas.OSCAR))


def build_all_orgs() -> dict[str, Organisation]:
    return {seed.key: build_org(seed) for seed in ORG_SEEDS}
