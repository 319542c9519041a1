"""Bytes to text: by byte-order mark, a declared charset, UTF-8, else cp1252/latin-1 when sure.

cp1252/latin-1 is used only when charset-normalizer finds it a clean fit. Anything else is an
IngestError rather than a guess: a known binary format by its content (PDF, image, archive:
`filetype`), binary data (NUL bytes, control characters), UTF-8 that is corrupt or mixed with
another encoding, or text in an encoding other than these.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import filetype
from charset_normalizer import from_bytes

from augury.errors import IngestError

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACKS = ["cp1252", "latin_1"]
MAX_CONTROL_RATIO = 0.01

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def bom_encoding(data: bytes) -> str | None:
    """The codec named by the byte-order mark that data starts with, if any."""
    return next((codec for bom, codec in BOMS if data.startswith(bom)), None)


def looks_like_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form UTF-8 sequences: broken UTF-8, not a legacy codepage."""
    high = len(_HIGH_BYTE.findall(data))
    in_sequences = sum(len(seq) for seq in _UTF8_SEQUENCE.findall(data))
    return high > 0 and in_sequences * 2 >= high


def looks_binary(text: str) -> bool:
    """True when text has NUL or more than 1% control characters other than whitespace."""
    if "\x00" in text:
        return True
    controls = sum(
        1 for char in text if char not in "\t\n\r\f\v" and unicodedata.category(char) == "Cc"
    )
    return controls > MAX_CONTROL_RATIO * len(text)


def decode_legacy(data: bytes) -> str | None:
    """data as cp1252 or latin-1, only when charset-normalizer finds one of them a clean fit."""
    match = from_bytes(data, cp_isolation=FALLBACKS).best()
    return None if match is None else str(match)


def decode_declared(data: bytes, charset: str | None) -> str | None:
    """data in the charset a document declares for itself, None when that does not decode it."""
    if charset is None or b"\x00" in data:
        return None
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def decode_marked(data: bytes, codec: str, source: str) -> str:
    """data in the codec its byte-order mark names."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise IngestError(source, f"invalid {codec.upper()} at byte {err.start}") from err


def decode_unmarked(data: bytes, source: str) -> str:
    """data without a byte-order mark: UTF-8, else cp1252/latin-1 when that is a clean fit."""
    if b"\x00" in data:
        raise IngestError(source, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if looks_like_utf8(data):
            raise IngestError(source, f"invalid UTF-8 at byte {err.start}") from err
        legacy = decode_legacy(data)
        if legacy is None:
            reason = "cannot decode: not UTF-8, UTF-16 or cp1252/latin-1 text"
            raise IngestError(source, reason) from err
        return legacy


def refuse_non_text(data: bytes, source: str) -> None:
    """IngestError for a file whose content is a known binary format (a PDF, an image, an
    archive) whatever its name: "report.txt" that is a PDF must not be stored as a text."""
    kind = filetype.guess(data[:8192])
    if kind is not None:
        raise IngestError(source, f"not a text: its content is {kind.mime} (.{kind.extension})")


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """A file's bytes as text (declared: the charset the file names), or IngestError why not."""
    refuse_non_text(data, source)
    codec = bom_encoding(data)
    if codec is not None:
        text = decode_marked(data, codec, source)
    else:
        text = decode_declared(data, declared) or decode_unmarked(data, source)
    if looks_binary(text):
        raise IngestError(source, "binary file (control characters)")
    return text
