"""The brief as a Word document (GB/T 9704 through ``OfficialDocument``) and as a PDF.

The PDF is the .docx converted by LibreOffice (``soffice --headless --convert-to pdf``) where
it is installed; ``pdf_available()`` says whether it is, so pages and commands can tell users.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from grassroots.kernel.documents import OfficialDocument
from grassroots.training.brief import Brief

PDF_TIMEOUT = 120  # seconds; a first start of LibreOffice is slow


def brief_document(brief: Brief) -> OfficialDocument:
    document = OfficialDocument()
    document.masthead(brief.masthead)
    document.centred(brief.issue)
    document.left_and_right(brief.organizer, brief.date_text)
    document.rule()
    title = document.title(brief.title)
    title.paragraph_format.space_before = Pt(24)
    title.paragraph_format.space_after = Pt(12)
    if brief.lead:
        document.paragraph(brief.lead)
    if brief.intro:
        document.paragraph(brief.intro)
    for speech in brief.speeches:
        document.heading(speech.heading, level=1)
        for text in speech.paragraphs:
            document.paragraph(text)
    if brief.editor_line:
        document.paragraph(brief.editor_line, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return document


def write_docx(brief: Brief, target: str | Path | IO[bytes]) -> None:
    brief_document(brief).save(target)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, or could not convert the document."""


def write_pdf(brief: Brief, target: Path) -> None:
    program = soffice()
    if program is None:
        raise PdfUnavailable(
            _("未安装 LibreOffice（找不到 soffice），无法生成 PDF；可下载 Word 版简报")
        )
    with tempfile.TemporaryDirectory(prefix="brief-") as folder:
        source = Path(folder) / "brief.docx"
        write_docx(brief, source)
        profile = Path(folder) / "profile"
        command = [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=PDF_TIMEOUT)
        except (OSError, subprocess.SubprocessError) as error:
            raise PdfUnavailable(
                _("LibreOffice 转换 PDF 失败：%(error)s") % {"error": error}
            ) from error
        produced = source.with_suffix(".pdf")
        if not produced.exists():
            raise PdfUnavailable(_("LibreOffice 未生成 PDF 文件"))
        shutil.copyfile(produced, target)
