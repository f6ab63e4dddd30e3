"""知识测试: placeholder until the bank's API lands."""
from .module import QuizModule

__all__ = ["QuizModule"]
