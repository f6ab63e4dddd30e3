"""听打录入: recorded calls played a limited number of times, five fields typed per call,
scored per field by ``scoring.capture``."""
from .module import CaptureModule

__all__ = ["CaptureModule"]
