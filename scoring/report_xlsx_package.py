"""Reading an .xlsx package directly, for what openpyxl is slow or silent about: the sheet
list, cached formula results, and a light copy without the big raw-data sheets.

openpyxl needs ~0.3 s for a 900-row raw-data sheet; the checks only look at the contestant's
small KPI sheets, so the raw sheets are swapped for empty ones before openpyxl sees them.
"""
from __future__ import annotations

import copy
import io
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable

from defusedxml.ElementTree import fromstring, iterparse
from lxml import etree

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b'<sheetData/></worksheet>')
EMPTY_STRINGS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                 b' count="0" uniqueCount="0"/>')
#: Files here passed office_safety (no DTD anywhere); the parser still refuses entities.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
#: Sheets bigger than this are raw data unless the task names them.
LIGHT_SHEET_LIMIT = 64 * 1024


class Missing:
    """Marks a formula cell saved without a cached result (files written by scripts)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = Missing()


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str


def normalise_name(name: str) -> str:
    """Sheet and header names compared the way a teacher reads them: width and spaces aside."""
    return "".join(unicodedata.normalize("NFKC", str(name)).split()).lower()


def resolve_target(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def typed_relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, resolved part path) for ``part``; "" is the package itself."""
    folder, name = posixpath.dirname(part), posixpath.basename(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in archive.NameToInfo:
        return {}
    root = fromstring(archive.read(rels_path))
    return {rel.get("Id", ""): (rel.get("Type", ""), resolve_target(part, rel.get("Target", "")))
            for rel in root.iter(PKG_REL_NS + "Relationship")
            if rel.get("TargetMode") != "External"}


def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → resolved part path for ``part`` (empty when it has no .rels)."""
    return {rid: target for rid, (_, target) in typed_relationships(archive, part).items()}


def related_part(archive: zipfile.ZipFile, part: str, type_suffix: str) -> str | None:
    """The first part ``part`` points to with a relationship type ending in ``type_suffix``."""
    found = (target for kind, target in typed_relationships(archive, part).values()
             if kind.endswith(type_suffix) and target in archive.NameToInfo)
    return next(found, None)


def workbook_part(archive: zipfile.ZipFile) -> str:
    """Where the workbook lives; every writer we know says xl/workbook.xml, a few do not."""
    return related_part(archive, "", "/officeDocument") or "xl/workbook.xml"


def sheet_parts(archive: zipfile.ZipFile, workbook: str | None = None) -> list[SheetPart]:
    workbook_path = workbook or workbook_part(archive)
    rels = relationships(archive, workbook_path)
    root = fromstring(archive.read(workbook_path))
    return [SheetPart(sheet.get("name", ""), rels.get(sheet.get(REL_NS + "id", ""), ""))
            for sheet in root.iter(MAIN_NS + "sheet")]


def cache_is_stale(archive: zipfile.ZipFile) -> bool:
    """True when the workbook asks to be recalculated on open (<calcPr fullCalcOnLoad="1">):
    XlsxWriter and similar writers save a placeholder 0 as every formula's cached result and
    set this flag, so those results must not be believed."""
    root = fromstring(archive.read(workbook_part(archive)))
    calc = root.find(MAIN_NS + "calcPr")
    return calc is not None and calc.get("fullCalcOnLoad", "0") in ("1", "true")


def _cached(cell: Any) -> Any:
    value = cell.find(MAIN_NS + "v")
    if value is None or value.text is None or value.text == "":
        return MISSING
    kind = cell.get("t", "n")
    if kind == "n":
        return float(value.text)
    if kind == "b":
        return value.text == "1"
    return value.text


def cached_formula_results(archive: zipfile.ZipFile, sheet_path: str) -> dict[str, Any]:
    """Cell address → cached result of each formula cell of one sheet (MISSING when the
    file carries none). Errors come back as their text, e.g. '#DIV/0!'."""
    results: dict[str, Any] = {}
    with archive.open(sheet_path) as stream:
        for _, element in iterparse(stream, events=("end",)):
            if element.tag != MAIN_NS + "c":
                continue
            if element.find(MAIN_NS + "f") is not None:
                results[element.get("r", "")] = _cached(element)
            element.clear()
    return results


def _shared_strings(archive: zipfile.ZipFile, name: str | None) -> list[Any]:
    return list(etree.fromstring(archive.read(name), SAFE_PARSER)) if name else []


def _inline_strings(sheet_xml: bytes, strings: list[Any]) -> bytes:
    """Shared-string cells rewritten as inline strings, so the light copy can drop the
    shared-string table (thousands of call ids that openpyxl would otherwise parse)."""
    root = etree.fromstring(sheet_xml, SAFE_PARSER)
    for cell in root.iter(MAIN_NS + "c"):
        value = cell.find(MAIN_NS + "v")
        if cell.get("t") != "s" or value is None:
            continue
        index = int(value.text or -1)
        cell.remove(value)
        cell.set("t", "inlineStr")
        inline = etree.SubElement(cell, MAIN_NS + "is")
        for child in strings[index] if 0 <= index < len(strings) else ():
            inline.append(copy.deepcopy(child))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def light_copy(data: bytes, keep_names: Iterable[str]) -> bytes:
    """The same workbook with every big sheet not named in ``keep_names`` emptied and the
    shared strings inlined (stored, not deflated: it only lives in memory for openpyxl)."""
    keep = {normalise_name(name) for name in keep_names}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        parts = [p for p in sheet_parts(src) if p.path in src.NameToInfo]
        emptied = {p.path for p in parts if normalise_name(p.name) not in keep
                   and src.getinfo(p.path).file_size > LIGHT_SHEET_LIMIT}
        strings_part = related_part(src, workbook_part(src), "/sharedStrings")
        strings = _shared_strings(src, strings_part)
        for info in src.infolist():
            body = src.read(info)
            if info.filename in emptied:
                body = EMPTY_SHEET
            elif any(p.path == info.filename for p in parts):
                body = _inline_strings(body, strings)
            elif info.filename == strings_part:
                body = EMPTY_STRINGS
            dst.writestr(zipfile.ZipInfo(info.filename, info.date_time), body)
    return out.getvalue()
