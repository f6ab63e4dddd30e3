"""HTML + CSS to PDF bytes. The stylesheet names the Chinese font the setup installs; without
it WeasyPrint prints empty boxes silently (see PLATFORM_NOTES), so tests look at the pages."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from flask import render_template
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

STYLESHEET = Path(__file__).with_name("print.css")


def create_pdf(template: str, **context: Any) -> bytes:
    fonts = FontConfiguration()
    html = HTML(string=render_template(template, **context))
    return html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET), font_config=fonts)],
                          font_config=fonts)


def create_pdf_in_parts(template: str, parts: Iterable[dict[str, Any]],
                        progress: Callable[[int], None] = lambda done: None) -> bytes:
    """Render each part as its own document and join the pages into one PDF, so a long print
    (500 result slips) can report progress part by part."""
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), font_config=fonts)
    documents = []
    for done, context in enumerate(parts, start=1):
        html = HTML(string=render_template(template, **context))
        documents.append(html.render(stylesheets=[stylesheet], font_config=fonts))
        progress(done)
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
