"""报表制作: a task statement, its raw data to download, an Excel workbook and a Word report
uploaded and checked item by item; the analysis prose is marked by judges."""
from .module import ReportModule

__all__ = ["ReportModule"]
