"""The quiz session's settings: how many questions of each type, their points, the policy."""
from wtforms import BooleanField, DecimalField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange

from scoring.quiz import PartialCreditPolicy

from ..base import SessionForm

COUNT = [NumberRange(0, 300, "题量须在 0 到 300 之间")]
POINTS = [NumberRange(0.5, 20, "每题分值须在 0.5 到 20 之间")]


class QuizSettingsForm(SessionForm):
    single_count = IntegerField("单选题数量", validators=COUNT)
    single_points = DecimalField("单选每题分值", places=1, validators=POINTS)
    multiple_count = IntegerField("不定项选择题数量", validators=COUNT)
    multiple_points = DecimalField("不定项每题分值", places=1, validators=POINTS)
    judge_count = IntegerField("判断题数量", validators=COUNT)
    judge_points = DecimalField("判断每题分值", places=1, validators=POINTS)
    spread_topics = BooleanField("各知识点均衡抽题",
                                 description="勾选后每种题型的题量平均分配到题库的全部知识点")
    policy = SelectField("不定项评分办法",
                         choices=[SelectChoice(p.value, p.label) for p in PartialCreditPolicy])
