"""Every fatal problem StorePredict reports, as one exception tree.

Messages say what is wrong and what to do; the UI and the CLI show them verbatim.

    StorePredictError
    ├── InputError                    a file we cannot turn into an inventory
    │   ├── EmptyFileError            zero bytes, or a sheet/CSV without data rows
    │   ├── FileTooLargeError         over the configured upload limit
    │   ├── UnknownFormatError        not an RVTools or LiveOptics export (names what was found)
    │   ├── LegacyExcelError          .xls (BIFF) workbook: re-save as .xlsx
    │   ├── CorruptWorkbookError      damaged or password-protected workbook
    │   ├── MissingColumnsError       required columns absent (names them)
    │   ├── UnsafeZipError            zip bomb, unsafe entry names, too many entries
    │   ├── EmptyZipError             zip with no usable export inside
    │   └── NoMatchError              a newer export shares no VM with the session it updates
    ├── SettingsError                 a sizing setting out of range or unknown (names the key)
    ├── SessionArchiveError           a session archive that cannot be restored
    └── LogoError                     a project logo that is not a small PNG or JPEG image
"""

from __future__ import annotations


class StorePredictError(Exception):
    """Root of every error StorePredict raises on purpose; its message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(StorePredictError):
    """An uploaded file cannot be turned into an inventory."""


class EmptyFileError(InputError):
    """The file has no bytes or no data rows."""


class FileTooLargeError(InputError):
    """The file exceeds the configured upload size limit."""


class UnknownFormatError(InputError):
    """The content is not an export StorePredict knows."""


class LegacyExcelError(InputError):
    """A legacy binary .xls workbook."""


class CorruptWorkbookError(InputError):
    """A damaged, truncated or password-protected workbook."""


class MissingColumnsError(InputError):
    """Required columns are missing from a sheet."""


class UnsafeZipError(InputError):
    """A zip archive that breaks the safety limits (size, ratio, entry names, entry count)."""


class EmptyZipError(InputError):
    """A zip archive with no usable export inside."""


class NoMatchError(InputError):
    """A newer export shares no VM with the session it should update: probably another estate."""


class SettingsError(StorePredictError):
    """A sizing setting is unknown or out of range."""


class SessionArchiveError(StorePredictError):
    """A session archive that cannot be restored."""


class LogoError(StorePredictError):
    """A project logo that is not a small PNG or JPEG image."""
