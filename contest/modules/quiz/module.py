from ..base import ContestModule


class QuizModule(ContestModule):
    kind = "quiz"
    title = "知识测试"
    order = 10
    default_weight = 15
    default_duration_min = 30
    terminal_template = "quiz/terminal.html"
    judge_template = "quiz/judge.html"

    def prepare(self, settings, seed):
        return {}

    def item_keys(self, content):
        return []

    def clean_answer(self, view, item_key, value):
        return value

    def terminal_context(self, view):
        return {}

    def score(self, view):
        return []
