"""The voice session's settings: which cards, 复述 or not, takes, lengths, plays, judging."""
from wtforms import BooleanField, DecimalField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange

from question_bank.scenario_cards import ScenarioBankError, load_cards
from question_bank.scenario_model import Direction
from scoring.voice import RedLineRule

from ..base import SessionForm

RED_LINE_LABELS = {RedLineRule.ANY_JUDGE: "任一评委标记红线即计 0 分",
                   RedLineRule.MAJORITY: "过半数评委标记红线才计 0 分"}


def card_choices(direction: Direction) -> list[SelectChoice]:
    try:
        cards = load_cards()
    except ScenarioBankError:
        return []
    return [SelectChoice(card.id, f"{card.title}({card.kind.label},{card.id})")
            for card in cards if card.direction is direction]


class VoiceSettingsForm(SessionForm):
    inbound_card = SelectField("呼入情景卡片")
    outbound_card = SelectField("呼出情景卡片")
    include_repeat = BooleanField("包含复述录音",
                                  description="选手先听题目录音(限定播放次数),再复述录音")
    retakes = IntegerField("每段录音可重录次数", description="以最后一次提交的录音为准",
                           validators=[NumberRange(0, 10, "重录次数须在 0 到 10 之间")])
    max_seconds = IntegerField("每段录音最长(秒)",
                               validators=[NumberRange(30, 900, "最长时长须在 30 到 900 秒之间")])
    min_seconds = IntegerField("短于此秒数的录音提示裁判长(秒)",
                               validators=[NumberRange(0, 300, "须在 0 到 300 秒之间")])
    prompt_plays = IntegerField("复述题目录音可播放次数",
                                validators=[NumberRange(1, 10, "播放次数须在 1 到 10 之间")])
    judges_per_recording = IntegerField(
        "每段录音的评委人数", validators=[NumberRange(1, 15, "评委人数须在 1 到 15 之间")])
    spread_alert_ratio = DecimalField(
        "评委总分极差提示比例", places=2, description="极差超过满分的这一比例时提示裁判长复评",
        validators=[NumberRange(0.01, 1, "比例须在 0.01 到 1 之间")])
    red_line_rule = SelectField("红线规则",
                                choices=[SelectChoice(rule.value, label)
                                         for rule, label in RED_LINE_LABELS.items()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Choices are read when the form is made, so a card added to the bank shows at once.
        self.inbound_card.choices = card_choices(Direction.INBOUND)
        self.outbound_card.choices = card_choices(Direction.OUTBOUND)
