"""The judgement on one normalised answer against one normalised key form, field by field.

A ``Comparison`` carries the share of the field's points earned (0, a partial fraction or 1),
the rule id, a Chinese reason and flags; ``scoring.capture`` turns the best one into an
``ItemResult``.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from scoring.capture_hints import describe_pairs, has_traditional, homophone_pairs
from scoring.capture_hints import is_transposition, to_simplified
from scoring.capture_normalize import split_extension
from scoring.capture_rules import CaptureRules

NAME_RULE = "评分规则：姓名须逐字一致，忽略空格和标点；同音字、错字、繁体字均不得分。"
PHONE_RULE = "评分规则：只比较数字，忽略空格、横线、括号和 +86；分机号须用“转”“分机”、“-”或空格与号码隔开。"
POSTCODE_RULE = "评分规则：邮政编码须为 6 位数字且完全一致，忽略空格。"
EMAIL_RULE = "评分规则：不区分大小写，忽略空格和末尾标点，其余须逐字符一致。"
ADDRESS_RULE = (
    "评分规则：忽略空格和标点；号、栋、单元、室等前的汉字数字与阿拉伯数字视为相同；"
    "开头省份、城市名称后的“省”“市”二字可省略，但省份、城市名称以及区县、街道、小区、门牌均不可省略；"
    "须使用规范简化字。"
)


#: Rule id of a fully correct answer, per field.
EXACT_RULES: dict[str, str] = {
    "name": "capture.name.exact",
    "address": "capture.address.exact",
    "phone": "capture.phone.digits",
    "postcode": "capture.postcode.digits",
    "email": "capture.email.exact",
}


@dataclass(frozen=True)
class Comparison:
    fraction: float
    rule: str
    reason: str
    flags: tuple[str, ...]
    typed_form: str
    similarity: float


def _exact(rule: str, typed: str, flags: tuple[str, ...] = (), note: str = "") -> Comparison:
    return Comparison(1.0, rule, "正确" + note, flags, typed, 1.0)


def _wrong(rule: str, reason: str, typed: str, flags: tuple[str, ...], key: str) -> Comparison:
    similarity = Levenshtein.normalized_similarity(key, typed)
    return Comparison(0.0, rule, reason, flags, typed, similarity)


def compare_name(key: str, typed: str, rules: CaptureRules) -> Comparison:
    rule = EXACT_RULES["name"]
    typed, traditional_note, flags = _simplify_if_allowed(typed, rules)
    if typed == key:
        return _exact(rule, typed, flags, traditional_note)
    flags, details = _name_hints(key, typed, flags)
    reason = "姓名与答案不一致，不得分" + (f"（{details}）" if details else "") + "。" + NAME_RULE
    return _wrong(rule, reason, typed, flags, key)


def _name_hints(key: str, typed: str, flags: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    if has_traditional(typed) and to_simplified(typed) == key:
        return flags + ("traditional",), "使用了繁体字，须写规范简化字"
    pairs = homophone_pairs(key, typed)
    if pairs:
        return flags + ("homophone",), f"{describe_pairs(pairs)}，读音相同，请评委核听录音"
    if is_transposition(key, typed):
        return flags + ("transposed",), "字序颠倒"
    return flags, ""


def _simplify_if_allowed(typed: str, rules: CaptureRules) -> tuple[str, str, tuple[str, ...]]:
    if rules.accept_traditional and has_traditional(typed):
        return to_simplified(typed), "（繁体字已按简体字比对）", ("traditional",)
    return typed, "", ()


def compare_phone(key: str, typed: str, rules: CaptureRules) -> Comparison:
    rule = EXACT_RULES["phone"]
    if typed == key:
        return _exact(rule, typed)
    key_number, key_extension = split_extension(key)
    typed_number, typed_extension = split_extension(typed)
    flags: tuple[str, ...] = ()
    if key_extension and typed_number == key_number and not typed_extension:
        detail, flags = f"缺少分机号 {key_extension}", ("extension",)
    elif key_extension and typed == key_number + key_extension:
        detail, flags = "分机号未与号码隔开", ("extension",)
    elif typed_number == key_number:
        detail, flags = "分机号不一致", ("extension",)
    elif is_transposition(key, typed):
        detail, flags = "有两位数字顺序颠倒", ("transposed",)
    else:
        detail = f"应为 {key}，录入为 {typed}"
    reason = f"电话号码不一致，不得分（{detail}）。" + PHONE_RULE
    return _wrong(rule, reason, typed, flags, key)


def _transposed(key: str, typed: str) -> tuple[str, ...]:
    return ("transposed",) if is_transposition(key, typed) else ()


def compare_postcode(key: str, typed: str, rules: CaptureRules) -> Comparison:
    rule = EXACT_RULES["postcode"]
    if typed == key:
        return _exact(rule, typed)
    flags = _transposed(key, typed)
    if not (typed.isascii() and typed.isdigit() and len(typed) == 6):
        detail = "录入内容不是 6 位数字"
    elif flags:
        detail = "有两位数字顺序颠倒"
    else:
        detail = f"应为 {key}，录入为 {typed}"
    reason = f"邮政编码不一致，不得分（{detail}）。" + POSTCODE_RULE
    return _wrong(rule, reason, typed, flags, key)


def compare_email(key: str, typed: str, rules: CaptureRules) -> Comparison:
    rule = EXACT_RULES["email"]
    if typed == key:
        return _exact(rule, typed)
    flags = _transposed(key, typed)
    reason = f"电子邮箱不一致，不得分（应为 {key}）。" + EMAIL_RULE
    return _wrong(rule, reason, typed, flags, key)


def compare_address(key: str, typed: str, rules: CaptureRules) -> Comparison:
    typed, traditional_note, flags = _simplify_if_allowed(typed, rules)
    if typed == key:
        return _exact(EXACT_RULES["address"], typed, flags, traditional_note)
    similarity = Levenshtein.normalized_similarity(key, typed)
    flags, hint = _address_hints(key, typed, flags)
    percent, threshold = _percent(similarity), _percent(rules.address_partial_threshold)
    if rules.address_partial_credit and similarity >= rules.address_partial_threshold:
        share = _percent(rules.address_partial_fraction)
        reason = f"地址不完全一致{hint}，相似度 {percent}（不低于 {threshold}），得该项分数的 {share}。"
        return Comparison(
            rules.address_partial_fraction, "capture.address.partial", reason + ADDRESS_RULE,
            flags + ("partial",), typed, similarity,
        )
    reason = f"地址不一致{hint}，相似度 {percent}，不得分。" + ADDRESS_RULE
    return Comparison(0.0, EXACT_RULES["address"], reason, flags, typed, similarity)


def _percent(value: float) -> str:
    # Rounded down so that 89.96% never reads as the 90% threshold it missed.
    tenths = int(value * 1000 + 1e-9) / 10
    return f"{tenths:g}%"


def _address_hints(key: str, typed: str, flags: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    if has_traditional(typed):
        return flags + ("traditional",), "（含繁体字）"
    pairs = homophone_pairs(key, typed)
    if pairs:
        return flags + ("homophone",), f"（{describe_pairs(pairs)}，读音相同）"
    return flags, ""


COMPARATORS = {
    "name": compare_name,
    "address": compare_address,
    "phone": compare_phone,
    "postcode": compare_postcode,
    "email": compare_email,
}
