"""Upload safety for .xlsx/.docx: runs before any parser touches the bytes.

Every refusal names the problem in Chinese for the contestant. The checks only read the zip
directory, stream members in small chunks and parse a few small parts with defusedxml, so
memory stays bounded whatever the upload claims to hold.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from scoring.report_metadata import strip_identifying_metadata
from scoring.report_zip_checks import (Refusal, check_members, check_package_kind,
                                       check_xml_prologs, verify_crcs)

Kind = Literal["xlsx", "docx"]
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MiB = 1024 * 1024

__all__ = ["DEFAULT_LIMITS", "SafetyLimits", "SafetyVerdict", "inspect_office_file",
           "strip_identifying_metadata"]


@dataclass(frozen=True)
class SafetyLimits:
    """Upper bounds for one upload; a contest report is far below all of them."""

    max_bytes: int = 20 * MiB
    max_members: int = 1000
    max_total_uncompressed: int = 64 * MiB
    max_member_uncompressed: int = 48 * MiB
    #: Deflate rarely beats 100:1 on real Office XML; bombs run at 1000:1 and more.
    max_ratio: float = 200.0
    #: Members smaller than this may compress as well as they like.
    ratio_floor: int = 1 * MiB
    max_prolog_bytes: int = 64 * 1024


DEFAULT_LIMITS = SafetyLimits()


@dataclass(frozen=True)
class SafetyVerdict:
    ok: bool
    reason_zh: str
    details: Mapping[str, Any] = field(default_factory=dict)


def _refused(refusal: Refusal) -> SafetyVerdict:
    return SafetyVerdict(False, refusal.reason_zh, {"code": refusal.code, **refusal.details})


def _describe_cfb(data: bytes, expected: Kind) -> Refusal:
    """OLE2 compound files: an encrypted OOXML package or an old binary Office file."""
    def has_stream(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has_stream("EncryptionInfo") or has_stream("EncryptedPackage"):
        return Refusal("encrypted", "文件已加密(设置了打开密码),请取消密码后重新保存再上传")
    old = ".xls" if has_stream("Workbook") or has_stream("Book") else (
        ".doc" if has_stream("WordDocument") else "Office 97-2003")
    wanted = "Excel 工作簿(.xlsx)" if expected == "xlsx" else "Word 文档(.docx)"
    return Refusal("legacy_format", f"这是旧版 {old} 格式文件,请另存为 {wanted} 后再上传",
                   {"legacy": old})


def _describe_not_zip(data: bytes) -> Refusal:
    head = data[:8].lstrip()
    if head.startswith(b"%PDF"):
        return Refusal("not_zip", "上传的是 PDF 文件,请上传 Office 文件")
    if head.startswith(b"{\\rtf"):
        return Refusal("not_zip", "上传的是 RTF 文件,请另存为 .docx 后再上传")
    return Refusal("not_zip", "文件不是有效的 Office 文件(不是 .xlsx/.docx 格式)")


def _precheck(data: bytes, expected: Kind, limits: SafetyLimits) -> Refusal | None:
    if not data:
        return Refusal("empty", "文件为空(0 字节),请重新保存后上传")
    if len(data) > limits.max_bytes:
        return Refusal("oversize", f"文件过大({len(data) / MiB:.1f} MB),"
                       f"上限为 {limits.max_bytes / MiB:.0f} MB", {"size": len(data)})
    if data.startswith(CFB_MAGIC):
        return _describe_cfb(data, expected)
    if not data.startswith(b"PK"):
        return _describe_not_zip(data)
    return None


def _check_main_parts(archive: zipfile.ZipFile, main_part: str) -> Refusal | None:
    """Parse the package's small skeleton with defusedxml: DTDs and entities are refused."""
    for name in ("[Content_Types].xml", "_rels/.rels", main_part):
        if name not in archive.NameToInfo:
            continue
        try:
            fromstring(archive.read(name), forbid_dtd=True)
        except DefusedXmlException:
            return Refusal("xml_dtd", "文件含有不允许的 XML 实体声明(可能是恶意文件)", {"part": name})
        except Exception:
            return Refusal("corrupt", "文件内部结构已损坏,无法读取", {"part": name})
    return None


def _inspect_zip(data: bytes, expected: Kind, limits: SafetyLimits) -> Refusal | str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        return Refusal("corrupt", "文件不完整或已损坏(无法作为压缩包打开),请重新保存后上传")
    with archive:
        refusal = (check_members(archive.infolist(), limits)
                   or check_xml_prologs(archive, limits.max_prolog_bytes))
        if refusal is not None:
            return refusal
        main_part = check_package_kind(archive, expected)
        if isinstance(main_part, Refusal):
            return main_part
        refusal = _check_main_parts(archive, main_part) or verify_crcs(archive)
        return refusal if refusal is not None else main_part


def inspect_office_file(data: bytes, expected: Kind,
                        limits: SafetyLimits = DEFAULT_LIMITS) -> SafetyVerdict:
    """Decide whether an upload may be parsed as ``expected``; never raises."""
    try:
        refusal = _precheck(data, expected, limits)
        outcome = refusal if refusal is not None else _inspect_zip(data, expected, limits)
    except Exception as error:  # hostile input must never reach the caller as an exception
        outcome = Refusal("corrupt", "文件无法读取,请重新保存后上传", {"error": type(error).__name__})
    if isinstance(outcome, Refusal):
        return _refused(outcome)
    return SafetyVerdict(True, "", {"code": "ok", "size": len(data), "main_part": outcome})
