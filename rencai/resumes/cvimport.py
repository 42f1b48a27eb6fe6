"""Chinese CV import: from the text of a PDF or DOCX to a *proposal* of resume fields.

Nothing here writes to the database. The seeker sees the proposal field by field, ticks what
is right (and may correct it), and ``rencai.resumes.actions.apply_import`` saves only the
ticked items through the same checks as the editor.

The parser knows the usual layout of Chinese CVs: labelled basic information (姓名：, 手机：,
邮箱：), section headings (教育经历, 工作经历, 项目经历, 专业技能, 自我评价) and dated lines
(``2016.09 - 2020.06  华南理工大学  计算机科学与技术  本科``). Skills and job titles are
recognised with the dictionary the job search uses (the title families of
``rencai/search/data/corpus_titles.json``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from django.core.files.uploadedfile import UploadedFile

from rencai.core.errors import DomainError
from rencai.core.phones import normalise_mobile
from rencai.files.choices import TEXT_DOCUMENT_KINDS
from rencai.files.inspect import check_upload
from rencai.jobs.choices import Education
from rencai.resumes.choices import EntryKind
from rencai.resumes.errors import ResumeErrorCode, resume_error
from rencai.resumes.extract import extract_text

MAX_PROPOSED_ENTRIES = 12
MAX_PROPOSED_SKILLS = 20
MAX_DESCRIPTION = 1000

_SECTIONS: dict[str, tuple[str, ...]] = {
    "education": ("教育经历", "教育背景", "学历背景", "教育情况", "学习经历", "教育"),
    "work": ("工作经历", "工作经验", "实习经历", "职业经历", "工作履历", "实习经验"),
    "project": ("项目经历", "项目经验", "主要项目"),
    "skills": ("专业技能", "技能特长", "个人技能", "技能", "技能证书", "专业技能与证书"),
    "self_assessment": ("自我评价", "个人评价", "自我介绍", "个人简介", "个人优势"),
    "certificate": ("证书", "资格证书", "获得证书", "荣誉证书"),
    "basic": ("基本信息", "个人信息", "联系方式"),
}
_HEADING_CHARS = re.compile(r"[\s:：【】\[\]（）()·•●■◆▶>|/\-—_=*#]+")
_MONTH = r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?"
_RANGE = re.compile(
    _MONTH + r"\s*(?:[-–—~～至到]+|\s)\s*(?:" + _MONTH + r"|(至今|现在|今|目前|在职))"
)
_PHONE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_NAME_LABEL = re.compile(r"姓\s*名\s*[:：]?\s*([\u4e00-\u9fff·]{2,6})")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_SCHOOL = re.compile(r"(大学|学院|学校|中学|职校|技校|党校|分校|研究生院)$")
_COMPANY = re.compile(
    r"(公司|集团|银行|医院|研究院|研究所|工作室|事务所|中心|协会|学校|大学|学院|局|厂|店|馆)"
)
_DEGREES: tuple[tuple[str, str], ...] = (
    ("博士", Education.DOCTORATE),
    ("硕士", Education.MASTER),
    ("研究生", Education.MASTER),
    ("MBA", Education.MASTER),
    ("本科", Education.BACHELOR),
    ("学士", Education.BACHELOR),
    ("大专", Education.ASSOCIATE),
    ("专科", Education.ASSOCIATE),
    ("高职", Education.ASSOCIATE),
    ("中专", Education.HIGH_SCHOOL),
    ("职高", Education.HIGH_SCHOOL),
    ("技校", Education.HIGH_SCHOOL),
    ("高中", Education.HIGH_SCHOOL),
    ("初中", Education.JUNIOR_MIDDLE),
)
_TOKEN_SPLIT = re.compile(r"\s*[\t|｜，,]\s*|\s{2,}|\s+")
_SKILL_SPLIT = re.compile(r"[、,，;；/|｜\n\t]+|\s{2,}")
_NOT_A_NAME = frozenset({"个人简历", "简历", "求职简历", "个人信息", "基本信息"})


@dataclass(frozen=True)
class ProposedEntry:
    """One proposed item of a section; ``key`` identifies it in the review form."""

    key: str
    kind: str
    organisation: str = ""
    title: str = ""
    degree: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    description: str = ""

    def as_data(self) -> dict[str, object]:
        return {
            "organisation": self.organisation,
            "title": self.title,
            "degree": self.degree,
            "start": self.start,
            "end": self.end,
            "description": self.description,
        }


@dataclass
class CvProposal:
    """What the parser found. Empty strings and lists mean "nothing found"."""

    full_name: str = ""
    phone: str = ""
    email: str = ""
    self_assessment: str = ""
    entries: list[ProposedEntry] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, str]:
        """The proposed single fields that were found, in display order."""
        values = {
            "full_name": self.full_name,
            "phone": self.phone,
            "email": self.email,
            "self_assessment": self.self_assessment,
        }
        return {name: value for name, value in values.items() if value}

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.entries or self.skills)


@dataclass(frozen=True)
class _Dictionary:
    skills: tuple[str, ...]  # longest first, so "Spring Boot" wins over "Spring"
    titles: frozenset[str]


@cache
def dictionary() -> _Dictionary:
    """Skills and job titles of the job search's title families."""
    from rencai.search.corpus import catalogue

    skills: set[str] = set()
    titles: set[str] = set()
    for family in catalogue().families:
        skills.update(family.skills)
        titles.update(family.titles)
    return _Dictionary(tuple(sorted(skills, key=lambda s: (-len(s), s))), frozenset(titles))


