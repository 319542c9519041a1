"""Article text and file names, escaped for the medium they are written to.

JSON needs nothing here (json.dumps escapes every string) and the HTML briefing is escaped by
Jinja2's autoescape; a terminal table, a CSV file, an XML file and a line on stderr each need
their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# C0 and C1 control characters (ESC starts an ANSI sequence, \x9b is one by itself), DEL, and
# the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In a table cell a tab is layout (Rich expands it); a line break is escaped, or "a\nb.txt"
# would read as one name folded over two lines.
TABLE_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold at all, not even as a character reference: C0 controls other
# than tab and line breaks, lone surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
LINE_LIMIT = 1000
LIST_LIMIT = 5


def _escaped(match: re.Match[str]) -> str:
    """A control character as its Python escape: \\x1b, \\n, \\u2028."""
    return repr(match.group())[1:-1]


def for_table(value: object) -> str:
    """A cell's text as written, with every control character but a tab escaped so that none
    reaches the terminal; None is an empty cell. Pass it to Rich as `Text`, never as a string, so
    that its brackets are not read as markup."""
    return "" if value is None else TABLE_CONTROL.sub(_escaped, str(value))


def for_csv(value: object) -> object:
    """A cell no spreadsheet runs as a formula: text starting with = + - @ TAB or CR gets a
    leading apostrophe, as OWASP advises, unless it is a plain number such as -0.5."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def for_xml(text: str) -> str:
    """text that an XML writer accepts: each character XML 1.0 cannot hold (ESC, NUL) as its
    Python escape, \\x1b; markup characters are the writer's to escape."""
    return NOT_XML.sub(_escaped, text)


def for_line(text: str, limit: int = LINE_LIMIT) -> str:
    """text as one line of at most `limit` characters and a note of the rest: control characters,
    line breaks included, escaped so that no text can forge a second line or drive the
    terminal."""
    line = CONTROL.sub(_escaped, text)
    if len(line) <= limit:
        return line
    return f"{line[:limit]}… ({len(line) - limit} more characters)"


def quoted(name: str) -> str:
    """A file name as written, or in quotes with Python's escapes when it holds a character that
    does not print (a newline, ESC, a non-breaking space): where the name ends is then plain."""
    return name if name.isprintable() else repr(name)


def shortened(items: Sequence[str], keep: int = LIST_LIMIT, sep: str = "; ") -> str:
    """The first `keep` items joined by `sep`, then '… and N more' for the rest."""
    shown = sep.join(items[:keep])
    return shown if len(items) <= keep else f"{shown} … and {len(items) - keep} more"
