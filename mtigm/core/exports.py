"""Text leaving the platform in spreadsheets, CSV files and XML documents (ODT).

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
common spreadsheets (CSV injection): it is quoted. Control characters pasted from word processors
(a vertical tab, say) are not allowed in a workbook or in XML 1.0: openpyxl refuses the whole file
and an office suite refuses to open the document, so they are dropped.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 allows tab, line feed and carriage return among the C0 controls; workbooks are XML.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold."""
    return CONTROL_CHARACTERS.sub("", value)


def spreadsheet_text(value: Any) -> Any:
    """A value for a spreadsheet cell or a CSV field: texts made safe, other values as they are."""
    if not isinstance(value, str):
        return value
    value = xml_text(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
