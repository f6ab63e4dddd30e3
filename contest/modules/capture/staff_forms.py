"""Forms of the staff pages: the chief judge's key correction, the organizer's recording."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from .content import FIELDS

KEY_MAX = 200
ALTERNATIVES_MAX = 10


def _key(label: str) -> StringField:
    return StringField(label, validators=[DataRequired(f"请填写{label}"),
                                          Length(max=KEY_MAX, message=f"{label}过长")])


def _alternatives(label: str) -> TextAreaField:
    return TextAreaField(f"{label}的其他可接受写法(每行一种,可不填)",
                         validators=[Length(max=2000, message="备选写法过长")])


class KeyForm(FlaskForm):
    call = HiddenField(validators=[DataRequired("请选择来电")])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    #: Digest of the previewed correction; applying anything else is refused.
    previewed = HiddenField()
    name = _key("客户姓名")
    address = _key("联系地址")
    phone = _key("联系电话")
    postcode = _key("邮政编码")
    email = _key("电子邮箱")
    name_alternatives = _alternatives("客户姓名")
    address_alternatives = _alternatives("联系地址")
    phone_alternatives = _alternatives("联系电话")
    postcode_alternatives = _alternatives("邮政编码")
    email_alternatives = _alternatives("电子邮箱")
    reason = StringField("更正理由", validators=[DataRequired("请填写更正理由"),
                                             Length(max=500, message="理由最多 500 字")])

    def key(self) -> dict[str, str]:
        return {name: self[name].data.strip() for name in FIELDS}

    def alternatives(self) -> dict[str, list[str]]:
        found = {}
        for name in FIELDS:
            text = self[f"{name}_alternatives"].data or ""
            lines = [line.strip() for line in text.splitlines()]
            forms = list(dict.fromkeys(line for line in lines if line))
            if forms:
                found[name] = forms
        return found

    def fill(self, call_id: str, version: int, key: dict) -> None:
        self.call.data, self.version.data = call_id, version
        for name in FIELDS:
            self[name].data = key[name]
            self[f"{name}_alternatives"].data = "\n".join(
                key.get("alternatives", {}).get(name, ()))


class RecordingForm(FlaskForm):
    call = HiddenField(validators=[DataRequired("请选择来电")])
    recording = FileField("录音文件", validators=[
        FileRequired("请选择录音文件"),
        FileAllowed(["mp3", "ogg", "wav"], "只接受 mp3、ogg、wav 格式的录音")])