def _section_of(line: str) -> str | None:
    bare = _HEADING_CHARS.sub("", line)
    if not bare or len(bare) > 8:
        return None
    for section, words in _SECTIONS.items():
        if bare in words:
            return section
    return None


def _month(year: str, month: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), 1)
    except ValueError:
        return None


def _range(line: str) -> tuple[dt.date | None, dt.date | None, str] | None:
    """The dates of a dated line and the rest of the line, or None."""
    match = _RANGE.search(line)
    if match is None:
        return None
    start = _month(match.group(1), match.group(2))
    end = None if match.group(5) or not match.group(3) else _month(match.group(3), match.group(4))
    rest = (line[: match.start()] + " " + line[match.end() :]).strip(" \t-–—|｜,，")
    return start, end, rest


def _tokens(text: str) -> list[str]:
    return [token for token in _TOKEN_SPLIT.split(text) if token.strip()]


def _degree(token: str) -> str:
    for word, degree in _DEGREES:
        if word in token:
            return str(degree)
    return ""


def _education(key: str, start: dt.date | None, end: dt.date | None, rest: str) -> ProposedEntry:
    tokens = _tokens(rest)
    degree, school, major = "", "", ""
    for token in tokens:
        if not degree and _degree(token) and len(token) <= 6:
            degree = _degree(token)
        elif not school and _SCHOOL.search(token):
            school = token
        elif not major:
            major = token
    if not school and major:
        school, major = major, ""
    return ProposedEntry(
        key,
        EntryKind.EDUCATION,
        organisation=school[:100],
        title=(major or school)[:100],
        degree=degree,
        start=start,
        end=end,
    )


def _work(
    key: str, kind: str, start: dt.date | None, end: dt.date | None, rest: str, description: str
) -> ProposedEntry:
    tokens = _tokens(rest)
    titles = dictionary().titles
    company = next((token for token in tokens if _COMPANY.search(token)), "")
    others = [token for token in tokens if token != company]
    title = next((token for token in others if token in titles), "")
    if not title and others:
        title = others[-1]
    if not company and len(others) > 1:
        company = others[0]
    return ProposedEntry(
        key,
        kind,
        organisation=company[:100],
        title=(title or company)[:100],
        start=start,
        end=end,
        description=description[:MAX_DESCRIPTION],
    )


