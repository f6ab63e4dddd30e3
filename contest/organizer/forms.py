from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, DecimalField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp


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


class BankImportForm(FlaskForm):
    file = FileField("题库 Excel 文件", validators=[FileRequired("请选择文件")])
