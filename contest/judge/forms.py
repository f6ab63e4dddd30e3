from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Length


class OverrideForm(FlaskForm):
    item_key = HiddenField(validators=[DataRequired()])
    #: Set when the change follows an upheld appeal (required once the module is locked).
    appeal_id = HiddenField()
    points = DecimalField("改为(分)", places=2, validators=[InputRequired("请填写分值")])
    reason = StringField("理由", validators=[DataRequired("请填写改分理由"), Length(max=500)])