def _skills(section_text: str, whole_text: str) -> list[str]:
    """Dictionary skills in the skills section (or anywhere, without one), then the other
    items the seeker listed in the skills section."""
    found: list[str] = []
    seen: set[str] = set()

    def add(skill: str) -> None:
        if skill.casefold() not in seen and len(found) < MAX_PROPOSED_SKILLS:
            seen.add(skill.casefold())
            found.append(skill)

    haystack = section_text or whole_text
    folded = haystack.casefold()
    for skill in dictionary().skills:
        needle = skill.casefold()
        if needle.isascii():
            pattern = r"(?<![a-z0-9+#.])" + re.escape(needle) + r"(?![a-z0-9+#])"
            if re.search(pattern, folded):
                add(skill)
        elif needle in folded:
            add(skill)
    for item in _SKILL_SPLIT.split(section_text):
        item = item.strip(" 。.；;：:")
        if 1 < len(item) <= 30 and not _RANGE.search(item):
            add(item)
    order = {skill.casefold(): haystack.casefold().find(skill.casefold()) for skill in found}
    return sorted(found, key=lambda skill: order[skill.casefold()])


def _name(lines: list[str], text: str) -> str:
    match = _NAME_LABEL.search(text)
    if match:
        return match.group(1)
    for line in lines[:6]:
        bare = line.strip()
        if _HAN_NAME.match(bare) and bare not in _NOT_A_NAME and _section_of(bare) is None:
            return bare
    return ""


def _phone(text: str) -> str:
    for match in _PHONE.finditer(text):
        try:
            return normalise_mobile("".join(match.groups()))
        except DomainError:
            continue
    return ""


def _section_entries(proposal: CvProposal, kind: str, lines: list[str]) -> None:
    """Append the dated entries of one section: a dated line starts an entry (its names on
    the same line or the next one), the lines after it are its description."""
    found: list[tuple[tuple[dt.date | None, dt.date | None, str], list[str]]] = []
    for line in lines:
        dated = _range(line)
        if dated is not None:
            found.append((dated, []))
        elif found and not found[-1][0][2]:
            (start, end, _rest), notes = found[-1]
            found[-1] = ((start, end, line), notes)
        elif found:
            found[-1][1].append(line)
    for number, ((start, end, rest), notes) in enumerate(found):
        if len(proposal.entries) >= MAX_PROPOSED_ENTRIES:
            return
        key = f"{kind}.{number}"
        if kind == EntryKind.EDUCATION:
            entry = _education(key, start, end, rest)
        else:
            entry = _work(key, kind, start, end, rest, "\n".join(notes))
        if entry.title:
            proposal.entries.append(entry)


def parse_cv(text: str) -> CvProposal:
    """The proposal for a CV's text (never raises on odd input; finds what it can)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    proposal = CvProposal(full_name=_name(lines, text), phone=_phone(text))
    email = _EMAIL.search(text)
    proposal.email = email.group(0).lower() if email else ""

    section = "basic"
    blocks: dict[str, list[str]] = {}
    for line in lines:
        heading = _section_of(line)
        if heading is not None:
            section = heading
            continue
        blocks.setdefault(section, []).append(line)

    for section_name, kind in (
        ("education", EntryKind.EDUCATION),
        ("work", EntryKind.WORK),
        ("project", EntryKind.PROJECT),
    ):
        _section_entries(proposal, str(kind), blocks.get(section_name, []))

    proposal.skills = _skills("\n".join(blocks.get("skills", [])), text)
    proposal.self_assessment = "\n".join(blocks.get("self_assessment", []))[:2000]
    return proposal


def read_cv(upload: UploadedFile | None) -> CvProposal:
    """Check an uploaded PDF or DOCX like every upload, read its text and parse it. Nothing
    is stored: the file is dropped after reading (the seeker may attach it separately)."""
    checked = check_upload(upload, accept=TEXT_DOCUMENT_KINDS, field="file")
    text = extract_text(checked.data, checked.kind)
    if not text.strip():
        raise resume_error(ResumeErrorCode.NO_TEXT, field="file")
    return parse_cv(text)
