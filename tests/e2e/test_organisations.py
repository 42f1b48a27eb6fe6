"""Browser journey of the organisations issue: Bob registers company A in the wizard and
uploads its licence, Oscar approves it at the verification desk, and Bob sees the verified
badge; the public company page of the agency shows its licence, services and fees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rencai.orgs.models import Organisation
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot, second_person, sms_sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _sms_sign_in(page: Any, phone: str) -> None:
    sms_sign_in(page, phone)
    page.wait_for_url("**/dashboard/")


def _password_sign_in(page: Any, email: str) -> None:
    password_sign_in(page, email, personas.DEMO_PASSWORD)


def _scan(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(seeds.demo_image(name.upper()))
    return str(path)


def test_bob_registers_oscar_approves_bob_sees_the_badge(page: Any, tmp_path: Path) -> None:
    personas.build(personas.BOB)
    personas.build(personas.OSCAR)
    seed = seeds.COMPANY_A
    _sms_sign_in(page, personas.BOB.phone)
    page.goto("/orgs/")
    screenshot(page, "orgs-start")
    page.goto("/orgs/new/")
    page.check("input[name=account_class][value=employer]")
    page.fill("input[name=legal_name]", seed.legal_name)
    page.fill("input[name=uscc]", "91440300MA5DLH017F")  # wrong check character first
    page.fill("input[name=legal_representative]", seed.legal_representative)
    page.fill("input[name=registered_address]", seed.registered_address)
    page.click("#create-form button[type=submit]")
    page.wait_for_selector(".field.has-error")
    assert page.input_value("input[name=legal_name]") == seed.legal_name  # kept
    screenshot(page, "orgs-create-error")
    page.fill("input[name=uscc]", seed.uscc)
    page.click("#create-form button[type=submit]")

    page.wait_for_url("**/setup/profile/")
    page.select_option("select[name=industry]", "65")
    page.select_option("select[name=size]", "100_499")
    page.fill("textarea[name=introduction]", seed.introduction)
    page.click("#profile-form button[type=submit]")
    page.wait_for_url("**/setup/profile/")
    page.select_option("select[name=division_1]", "440000")
    page.wait_for_selector("select[name=division_2] option[value='440300']", state="attached")
    page.select_option("select[name=division_2]", "440300")
    page.wait_for_selector("select[name=division_3] option[value='440305']", state="attached")
    page.select_option("select[name=division_3]", "440305")
    page.fill("#location-form input[name=address]", seed.office)
    page.check("#location-form input[name=is_headquarters]")
    screenshot(page, "orgs-profile")
    page.click("#location-form button[type=submit]")
    page.wait_for_selector("#office-list li")
    assert "南山区" in page.inner_text("#office-list")

    page.goto(page.url.replace("/setup/profile/", "/setup/documents/"))
    page.set_input_files("#doc-business_licence input[type=file]", _scan(tmp_path, "licence.png"))
    page.click("#doc-business_licence button[type=submit]")
    page.wait_for_selector(
        "#doc-business_licence img, #doc-business_licence a[href*='/documents/']"
    )
    screenshot(page, "orgs-documents")

    page.goto(page.url.replace("/setup/documents/", "/setup/authority/"))
    page.set_input_files("#letter-form input[type=file]", _scan(tmp_path, "letter.png"))
    page.click("#letter-form button[type=submit]")
    page.wait_for_url("**/setup/authority/")
    screenshot(page, "orgs-authority")

    page.goto(page.url.replace("/setup/authority/", "/setup/submit/"))
    page.check("input[name=authority_method][value=letter]")
    page.check("input[name=declaration]")
    screenshot(page, "orgs-submit")
    page.click("#submit-form button[type=submit]")
    page.wait_for_url("**/orgs/*/")
    org = Organisation.objects.get(uscc=seed.uscc)
    assert org.status == "pending"
    screenshot(page, "orgs-pending")
    bob_page = page
    page = second_person(bob_page)
    _password_sign_in(page, personas.OSCAR.email)
    page.goto("/ops/verifications/")
    screenshot(page, "ops-verification-queue")
    page.click(f"text={seed.legal_name}")
    page.wait_for_selector("#evidence-title")
    screenshot(page, "ops-verification-review")
    page.check("input[name=check-kind][value=registry]")
    page.check("input[name=check-result][value=confirmed]")
    page.fill("input[name=check-registry_name]", seed.legal_name)
    page.fill("input[name=check-registry_status]", "存续（在营、开业、在册）")
    page.click("form.check-form button[type=submit]")
    page.wait_for_selector("#checks table")
    page.click("button[name=decision-decision][value=approve]")
    page.click("dialog.confirm-dialog button.btn-primary, dialog.confirm-dialog button.btn-danger")
    page.wait_for_selector(".messages")
    screenshot(page, "ops-verification-decided")
    org.refresh_from_db()
    assert org.status == "verified"

    page = bob_page  # still signed in as Bob
    page.goto(f"/orgs/{org.pk}/")
    assert page.locator(".badge-success").first.is_visible()
    screenshot(page, "orgs-verified")
    page.goto(f"/companies/{org.pk}/")
    assert "招聘服务类" in page.inner_text("main")
    screenshot(page, "company-page")


def test_agency_public_page_and_mobile_layout(page: Any) -> None:
    agency = seeds.build_org(seeds.AGENCY)
    page.goto(f"/companies/{agency.pk}/")
    text = page.inner_text("main")
    assert "招聘服务类" in text
    assert "010-12333" in text
    assert "候选人首年年薪的20%" in text
    screenshot(page, "company-agency")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "company-agency-mobile")
    page.goto("/companies/")
    assert agency.legal_name in page.inner_text("main")
    screenshot(page, "companies")
