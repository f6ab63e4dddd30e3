"""LibreOffice headless conversion (``soffice --convert-to``), used to make real
LibreOffice-saved fixtures and, if wanted, to recalculate a script-written workbook.

Each call gets its own throw-away profile: concurrent calls sharing one profile fail, and the
profile is where formula recalculation on load is switched on (otherwise LibreOffice keeps
whatever cached values a file carries, or none).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Mapping

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class ConversionFailed(RuntimeError):
    """soffice is missing, timed out, or wrote no output for a file."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_many(files: Mapping[str, bytes], target: str,
                 timeout_s: float = 300) -> dict[str, bytes]:
    """Convert ``{"name.ext": bytes}`` to ``target`` (e.g. "xlsx", "docx", or
    "xlsx:Calc MS Excel 2007 XML") in one soffice run; returns ``{"name": bytes}``."""
    binary = soffice_path()
    if binary is None:
        raise ConversionFailed("soffice not found")
    extension = target.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="report-lo-") as temp:
        work = Path(temp)
        (work / "profile" / "user").mkdir(parents=True)
        (work / "profile" / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
        (work / "in").mkdir()
        inputs = []
        for name, data in files.items():
            (work / "in" / name).write_bytes(data)
            inputs.append(str(work / "in" / name))
        command = [binary, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                   "--norestore", "--convert-to", target, "--outdir", str(work / "out"), *inputs]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as error:
            raise ConversionFailed("soffice timed out") from error
        results = {}
        for name in files:
            produced = work / "out" / f"{Path(name).stem}.{extension}"
            if not produced.is_file():
                raise ConversionFailed(f"soffice wrote nothing for {name}")
            results[Path(name).stem] = produced.read_bytes()
        return results


def convert(data: bytes, source_name: str, target: str, timeout_s: float = 120) -> bytes:
    """Convert one file; ``source_name`` carries the extension LibreOffice goes by."""
    return convert_many({source_name: data}, target, timeout_s)[Path(source_name).stem]
