"""Resolving what Word would apply to a run or paragraph: direct formatting first, then the
run style, the paragraph style and its based-on chain, then document defaults.

Word processors rarely format runs directly (python-docx's ``run.font.name`` is usually
None); LibreOffice and WPS put most of it in styles, so every property is looked up along
this chain, one property at a time.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, TypeVar

from docx.oxml.ns import qn

T = TypeVar("T")
MAX_CHAIN = 20  # based-on chains deeper than this are cyclic or hostile


def w(name: str) -> str:
    return qn(f"w:{name}")


class StyleChain:
    def __init__(self, styles_element: Any) -> None:
        self._styles = {s.get(w("styleId")): s for s in styles_element.findall(w("style"))}
        self._default_paragraph = next(
            (sid for sid, s in self._styles.items()
             if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true", "on")),
            None)
        defaults = styles_element.find(w("docDefaults"))
        self._rpr_default = _path(defaults, "rPrDefault", "rPr")
        self._ppr_default = _path(defaults, "pPrDefault", "pPr")

    def _chain(self, style_id: str | None) -> list[Any]:
        chain: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < MAX_CHAIN:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def paragraph_style_chain(self, paragraph: Any) -> list[Any]:
        ppr = paragraph.find(w("pPr"))
        style = _path(ppr, "pStyle")
        return self._chain(style.get(w("val")) if style is not None else self._default_paragraph)

    def run_levels(self, run: Any, paragraph: Any) -> list[Any]:
        """rPr elements from the most to the least specific."""
        levels = [run.find(w("rPr"))]
        run_style = _path(run, "rPr", "rStyle")
        if run_style is not None:
            levels += [s.find(w("rPr")) for s in self._chain(run_style.get(w("val")))]
        levels += [s.find(w("rPr")) for s in self.paragraph_style_chain(paragraph)]
        levels.append(self._rpr_default)
        return [level for level in levels if level is not None]

    def paragraph_levels(self, paragraph: Any) -> list[Any]:
        """pPr elements from the most to the least specific."""
        levels = [paragraph.find(w("pPr"))]
        levels += [s.find(w("pPr")) for s in self.paragraph_style_chain(paragraph)]
        levels.append(self._ppr_default)
        return [level for level in levels if level is not None]

    def style_names(self, paragraph: Any) -> list[str]:
        names = []
        for style in self.paragraph_style_chain(paragraph):
            name = style.find(w("name"))
            names.append(name.get(w("val"), "") if name is not None else "")
        return names


def _path(element: Any, *names: str) -> Any:
    for name in names:
        if element is None:
            return None
        element = element.find(w(name))
    return element


def first_found(levels: Iterable[Any], getter: Callable[[Any], T | None]) -> T | None:
    for level in levels:
        value = getter(level)
        if value is not None:
            return value
    return None


def child_attribute(child: str, attribute: str) -> Callable[[Any], str | None]:
    """Getter for ``<w:child w:attribute=…>`` on one level."""
    def getter(level: Any) -> str | None:
        node = level.find(w(child))
        return node.get(w(attribute)) if node is not None else None
    return getter


def toggle(child: str) -> Callable[[Any], bool | None]:
    """Getter for on/off properties such as <w:b/> and <w:b w:val="0"/>."""
    def getter(level: Any) -> bool | None:
        node = level.find(w(child))
        if node is None:
            return None
        return node.get(w("val"), "true") not in ("0", "false", "off")
    return getter
