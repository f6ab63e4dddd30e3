"""The capture session's settings: the listening set, plays, and how fields are scored."""
from __future__ import annotations

from wtforms import BooleanField, DecimalField, IntegerField, SelectField
from wtforms.validators import NumberRange, ValidationError

from listening_audio import available_sets

from ..base import SessionForm

POINTS = [NumberRange(0, 20, "每项分值须在 0 到 20 之间")]


def _set_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in available_sets()]


def _known_set(form: SessionForm, field: SelectField) -> None:
    if field.data not in available_sets():
        raise ValidationError("没有这套听打套题,请从列表中选择")


class CaptureSettingsForm(SessionForm):
    listening_set = SelectField(
        "听打套题", choices=_set_choices, validate_choice=False, validators=[_known_set],
        description="套题位于 listening_audio/sets;添加场次时录音与答案一并固定")
    call_count = IntegerField(
        "来电数量", validators=[NumberRange(1, 50, "来电数量须在 1 到 50 之间")],
        description="取套题中的前若干通来电")
    plays_per_call = IntegerField("每通来电可播放次数",
                                  validators=[NumberRange(1, 10, "播放次数须在 1 到 10 之间")])
    allow_seeking = BooleanField("允许拖动进度和调整语速",
                                 description="默认不允许:每次播放须从头听到尾")
    name_points = DecimalField("客户姓名每项分值", places=2, validators=POINTS)
    address_points = DecimalField("联系地址每项分值", places=2, validators=POINTS)
    phone_points = DecimalField("联系电话每项分值", places=2, validators=POINTS)
    postcode_points = DecimalField("邮政编码每项分值", places=2, validators=POINTS)
    email_points = DecimalField("电子邮箱每项分值", places=2, validators=POINTS)
    address_partial_credit = BooleanField("地址部分得分",
                                          description="地址不完全一致但相似度达到下限时给部分分")
    address_partial_threshold = DecimalField(
        "地址部分得分的相似度下限", places=2,
        validators=[NumberRange(0.5, 1, "相似度下限须在 0.5 到 1 之间")])
    address_partial_fraction = DecimalField(
        "地址部分得分占该项分值的比例", places=2,
        validators=[NumberRange(0, 1, "比例须在 0 到 1 之间")])
    accept_traditional = BooleanField("繁体字按简体字评判",
                                      description="默认不接受繁体字(标记后供评委查看)")
