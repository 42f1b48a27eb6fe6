"""Demo and test resumes, and sample Chinese CV files (PDF and DOCX) made without any
document library: the PDF uses the standard CJK font STSong-Light (not embedded; every PDF
viewer in China has it) with the UniGB-UTF16-H encoding, the DOCX is the three parts Word
needs. Both are what a seeker would upload to the CV import (PI-05, DIS-09)."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from rencai.accounts.models import User
    from rencai.resumes.models import Resume

# --- sample CV files --------------------------------------------------------------------

ALICE_CV_LINES: tuple[str, ...] = (
    "个人简历",
    "姓名：王爱丽",
    "手机：138 0013 8001",
    "邮箱：alice.wang@example.com",
    "现居城市：深圳",
    "教育经历",
    "2016.09 - 2020.06  华南理工大学  计算机科学与技术  本科",
    "2020.09 - 2023.06  中山大学  软件工程  硕士",
    "工作经历",
    "2023.07 - 至今  深圳星河网络科技有限公司  Python开发工程师",
    "负责招聘系统后端开发，使用 Django 和 PostgreSQL。",
    "2022.07 - 2022.12  广州云帆信息技术有限公司  后端开发实习生",
    "专业技能",
    "Python、Django、PostgreSQL、Redis、Docker、Linux",
    "自我评价",
    "踏实认真，善于沟通，喜欢钻研技术。",
)


def _pdf_text(line: str) -> str:
    return "<" + line.encode("utf-16-be").hex().upper() + ">"


def cv_pdf(lines: tuple[str, ...] | list[str] = ALICE_CV_LINES) -> bytes:
    """A one-page PDF with ``lines`` in Chinese, extractable by any PDF text extractor."""
    content = ["BT", "/F1 11 Tf", "16 TL", "50 790 Td"]
    for line in lines:
        content.append(f"{_pdf_text(line)} Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
        b"/DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 6 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def cv_docx(lines: tuple[str, ...] | list[str] = ALICE_CV_LINES) -> bytes:
    """A minimal Word document with one paragraph per line (tabs between columns)."""
    paragraphs = []
    for line in lines:
        runs = "<w:tab/>".join(
            f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in line.split("\t")
        )
        paragraphs.append(f"<w:p><w:r>{runs}</w:r></w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", document),
        ):
            # A fixed timestamp keeps the bytes identical between calls (tests compare them).
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text)
    return out.getvalue()


# --- demo resumes -------------------------------------------------------------------------

ALICE_RESUME: dict[str, object] = {
    "title": "Python 后端开发",
    "language": "zh-hans",
    "full_name": "王爱丽",
    "phone": "13800138001",
    "email": "alice.wang@example.com",
    "city": "440300",
    "work_status": "open",
    "intended_categories": ["2-02"],
    "intended_cities": ["440300", "440100"],
    "employment_types": ["full_time"],
    "pay_min": 18000,
    "pay_max": 28000,
    "skills": [
        {"name": "Python", "level": "expert"},
        {"name": "Django", "level": "advanced"},
        {"name": "PostgreSQL", "level": "advanced"},
        {"name": "Redis", "level": "good"},
        {"name": "Docker", "level": "good"},
    ],
    "languages": [
        {"language": "普通话", "level": "native"},
        {"language": "英语", "level": "working"},
    ],
    "links": [{"title": "GitHub", "url": "https://github.com/example-alice"}],
    "self_assessment": (
        "五年 Python 后端开发经验，熟悉 Django、PostgreSQL 和分布式任务队列；"
        "重视代码质量和自动化测试，善于与产品和设计同事沟通。"
    ),
}
ALICE_ENTRIES: tuple[tuple[str, dict[str, object]], ...] = (
    (
        "work",
        {
            "organisation": "深圳星河网络科技有限公司",
            "title": "Python 开发工程师",
            "start": "2023-07-01",
            "end": None,
            "description": "负责招聘系统后端服务的设计与开发，主导职位搜索模块的性能优化。",
        },
    ),
    (
        "work",
        {
            "organisation": "广州云帆信息技术有限公司",
            "title": "后端开发工程师",
            "start": "2020-07-01",
            "end": "2023-06-30",
            "description": "参与电商订单系统开发，使用 Django 和 Celery 处理日均百万订单。",
        },
    ),
    (
        "project",
        {
            "organisation": "深圳星河网络科技有限公司",
            "title": "职位全文检索服务",
            "start": "2024-03-01",
            "end": "2024-10-31",
            "description": "基于中文分词的职位检索服务，P95 响应时间从 400 毫秒降至 80 毫秒。",
        },
    ),
    (
        "education",
        {
            "organisation": "华南理工大学",
            "title": "计算机科学与技术",
            "degree": "bachelor",
            "start": "2016-09-01",
            "end": "2020-06-30",
        },
    ),
    (
        "certificate",
        {"organisation": "工业和信息化部", "title": "软件设计师（中级）", "start": "2021-11-01"},
    ),
)
YAN_RESUME: dict[str, object] = {
    "title": "暑期兼职",
    "language": "zh-hans",
    "full_name": "严小燕",
    "phone": "13800138002",
    "city": "110000",
    "work_status": "student",
    "intended_categories": ["4-03"],
    "intended_cities": ["110000"],
    "employment_types": ["part_time"],
    "pay_min": 2000,
    "pay_max": 3000,
    "skills": [
        {"name": "收银", "level": "basic"},
        {"name": "Excel", "level": "good"},
        {"name": "英语口语", "level": "good"},
    ],
    "self_assessment": "高三学生，性格开朗，做事认真，希望在假期积累服务行业工作经验。",
}
YAN_ENTRIES: tuple[tuple[str, dict[str, object]], ...] = (
    (
        "education",
        {
            "organisation": "北京市第八十中学",
            "title": "高中",
            "degree": "high_school",
            "start": "2023-09-01",
        },
    ),
    (
        "project",
        {
            "organisation": "学校志愿者协会",
            "title": "社区图书角志愿服务",
            "start": "2024-07-01",
            "end": "2024-08-31",
            "description": "整理图书、接待读者，协助组织周末阅读活动。",
        },
    ),
)


def build_resume(
    owner: User,
    fields: dict[str, object] | None = None,
    entries: tuple[tuple[str, dict[str, object]], ...] = ALICE_ENTRIES,
    *,
    visibility: str = "",
    **changes: object,
) -> Resume:
    """A complete resume of ``owner`` built through the real actions (``fields`` default
    to Alice's; ``changes`` override single fields)."""
    from rencai.core.actors import cli_actor
    from rencai.resumes import actions

    actor = cli_actor(owner)
    resume = actions.create_resume(owner, {**(fields or ALICE_RESUME), **changes}, actor=actor)
    for kind, data in entries:
        actions.add_entry(resume, kind, data, actor=actor)
    if visibility:
        resume = actions.set_visibility(resume, visibility, actor=actor)
    resume.refresh_from_db()
    return resume


def demo_resumes() -> list[Resume]:
    """The demo seekers' resumes, built once (used by seed_demo): Alice's complete resume,
    visible to verified employers, and 17-year-old Yan's student resume, invisible."""
    from rencai.resumes.models import Resume
    from rencai.testing import personas

    built: list[Resume] = []
    for persona, fields, entries, visibility in (
        (personas.ALICE, ALICE_RESUME, ALICE_ENTRIES, "employers"),
        (personas.YAN, YAN_RESUME, YAN_ENTRIES, ""),
    ):
        owner = personas.build(persona)
        existing = list(Resume.objects.filter(owner=owner))
        built.extend(existing or [build_resume(owner, fields, entries, visibility=visibility)])
    return built
