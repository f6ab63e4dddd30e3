"""Word format checks: title, body fonts and paragraph layout, page setup, header and page
number. Content checks (table, picture, analysis) live in report_word_content_checks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from scoring.report_docx_content import Block, DocxView
from scoring.report_docx_fonts import CJK, canonical_font, run_text, size_name, size_points
from scoring.report_docx_layout import (ALIGN_NAMES, alignment, first_line_indent,
                                        has_page_field, header_footer_parts, line_spacing,
                                        page_setups, part_text)
from scoring.report_results import Verdict, clean_text, failed, listing, passed, quote, share
from scoring.report_spec import CheckSpec, ReportTaskLike

SIZE_TOLERANCE_PT = 0.25
INDENT_TOLERANCE_CHARS = 0.15
MARGIN_TOLERANCE_CM = 0.1


@dataclass(frozen=True)
class WordContext:
    view: DocxView
    task: ReportTaskLike
    key: Mapping[str, float]


def no_title(rule: str) -> Verdict:
    return failed("文档中没有任何文字段落", rule)


def check_title_text(ctx: WordContext, spec: CheckSpec) -> Verdict:
    wanted = str(spec.param("text"))
    rule = f"第一段为标题“{wanted}”"
    title = ctx.view.title
    if title is None:
        return no_title(rule)
    if clean_text(title.text) == clean_text(wanted):
        return passed("标题文字正确", rule, actual=title.text)
    return failed(f"第一段是{quote(title.text)},应为“{wanted}”", rule, actual=title.text)


def font_problems(ctx: WordContext, block: Block, font: str, size_pt: float) -> list[str]:
    """What differs from the wanted East Asian font and size, run by run."""
    problems = set()
    for run in ctx.view.runs_of(block):
        text = run_text(run)
        actual_font = ctx.view.fonts.east_asian_font(run, block.element)
        if CJK.search(text) and actual_font != font:
            problems.add(f"字体为{actual_font or '未设置'}")
        actual_size = ctx.view.fonts.size_pt(run, block.element)
        if abs(actual_size - size_pt) > SIZE_TOLERANCE_PT:
            problems.add(f"字号为{size_name(actual_size)}")
    return sorted(problems)


def check_title_font(ctx: WordContext, spec: CheckSpec) -> Verdict:
    font, size = canonical_font(spec.param("font")), size_points(spec.param("size"))
    rule = f"标题为{font}、{spec.param('size')}"
    title = ctx.view.title
    if title is None:
        return no_title(rule)
    problems = font_problems(ctx, title, font or "", size)
    if problems:
        return failed("标题" + "、".join(problems) + f",应为{font}、{size_name(size)}", rule,
                      problems=problems)
    return passed("标题字体字号正确", rule)


def check_title_align(ctx: WordContext, spec: CheckSpec) -> Verdict:
    wanted = str(spec.param("align", "center"))
    rule = f"标题{ALIGN_NAMES.get(wanted, wanted)}"
    title = ctx.view.title
    if title is None:
        return no_title(rule)
    actual = alignment(ctx.view.chain, title.element)
    if actual == wanted:
        return passed("标题对齐正确", rule)
    return failed(f"标题为{ALIGN_NAMES.get(actual, actual)}", rule, actual=actual)


def _prose_or_fail(ctx: WordContext, rule: str) -> list[Block] | Verdict:
    prose = ctx.view.prose()
    return prose if prose else failed("没有找到正文段落(20 字以上的段落)", rule)


def _per_paragraph(prose: list[Block], problems_of: Any, rule: str, ok: str) -> Verdict:
    wrong = [(block, problems_of(block)) for block in prose]
    wrong = [(block, found) for block, found in wrong if found]
    if not wrong:
        return passed(ok + f"(共 {len(prose)} 段)", rule, paragraphs=len(prose))
    notes = [f"{quote(block.text.strip(), 12)}{found}" for block, found in wrong]
    return share(len(prose) - len(wrong), len(prose), f"{len(wrong)}/{len(prose)} 段不符:"
                 + listing(notes, 3), rule, paragraphs=len(prose), wrong=notes[:20])


def check_body_font(ctx: WordContext, spec: CheckSpec) -> Verdict:
    font, size = canonical_font(spec.param("font")), size_points(spec.param("size"))
    rule = f"正文为{font}、{spec.param('size')}"
    prose = _prose_or_fail(ctx, rule)
    if isinstance(prose, Verdict):
        return prose
    return _per_paragraph(prose, lambda b: "、".join(font_problems(ctx, b, font or "", size)),
                          rule, "正文字体字号正确")


def check_body_line_spacing(ctx: WordContext, spec: CheckSpec) -> Verdict:
    multiple, exact = spec.param("multiple"), spec.param("exact_pt")
    rule = f"正文 {multiple:g} 倍行距" if multiple else f"正文固定值 {exact:g} 磅行距"
    prose = _prose_or_fail(ctx, rule)
    if isinstance(prose, Verdict):
        return prose

    def problem(block: Block) -> str:
        spacing = line_spacing(ctx.view.chain, block.element)
        if multiple:
            fits = spacing.multiple is not None and abs(spacing.multiple - float(multiple)) < 0.01
        else:
            fits = spacing.rule == "exact" and abs(spacing.points - float(exact)) < 0.1
        return "" if fits else f"为{spacing.describe()}"
    return _per_paragraph(prose, problem, rule, "行距正确")


def check_body_indent(ctx: WordContext, spec: CheckSpec) -> Verdict:
    chars = float(spec.param("chars", 2))
    rule = f"正文首行缩进 {chars:g} 字符(或约 {chars:g} 个字宽)"
    prose = _prose_or_fail(ctx, rule)
    if isinstance(prose, Verdict):
        return prose

    def problem(block: Block) -> str:
        runs = ctx.view.runs_of(block)
        size = ctx.view.fonts.size_pt(runs[0], block.element) if runs else 12.0
        actual = first_line_indent(ctx.view.chain, block.element).in_chars(size)
        return "" if abs(actual - chars) <= INDENT_TOLERANCE_CHARS else f"首行缩进约 {actual:.1f} 字符"
    return _per_paragraph(prose, problem, rule, "首行缩进正确")


def check_page_setup(ctx: WordContext, spec: CheckSpec) -> Verdict:
    paper, orientation = str(spec.param("paper", "A4")), str(spec.param("orientation", "portrait"))
    margins = {k: float(v) for k, v in dict(spec.param("margins_cm") or {}).items()}
    rule = (f"{paper} {'纵向' if orientation == 'portrait' else '横向'};页边距"
            + "、".join(f"{k} {v:g} 厘米" for k, v in margins.items()))
    problems = []
    for number, setup in enumerate(page_setups(ctx.view.body), start=1):
        where = f"第 {number} 节" if number > 1 else ""
        if setup.paper_name() != paper:
            problems.append(f"{where}纸张为 {setup.paper_name()}")
        if setup.landscape != (orientation == "landscape"):
            problems.append(f"{where}方向为{'横向' if setup.landscape else '纵向'}")
        off = [f"{side} {setup.margins_cm[side]:.2f}" for side, want in margins.items()
               if abs(setup.margins_cm[side] - want) > MARGIN_TOLERANCE_CM]
        if off:
            problems.append(f"{where}页边距 " + "、".join(off) + " 厘米")
    if problems:
        return failed(";".join(dict.fromkeys(problems)), rule)
    return passed("页面设置正确", rule)


def check_header_text(ctx: WordContext, spec: CheckSpec) -> Verdict:
    wanted = str(spec.param("text"))
    rule = f"页眉含“{wanted}”"
    headers = [part_text(element) for kind, element in header_footer_parts(ctx.view.document)
               if kind == "header"]
    if any(clean_text(wanted) in clean_text(text) for text in headers):
        return passed("页眉正确", rule)
    found = "、".join(quote(t) for t in headers if t.strip()) or "没有页眉"
    return failed(f"页眉为{found}" if headers else "没有页眉", rule, headers=headers)


def check_page_number(ctx: WordContext, spec: CheckSpec) -> Verdict:
    rule = "页眉或页脚插入页码域"
    parts = header_footer_parts(ctx.view.document)
    if any(has_page_field(element) for _, element in parts):
        return passed("已插入页码", rule)
    return failed("页眉页脚中没有页码(页码须用“插入页码”生成,手打数字不算)", rule)
