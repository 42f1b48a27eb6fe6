"""Demo data of the privacy centre and the operators' privacy desk, built through the real
actions and safe to run again: Alice agrees to personalised recommendations and has a
correction request in Dana's queue; last year's self-inspection is on record with one
finding resolved and one open."""

from __future__ import annotations

import datetime as dt

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.core.timeutil import local_today
from rencai.privacy.actions import set_optional_consent
from rencai.privacy.choices import ConsentChannel, ConsentPurpose, RequestKind
from rencai.privacy.governance import add_finding, record_self_inspection, resolve_finding
from rencai.privacy.models import RightsRequest, SelfInspection
from rencai.privacy.requests import submit_request
from rencai.testing import personas


def demo_privacy() -> dict[str, object]:
    alice = personas.build(personas.ALICE)
    dana = personas.build(personas.DANA)
    set_optional_consent(
        alice,
        ConsentPurpose.PERSONALISED_RECOMMENDATION,
        True,
        actor=cli_actor(alice),
        channel=ConsentChannel.CLI,
    )
    request = RightsRequest.objects.filter(subject=alice, kind=RequestKind.CORRECTION).first()
    if request is None:
        request = submit_request(
            alice,
            RequestKind.CORRECTION,
            actor=cli_actor(alice),
            identity_confirmed=True,
            details="我在2023年的工作经历中公司名称写错了，应为“深圳星河网络科技有限公司”。",
        )
    return {"request": request, "inspection": _last_year_inspection(dana)}


def _last_year_inspection(dana: User) -> SelfInspection:
    year = local_today().year - 1
    existing = SelfInspection.objects.filter(year=year).first()
    if existing is not None:
        return existing
    actor = cli_actor(dana)
    inspection = record_self_inspection(
        year=year,
        conducted_on=dt.date(year, 12, 15),
        scope="对照《网络招聘服务管理规定》第二十一条检查用户信息保护：权限分配、个人信息访问记录、"
        "日志保存期限、简历下载水印与配额、权利请求的答复时限。",
        summary="制度与技术措施总体有效；发现两项问题，已制定整改计划。",
        actor=actor,
    )
    done = add_finding(
        inspection,
        description="两名离职运营人员的账号未及时收回角色。",
        severity="medium",
        remediation="离职当日由安全管理员收回全部运营角色，并每月核对一次。",
        owner=dana,
        due_date=dt.date(year + 1, 1, 31),
        actor=actor,
    )
    resolve_finding(done, resolution="已收回角色，并建立每月核对清单。", actor=actor)
    add_finding(
        inspection,
        description="批量导出审批记录缺少导出用途的分类。",
        severity="low",
        remediation="在批量导出申请中增加用途说明并在季度审计时抽查。",
        owner=dana,
        due_date=local_today() + dt.timedelta(days=60),
        actor=actor,
    )
    return inspection
