"""知识测试: a paper drawn from the question bank, shuffled per seat, machine-scored."""
from .module import QuizModule

__all__ = ["QuizModule"]
