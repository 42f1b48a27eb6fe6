"""The Chinese CV parser on generated PDF and DOCX files and on common layouts, and the
completeness score with its suggestions."""

from __future__ import annotations

import datetime as dt

import pytest

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.resumes import actions
from rencai.resumes.cvimport import parse_cv
from rencai.resumes.derived import completeness
from rencai.resumes.extract import extract_text
from rencai.resumes.models import Resume
from rencai.testing import resumes as seeds


@pytest.mark.parametrize(
    ("data", "kind"), [(seeds.cv_pdf(), "pdf"), (seeds.cv_docx(), "docx")], ids=["pdf", "docx"]
)
def test_generated_chinese_cv_is_read_field_by_field(data: bytes, kind: str) -> None:
    proposal = parse_cv(extract_text(data, kind))
    assert proposal.fields == {
        "full_name": "王爱丽",
        "phone": "+8613800138001",
        "email": "alice.wang@example.com",
        "self_assessment": "踏实认真，善于沟通，喜欢钻研技术。",
    }
    education = [
        (e.organisation, e.title, e.degree, e.start, e.end)
        for e in proposal.entries
        if e.kind == "education"
    ]
    assert education == [
        ("华南理工大学", "计算机科学与技术", "bachelor", dt.date(2016, 9, 1), dt.date(2020, 6, 1)),
        ("中山大学", "软件工程", "master", dt.date(2020, 9, 1), dt.date(2023, 6, 1)),
    ]
    work = [(e.organisation, e.title, e.start, e.end) for e in proposal.entries if e.kind == "work"]
    assert work == [
        ("深圳星河网络科技有限公司", "Python开发工程师", dt.date(2023, 7, 1), None),
        ("广州云帆信息技术有限公司", "后端开发实习生", dt.date(2022, 7, 1), dt.date(2022, 12, 1)),
    ]
    assert proposal.entries[2].description.startswith("负责招聘系统后端开发")
    assert proposal.skills == ["Python", "Django", "PostgreSQL", "Redis", "Docker", "Linux"]


def test_other_layouts_dates_on_their_own_line_and_unlabelled_name() -> None:
    text = "\n".join(
        [
            "李明",
            "电话 +86 139-1234-5678 | liming@example.cn",
            "【教育背景】",
            "2015年9月 至 2019年7月",
            "武汉大学 | 会计学 | 本科",
            "【工作经验】",
            "2019/07 ~ 2021/12 上海禾丰商贸有限公司 会计",
            "负责月度结账",
            "2022.01-现在",
            "杭州云栖贸易有限公司\t财务主管",
            "【技能】",
            "用友、金蝶、Excel；英语六级",
        ]
    )
    proposal = parse_cv(text)
    assert (proposal.full_name, proposal.phone, proposal.email) == (
        "李明",
        "+8613912345678",
        "liming@example.cn",
    )
    school = proposal.entries[0]
    assert (school.organisation, school.title, school.degree) == ("武汉大学", "会计学", "bachelor")
    assert (school.start, school.end) == (dt.date(2015, 9, 1), dt.date(2019, 7, 1))
    jobs = [(e.organisation, e.title, e.end) for e in proposal.entries if e.kind == "work"]
    assert jobs == [
        ("上海禾丰商贸有限公司", "会计", dt.date(2021, 12, 1)),
        ("杭州云栖贸易有限公司", "财务主管", None),
    ]
    assert {"用友", "金蝶", "Excel", "英语六级"} <= set(proposal.skills)


def test_parser_never_fails_on_odd_text() -> None:
    for text in ("", "\n\n", "教育经历\n2099.13 - 2100.99 某某大学", "工作经历\n" + "x" * 5000):
        parse_cv(text)


def test_apply_import_rolls_back_everything_on_a_bad_item(alice: User, resume: Resume) -> None:
    before = (resume.entries.count(), Resume.objects.get(pk=resume.pk).full_name)
    with pytest.raises(DomainError) as caught:
        actions.apply_import(
            alice,
            resume,
            fields={"full_name": "王丽"},
            entries=[("work", {"title": "好的"}), ("work", {"title": ""})],
            skills=[],
            actor=cli_actor(alice),
        )
    assert caught.value.code == "field_required"
    assert (resume.entries.count(), Resume.objects.get(pk=resume.pk).full_name) == before
    with pytest.raises(DomainError) as nothing:
        actions.apply_import(
            alice, resume, fields={}, entries=[], skills=[], actor=cli_actor(alice)
        )
    assert nothing.value.code == "import_nothing_confirmed"


def test_completeness_of_an_empty_resume_lists_concrete_suggestions(alice: User) -> None:
    resume = seeds.build_resume(alice, {"title": "草稿", "full_name": "王爱丽"}, entries=())
    result = completeness(resume, [])
    assert result.score == 5
    codes = [s.code for s in result.suggestions]
    assert codes[:2] == ["add_work", "add_education"]  # most valuable first
    assert set(codes) == {
        "add_work",
        "add_education",
        "add_contact",
        "add_intended_categories",
        "add_intended_cities",
        "add_skills",
        "add_city",
        "add_pay",
        "add_employment_types",
        "add_self_assessment",
    }
    assert (result.suggestions[0].code, result.suggestions[0].section) == ("add_work", "work")
    assert resume.completeness == 5


def test_completeness_for_students_asks_for_a_project_and_updates_on_every_change(
    alice: User,
) -> None:
    resume = seeds.build_resume(
        alice, {"title": "实习", "full_name": "王爱丽", "work_status": "student"}, entries=()
    )
    first = completeness(resume, []).suggestions[0]
    assert (first.code, first.section) == ("add_work", "project")  # a project, not a job
    actions.add_entry(resume, "project", {"title": "课程设计"}, actor=cli_actor(alice))
    resume.refresh_from_db()
    assert resume.completeness == 25
    actions.update_resume(resume, {"intended_cities": ["440300"]}, actor=cli_actor(alice))
    resume.refresh_from_db()
    assert resume.completeness == 35


def test_demo_resumes_are_complete(db: None) -> None:
    built = seeds.demo_resumes()
    assert [r.owner.display_name for r in built] == ["Alice 王爱丽", "Yan 严小燕"]
    alice_resume, yan_resume = built
    assert alice_resume.completeness == 100 and alice_resume.visibility == "employers"
    assert yan_resume.visibility == "hidden" and yan_resume.highest_education == "high_school"
    assert seeds.demo_resumes() == built  # once
