from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Length


class OverrideForm(FlaskForm):
    item_key = HiddenField(validators=[DataRequired()])
    points = DecimalField("改为(分)", places=2, validators=[InputRequired("请填写分值")])
    reason = StringField("理由", validators=[DataRequired("请填写改分理由"), Length(max=500)])
