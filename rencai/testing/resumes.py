"""Demo and test resumes, and sample Chinese CV files (PDF and DOCX) made without any
document library: the PDF uses the standard CJK font STSong-Light (not embedded; every PDF
viewer in China has it) with the UniGB-UTF16-H encoding, the DOCX is the three parts Word
needs. Both are what a seeker would upload to the CV import (PI-05, DIS-09)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

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
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()
