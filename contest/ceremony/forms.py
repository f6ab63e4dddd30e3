from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


class AppealForm(FlaskForm):
    session_id = SelectField("模块", coerce=int)
    seat_no = StringField("赛位号", validators=[DataRequired("请填写赛位号"), Length(max=16)])
    filed_by = StringField("申诉人(姓名、身份)",
                           validators=[DataRequired("请填写申诉人"), Length(max=120)])
    reason = TextAreaField("申诉理由", validators=[DataRequired("请填写申诉理由"),
                                                  Length(max=2000)])


class DecisionForm(FlaskForm):
    outcome = SelectField("仲裁结果", choices=[SelectChoice("upheld", "支持申诉(需改分)"),
                                              SelectChoice("rejected", "驳回申诉")])
    decision = TextAreaField("仲裁意见", validators=[DataRequired("请填写仲裁意见"),
                                                    Length(max=2000)])
