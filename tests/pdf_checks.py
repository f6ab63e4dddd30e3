"""Look at PDFs the way a person would: which fonts are embedded, and what the page shows.

WeasyPrint without a Chinese font prints empty boxes and still lets pdftotext extract the
right text, so text extraction proves nothing; these helpers render the page to an image and
read it back with OCR (tesseract, Simplified Chinese)."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def embedded_fonts(pdf: bytes) -> list[str]:
    """Lines of `pdffonts` for fonts that are embedded."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        output = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True,
                                check=True).stdout
    return [line for line in output.splitlines()[2:] if " yes " in f" {line} "]


def page_text(pdf: bytes, page: int = 1, dpi: int = 200) -> str:
    """OCR of one rendered page, spaces removed (tesseract spaces out Chinese characters)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
                        "-singlefile", str(source), str(Path(folder) / "page")], check=True)
        text = subprocess.run(["tesseract", str(Path(folder) / "page.png"), "-", "-l",
                               "chi_sim"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def page_count(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True,
                              check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
