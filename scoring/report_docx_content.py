"""One uploaded Word report as the checks see it: the title paragraph, the prose, tables,
pictures, and the analysis text judges read."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document

from scoring.report_docx_fonts import RunFonts, run_text, text_runs, theme_of
from scoring.report_docx_styles import StyleChain, w

#: A paragraph with at least this many non-space characters is prose (正文), not a heading.
PROSE_MIN_CHARS = 20
CAPTION_PREFIXES = ("图", "表", "figure", "table")
PICTURE_TAGS = ("drawing", "pict", "object")


@dataclass(frozen=True)
class Block:
    """A body paragraph outside tables, with its text."""

    element: Any
    text: str

    @property
    def visible_chars(self) -> int:
        return len("".join(self.text.split()))


def _body_paragraphs(body: Any) -> list[Any]:
    """Top-level paragraphs, including those wrapped in content controls (w:sdt)."""
    found = []
    for child in body:
        if child.tag == w("p"):
            found.append(child)
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            found += [p for p in (content if content is not None else []) if p.tag == w("p")]
    return found


def paragraph_text(paragraph: Any) -> str:
    return "".join(run_text(run) for run in paragraph.iter(w("r")))


class DocxView:
    def __init__(self, data: bytes) -> None:
        self.document = Document(io.BytesIO(data))
        self.body = self.document.element.body
        self.chain = StyleChain(self.document.styles.element)
        self.fonts = RunFonts(self.chain, theme_of(self.document))
        self.blocks = [Block(p, paragraph_text(p)) for p in _body_paragraphs(self.body)]

    @property
    def title(self) -> Block | None:
        return next((b for b in self.blocks if b.text.strip()), None)

    def after_title(self) -> list[Block]:
        title = self.title
        return [b for b in self.blocks if b is not title and b.text.strip()]

    def prose(self) -> list[Block]:
        """Body paragraphs long enough to be 正文; captions ('图1 …') excluded."""
        return [b for b in self.after_title() if b.visible_chars >= PROSE_MIN_CHARS
                and not b.text.strip().lower().startswith(CAPTION_PREFIXES)]

    def analysis_text(self) -> str:
        return "\n".join(b.text.strip() for b in self.after_title())

    def tables(self) -> list[list[list[str]]]:
        """Every table (nested ones too) as rows of cell texts."""
        grids = []
        for table in self.body.iter(w("tbl")):
            rows = []
            for row in table.findall(w("tr")):
                rows.append([paragraph_text_all(cell) for cell in row.findall(w("tc"))])
            grids.append(rows)
        return grids

    def pictures(self) -> dict[str, int]:
        """Counts of inline/floating drawings (pictures and charts), VML pictures and OLE
        objects anywhere in the body, headers excluded."""
        counts = {tag: sum(1 for _ in self.body.iter(w(tag))) for tag in PICTURE_TAGS}
        counts["chart"] = sum(1 for node in self.body.iter()
                              if isinstance(node.tag, str) and node.tag.endswith("}chart")
                              and "drawingml/2006/chart" in node.tag)
        return counts

    def runs_of(self, block: Block) -> list[Any]:
        return text_runs(block.element)


def paragraph_text_all(cell: Any) -> str:
    return "\n".join(paragraph_text(p) for p in cell.iter(w("p"))).strip()


def extract_analysis_text(data: bytes) -> str:
    """Everything after the title, outside tables, one paragraph per line (judge screen).
    Returns "" when the file cannot be read; call after ``inspect_office_file``."""
    try:
        return DocxView(data).analysis_text()
    except Exception:
        return ""
