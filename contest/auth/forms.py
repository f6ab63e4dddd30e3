from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length


class ContestantLoginForm(FlaskForm):
    contest_id = SelectField("比赛", coerce=int)
    exam_no = StringField("准考证号", validators=[DataRequired("请输入准考证号"), Length(max=32)])
    pin = PasswordField("登录密码", validators=[DataRequired("请输入登录密码"), Length(max=32)])


class StaffLoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=128)])
