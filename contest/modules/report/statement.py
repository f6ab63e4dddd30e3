"""The task statement is Markdown-ish Chinese text (``## 标题``, ``- 项``, ``1. 项``, indented
sub-items, lines wrapped inside a paragraph). This turns it into plain blocks a template
renders with autoescaping, so nothing in a task file can inject markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
ITEM = re.compile(r"^(\s*)([-*]|\d+[.、])\s+(.*)$")


@dataclass
class Item:
    text: str
    children: list["Block"] = field(default_factory=list)


@dataclass
class Block:
    kind: str                      # "heading" | "paragraph" | "list" ("break" while parsing)
    text: str = ""
    level: int = 0                 # heading level
    ordered: bool = False
    items: list[Item] = field(default_factory=list)
    indent: int = 0                # where a list's markers start


def statement_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lists: list[Block] = []        # the open lists, outermost first
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            lists.clear()
            blocks.append(Block("break"))
            continue
        heading, item = HEADING.match(line.strip()), ITEM.match(line)
        if heading:
            lists.clear()
            blocks.append(Block("heading", heading.group(2), level=len(heading.group(1))))
        elif item:
            _add_item(blocks, lists, len(item.group(1)), item.group(2)[0].isdigit(),
                      item.group(3))
        elif lists and _indent(line) > lists[0].indent:
            lists[-1].items[-1].text += line.strip()    # a wrapped line of the last item
        elif not lists and blocks and blocks[-1].kind == "paragraph":
            blocks[-1].text += line.strip()             # Chinese lines join without a space
        else:
            lists.clear()
            blocks.append(Block("paragraph", line.strip()))
    return [block for block in blocks if block.kind != "break"]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _add_item(blocks: list[Block], lists: list[Block], indent: int, ordered: bool,
              text: str) -> None:
    while lists and indent < lists[-1].indent:
        lists.pop()
    if lists and indent == lists[-1].indent:
        lists[-1].items.append(Item(text))
        return
    new = Block("list", ordered=ordered, indent=indent, items=[Item(text)])
    if lists:
        lists[-1].items[-1].children.append(new)
    else:
        blocks.append(new)
    lists.append(new)
