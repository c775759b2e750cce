"""Is an uploaded file CSV text? Workbooks, binaries and unknown encodings are refused clearly.

Accepted: UTF-8 (with or without the byte-order mark Excel writes for "CSV UTF-8"),
UTF-16 with a byte-order mark (Excel's "Unicode text"), and Windows-1252, which Excel on
Swedish and Finnish Windows writes for plain "CSV". Anything with control characters
after decoding is binary, not text.
"""

from __future__ import annotations

import codecs
import re

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from mentoring.errors import ValidationError

#: Types browsers send for a .csv file (Windows with Excel says vnd.ms-excel, some send none).
CSV_TYPES = frozenset(
    {
        "",
        "text/csv",
        "text/plain",
        "text/comma-separated-values",
        "text/x-csv",
        "application/csv",
        "application/x-csv",
        "application/vnd.ms-excel",
        "application/octet-stream",
    }
)
#: Control characters other than tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _workbook_hint() -> str:
    return _("In Excel or LibreOffice choose Save as and the type “CSV UTF-8”, then upload that.")


def _signature_problem(raw: bytes) -> str | None:
    if raw.startswith(b"PK\x03\x04"):
        return _("This is a spreadsheet workbook (.xlsx or .ods), not a CSV file.")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return _("This is an old Excel workbook (.xls), not a CSV file.")
    if raw.startswith(b"%PDF"):
        return _("This is a PDF document, not a CSV file.")
    return None


def decode_csv(raw: bytes) -> str:
    """Return the file's text, or raise ``ValidationError`` saying what the file is instead."""
    problem = _signature_problem(raw)
    if problem is not None:
        raise ValidationError(f"{problem} {_workbook_hint()}", field="file")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text):
            break
        return text
    raise ValidationError(
        _("The file is not text (it has binary data or an unknown encoding).")
        + " "
        + _workbook_hint(),
        field="file",
    )


def check_declared_type(mimetype: str) -> None:
    """Refuse a file the browser itself says is something else (an image, a PDF, a workbook)."""
    if mimetype.lower() not in CSV_TYPES:
        raise ValidationError(
            _("The file is of type %(type)s, not CSV.", type=mimetype) + " " + _workbook_hint(),
            field="file",
        )


def read_upload(upload: FileStorage) -> bytes:
    """Return an uploaded file's bytes if it is CSV text; otherwise say what it is instead."""
    check_declared_type(upload.mimetype or "")
    raw = upload.read()
    decode_csv(raw)
    return raw
