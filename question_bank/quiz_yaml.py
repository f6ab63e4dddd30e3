"""Per-topic YAML files of the quiz bank: reading them safely and writing questions back.

A file holds ``topic`` and a list of ``questions``. Writing keeps each topic in its own file,
replaces questions whose id already exists anywhere in the folder, and appends new ones, so an
Excel import turns into files a teacher can keep editing by hand. Comments in a rewritten file
are not preserved (PyYAML does not keep them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml
from pypinyin import lazy_pinyin

from question_bank.quiz_model import Question

BANK_SUFFIXES = (".yaml", ".yml")
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TopicFileError(Exception):
    """A topic file that cannot be read; the message is Chinese and names the line."""


@dataclass
class TopicFile:
    path: Path
    topic: str
    entries: list[Any]


def bank_files(root: Path) -> list[Path]:
    return sorted(path for path in root.iterdir() if path.suffix in BANK_SUFFIXES)


def read_topic_file(path: Path) -> TopicFile:
    try:
        data = _load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise TopicFileError("文件不是 UTF-8 编码，请另存为 UTF-8") from None
    except yaml.YAMLError as error:
        raise TopicFileError(_syntax_message(error)) from None
    if not isinstance(data, dict):
        raise TopicFileError("文件顶层应包含 topic 和 questions 两个字段")
    topic = data.get("topic")
    if not isinstance(topic, str) or not topic.strip():
        raise TopicFileError("缺少知识点（topic）或知识点为空")
    entries = data.get("questions")
    if not isinstance(entries, list):
        raise TopicFileError("缺少题目列表（questions），或它不是列表")
    unknown = sorted(str(key) for key in data if key not in ("topic", "questions"))
    if unknown:
        raise TopicFileError(f"文件顶层有未知字段：{'、'.join(unknown)}")
    return TopicFile(path, topic.strip(), entries)


#: PyYAML explains in English; teachers get the usual causes in Chinese.
YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现冒号，常见原因是文字中含有英文冒号加空格，请改用中文冒号或给整段文字加引号",
    "could not find expected ':'": "缺少冒号，请检查“字段: 值”的写法",
    "found character '\\t' that cannot start any token": "不能用 Tab 键缩进，请改用空格",
    "did not find expected key": "缩进不一致，同一层的字段应左对齐",
    "did not find expected ',' or ']'": "方括号列表没有正确结束，请检查逗号和右方括号",
    "expected ',' or ']', but got ':'": "方括号列表没有正确结束，请检查逗号和右方括号",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致，同一层的字段应左对齐",
    "did not find expected '-' indicator": "题目列表的缩进不一致，每道题应以对齐的“- ”开头",
    "found unexpected end of stream": "文件意外结束，可能缺少右引号或右括号",
}


def _load_yaml(text: str) -> Any:
    """libyaml when available (about 8× faster on the bank); on an error, the pure-Python
    loader again, whose wording YAML_PROBLEMS translates."""
    try:
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def _syntax_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "位置未知"
    explained = YAML_PROBLEMS.get(problem, f"格式不正确（{problem}）")
    return f"YAML 语法错误（{where}）：{explained}"


class _FlowList(list[str]):
    """Options are written on one line, as teachers write them by hand."""


class _BankDumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as in the hand-written files.
        super().increase_indent(flow, False)


_BankDumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=True)
)


def question_to_entry(question: Question) -> dict[str, Any]:
    """The hand-editable form of a question, as in the bank's YAML files."""
    entry: dict[str, Any] = {"id": question.id, "type": question.type.label, "stem": question.stem}
    if question.type.is_choice:
        entry["options"] = _FlowList(question.options)
    entry["answer"] = question.editable_answer
    entry["difficulty"] = question.difficulty
    entry["explanation"] = question.explanation
    return entry


def dump_topic(topic: str, entries: list[Any]) -> str:
    flowing = [_with_flow_options(entry) for entry in entries]
    return yaml.dump({"topic": topic, "questions": flowing}, Dumper=_BankDumper,
                     allow_unicode=True, sort_keys=False, width=10_000)


def _with_flow_options(entry: Any) -> Any:
    """Entries kept as read from a file get their options on one line too."""
    if isinstance(entry, dict) and isinstance(entry.get("options"), list):
        return {**entry, "options": _FlowList(entry["options"])}
    return entry


def topic_file_name(topic: str, taken: set[str]) -> str:
    """A new file's name from the topic's pinyin: 客户关系管理 → kehuguanxiguanli.yaml."""
    slug = re.sub(r"[^a-z0-9]+", "_", "".join(lazy_pinyin(topic)).lower()).strip("_") or "topic"
    name, number = f"{slug}.yaml", 2
    while name in taken:
        name, number = f"{slug}_{number}.yaml", number + 1
    return name


def write_bank_yaml(questions: Iterable[Question], root: Path) -> list[Path]:
    """Merge ``questions`` into the topic files under ``root``; return the files written.

    Unreadable files are left untouched and never written into.
    """
    root.mkdir(parents=True, exist_ok=True)
    incoming = {question.id: question for question in questions}
    files = _readable_files(root)
    changed: set[Path] = set()
    for topic_file in files:
        if _drop_entries(topic_file, incoming):
            changed.add(topic_file.path)
    by_topic = {topic_file.topic: topic_file for topic_file in files}
    taken = {path.name for path in root.iterdir()}
    for question in incoming.values():
        target = by_topic.get(question.topic)
        if target is None:
            name = topic_file_name(question.topic, taken)
            taken.add(name)
            target = by_topic[question.topic] = TopicFile(root / name, question.topic, [])
        _place_entry(target, question)
        changed.add(target.path)
    for topic_file in by_topic.values():
        if topic_file.path in changed:
            topic_file.path.write_text(dump_topic(topic_file.topic, topic_file.entries),
                                       encoding="utf-8")
    return sorted(changed)


def _readable_files(root: Path) -> list[TopicFile]:
    readable = []
    for path in bank_files(root):
        try:
            readable.append(read_topic_file(path))
        except TopicFileError:
            continue
    return readable


def _entry_id(entry: Any) -> str | None:
    return str(entry.get("id")) if isinstance(entry, dict) and "id" in entry else None


def _drop_entries(topic_file: TopicFile, incoming: dict[str, Question]) -> bool:
    """Remove entries that an incoming question of another topic replaces."""
    kept = [entry for entry in topic_file.entries
            if _entry_id(entry) not in incoming
            or incoming[str(_entry_id(entry))].topic == topic_file.topic]
    dropped = len(kept) != len(topic_file.entries)
    topic_file.entries = kept
    return dropped


def _place_entry(topic_file: TopicFile, question: Question) -> None:
    entry = question_to_entry(question)
    for position, existing in enumerate(topic_file.entries):
        if _entry_id(existing) == question.id:
            topic_file.entries[position] = entry
            return
    topic_file.entries.append(entry)
