"""The Dell LiveOptics readers: the `.xlsx` workbook and the portal `.csv`."""

from .csvfile import looks_like_liveoptics_csv, read_liveoptics_csv
from .workbook import is_liveoptics, read_liveoptics

__all__ = ["is_liveoptics", "looks_like_liveoptics_csv", "read_liveoptics", "read_liveoptics_csv"]
