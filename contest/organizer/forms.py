from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, DecimalField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (DataRequired, Length, NumberRange, Optional, Regexp,
                                ValidationError)


class ContestForm(FlaskForm):
    name = StringField("比赛名称", validators=[DataRequired("请填写比赛名称"), Length(max=120)])
    held_on = DateField("比赛日期", validators=[Optional()])
    venue = StringField("赛点", validators=[Length(max=120)])


class ContestantForm(FlaskForm):
    exam_no = StringField("准考证号", validators=[DataRequired("请填写准考证号"), Length(max=32)])
    name = StringField("姓名", validators=[DataRequired("请填写姓名"), Length(max=64)])
    school = StringField("学校", validators=[Length(max=120)])
    pin = StringField("登录密码(6 位数字)", validators=[
        DataRequired("请填写登录密码"), Regexp(r"^\d{6}$", message="登录密码须为 6 位数字")])


class SeatForm(FlaskForm):
    seat_no = StringField("赛位号", validators=[DataRequired("请填写赛位号"), Length(max=16)])


class ReasonForm(FlaskForm):
    reason = StringField("原因", validators=[DataRequired("必须填写原因"), Length(max=200)])


class CreditForm(ReasonForm):
    minutes = DecimalField("补时(分钟)", places=1,
                           validators=[NumberRange(0.1, 120, "补时须在 0.1 到 120 分钟之间")])


class ActionForm(FlaskForm):
    """A button that only needs CSRF protection."""

    confirm = HiddenField(default="1")


#: Countdowns the organizer can pick for a synchronised start, in seconds.
COUNTDOWN_CHOICES = (0, 10, 30, 60)


def _whole_seconds(value: object) -> int:
    """The chosen countdown; -1 (refused by the form) for anything not a whole number."""
    try:
        return int(str(value))
    except ValueError:
        return -1


class StartForm(ActionForm):
    """The start button with its countdown (seconds; the instance's default preselected)."""

    countdown = SelectField("开考倒计时", coerce=_whole_seconds, validate_choice=False)

    def __init__(self, default_s: int, *args, **kwargs) -> None:
        super().__init__(*args, countdown=default_s, **kwargs)
        self.countdown.choices = [(seconds, f"{seconds} 秒" if seconds else "立即开考")
                                  for seconds in sorted({*COUNTDOWN_CHOICES, default_s})]

    def validate_countdown(self, field: SelectField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("请从列表中选择开考倒计时")


class BankImportForm(FlaskForm):
    file = FileField("题库 Excel 文件", validators=[FileRequired("请选择文件")])


class RosterImportForm(FlaskForm):
    file = FileField("选手名单 Excel", validators=[FileRequired("请选择文件")])


class DrawForm(FlaskForm):
    public_input = StringField("现场公开数字(可选,由监督员或选手代表现场报出)",
                               validators=[Length(max=200)])


class BroadcastForm(FlaskForm):
    message = StringField("通知内容", validators=[DataRequired("请填写通知内容"), Length(max=500)])


class ContestSettingsForm(FlaskForm):
    ranking_compare = SelectField("排名比较", choices=[
        SelectChoice("rounded", "按公布的两位小数总分比较(相同则按并列规则)"),
        SelectChoice("exact", "按未舍入的总分比较")])
    first_ratio = DecimalField("一等奖比例(%)", places=1, validators=[NumberRange(0, 100)])
    second_ratio = DecimalField("二等奖比例(%)", places=1, validators=[NumberRange(0, 100)])
    third_ratio = DecimalField("三等奖比例(%)", places=1, validators=[NumberRange(0, 100)])
    speed_tie_break = BooleanField(
        "总分及各模块成绩均相同时,先比听打录入速度(每分钟正确字数),再比交卷时间")
    award_rounding = SelectField("名额取整", choices=[
        SelectChoice("half_up", "四舍五入(按累计比例)"), SelectChoice("floor", "向下取整"),
        SelectChoice("ceil", "向上取整"), SelectChoice("half_even", "银行家舍入")])
    award_boundary_ties = SelectField("并列跨越获奖线", choices=[
        SelectChoice("higher", "并列者均获较高奖项"), SelectChoice("lower", "并列者均获较低奖项")])
    award_minimum_total = DecimalField("获奖最低总分(可空)", places=2, validators=[Optional()])
    override_countersign = BooleanField("评委改分须裁判长签认后生效")
    appeal_window_hours = DecimalField("申诉时限(场次结束后小时数,0 为不限)", places=1,
                                       validators=[NumberRange(0, 72)])
