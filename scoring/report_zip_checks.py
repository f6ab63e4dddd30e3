"""Zip-level checks behind ``office_safety``: directory limits, package kind, macros,
DTDs in XML prologs and CRCs — each bounded in time and memory."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Sequence

from defusedxml.ElementTree import fromstring

MiB = 1024 * 1024
CHUNK = 64 * 1024
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAIN_TYPES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
}
KIND_NAMES = {"xlsx": "Excel 工作簿", "docx": "Word 文档", "pptx": "PowerPoint 演示文稿"}
MACRO_NAME = re.compile(r"(vbaproject\.bin|vbadata\.xml|^xl/macrosheets/|^xl/dialogsheets/)",
                        re.IGNORECASE)
MACRO_TYPE = re.compile(r"macroenabled|vbaproject|macrosheet|ms-office\.activex", re.IGNORECASE)
XML_SUFFIXES = (".xml", ".rels", ".vml")


class Limits(Protocol):
    max_members: int
    max_total_uncompressed: int
    max_member_uncompressed: int
    max_ratio: float
    ratio_floor: int


@dataclass(frozen=True)
class Refusal:
    code: str
    reason_zh: str
    details: Mapping[str, Any] = field(default_factory=dict)


def _bomb(detail: str, **details: Any) -> Refusal:
    return Refusal("zip_bomb", f"文件解压后异常巨大({detail}),疑似压缩炸弹,已拒绝", details)


def check_members(infos: Sequence[zipfile.ZipInfo], limits: Limits) -> Refusal | None:
    """Sizes as the zip directory declares them; zipfile never yields more than declared,
    and ``verify_crcs`` catches a member that lies."""
    if len(infos) > limits.max_members:
        return _bomb(f"包含 {len(infos)} 个部件", members=len(infos))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            return Refusal("encrypted", "文件已加密,请取消密码后重新保存再上传")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return Refusal("corrupt", "文件使用了 Office 不会使用的压缩方式,无法读取")
        if info.file_size > limits.max_member_uncompressed:
            return _bomb(f"{info.filename} 达 {info.file_size / MiB:.0f} MB", part=info.filename)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_floor and ratio > limits.max_ratio:
            return _bomb(f"{info.filename} 压缩比 {ratio:.0f}:1", part=info.filename)
        total += info.file_size
    if total > limits.max_total_uncompressed:
        return _bomb(f"合计 {total / MiB:.0f} MB", total=total)
    return None


def _content_types(archive: zipfile.ZipFile) -> list[str]:
    root = fromstring(archive.read("[Content_Types].xml"), forbid_dtd=True)
    return [node.get("ContentType", "") for node in root.iter()
            if node.tag in (CT_NS + "Override", CT_NS + "Default")]


def _main_part(archive: zipfile.ZipFile) -> tuple[str, str]:
    root = fromstring(archive.read("[Content_Types].xml"), forbid_dtd=True)
    for node in root.iter(CT_NS + "Override"):
        content_type = node.get("ContentType", "")
        if ".main+xml" in content_type:
            return node.get("PartName", "").lstrip("/"), content_type
    return "", ""


def _actual_kind(content_type: str) -> str:
    for kind, token in (("xlsx", "spreadsheetml"), ("docx", "wordprocessingml"),
                        ("pptx", "presentationml"), ("xlsx", "ms-excel"), ("docx", "ms-word")):
        if token in content_type:
            return kind
    return ""


def check_package_kind(archive: zipfile.ZipFile, expected: str) -> Refusal | str:
    """Macros first (they hide behind any extension), then the main part's content type.
    Returns the main part's name when the package is the expected kind."""
    names = archive.namelist()
    if "[Content_Types].xml" not in names:
        if "mimetype" in names:
            return Refusal("opendocument", "这是 OpenDocument 格式(.ods/.odt)文件,"
                           f"请另存为 {KIND_NAMES[expected]}(.{expected})后再上传")
        return Refusal("not_office", "压缩包不是 Office 文件,请上传 .xlsx 或 .docx 文件")
    macro_part = next((n for n in names if MACRO_NAME.search(n)), None)
    macro_type = next((t for t in _content_types(archive) if MACRO_TYPE.search(t)), None)
    if macro_part or macro_type:
        return Refusal("macro", "文件包含宏(VBA 或宏表),不允许上传;请另存为不含宏的 "
                       f".{expected} 文件", {"part": macro_part or macro_type})
    main_part, content_type = _main_part(archive)
    actual = _actual_kind(content_type)
    if actual != expected or content_type not in MAIN_TYPES[expected]:
        found = KIND_NAMES.get(actual, "无法识别的文件")
        return Refusal("wrong_kind", f"上传的是{found},这里需要{KIND_NAMES[expected]}"
                       f"(.{expected})", {"content_type": content_type})
    if main_part not in archive.NameToInfo:
        return Refusal("corrupt", "文件缺少主体内容部件,已损坏")
    return main_part


def _prolog_has_dtd(head: bytes) -> bool | None:
    """True when a DOCTYPE precedes the root element, False when the root comes first,
    None when ``head`` ends before either is seen."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0 or start + 1 >= len(text):
            return None
        following = text[start + 1]
        if following == "?":
            position = text.find("?>", start)
        elif text.startswith("<!--", start):
            position = text.find("-->", start)
        elif following == "!":
            return True
        else:
            return False
        if position < 0:
            return None


def check_xml_prologs(archive: zipfile.ZipFile, max_prolog: int) -> Refusal | None:
    """Refuse any XML part with a DTD; only each part's first bytes are decompressed."""
    for info in archive.infolist():
        if not info.filename.lower().endswith(XML_SUFFIXES) or info.file_size == 0:
            continue
        head = b""
        with archive.open(info) as stream:
            while (found := _prolog_has_dtd(head)) is None and len(head) < max_prolog:
                chunk = stream.read(4096)
                if not chunk:
                    break
                head += chunk
        if found is None and len(head) >= max_prolog:
            return Refusal("xml_dtd", "文件中的 XML 开头异常(可能是恶意文件)", {"part": info.filename})
        if found:
            return Refusal("xml_dtd", "文件含有不允许的 XML 实体声明(DTD),可能是恶意文件",
                           {"part": info.filename})
    return None


def verify_crcs(archive: zipfile.ZipFile) -> Refusal | None:
    """Stream every member once: truncated data and members that lie about their size fail
    their CRC here, with never more than one chunk in memory."""
    for info in archive.infolist():
        try:
            with archive.open(info) as stream:
                while stream.read(CHUNK):
                    pass
        except Exception:
            return Refusal("corrupt", "文件不完整或已损坏(数据校验失败),请重新保存后上传",
                           {"part": info.filename})
    return None
