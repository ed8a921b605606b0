"""Customer reports (XLSX workbook and PDF) built from a session and its sizing; no UI imports."""

from .facts import report_file_name
from .pdf import build_pdf
from .xlsx import build_xlsx

__all__ = ["build_pdf", "build_xlsx", "report_file_name"]
