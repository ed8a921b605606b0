"""Customer reports (PDF, XLSX workbook, PPTX deck) built from a session and its sizing; no UI."""

from .deck import build_pptx
from .facts import report_file_name
from .pdf import build_pdf
from .xlsx import build_xlsx

__all__ = ["build_pdf", "build_pptx", "build_xlsx", "report_file_name"]
