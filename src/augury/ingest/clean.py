"""Remove scraper noise from article text, leaving every kept line exactly as it was.

The patterns live in noise.txt next to this module; the rules that tie them together:

- [head] patterns drop menu crumbs above the headline, [drop] patterns drop a line anywhere, and
  a [tail] pattern drops its line and everything after it (a comment form).
- A line is a photo caption when a [caption] pattern matches it (it names an agency, "Photo:",
  "Credit:", "via Getty Images"), or when it has at least four words and occurs more than once
  (scrapers repeat captions; articles do not repeat sentences). A short line (six words or fewer)
  that does not end a clause and sits directly above or below a caption, with no blank line
  between, is part of that caption (a lone "AP" under one). Bylines ("By ...") never are.
- Trailing junk: a last line of three words or fewer that does not end a clause, after a line that
  ends a sentence ("Route 6" after "... concludes Ignatov.").
- Markdown link stubs keep their words: "[welcomed](#)" becomes "welcomed".
- Blank lines after a dropped block go with it when the block starts a paragraph, and blank lines
  before a dropped end go too; nothing else changes: no stripping, no newline normalisation, no
  reflowing. A text with no noise comes back unchanged, so offsets point into the file itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NOISE_FILE = Path(__file__).with_name("noise.txt")
SECTIONS = ("head", "drop", "caption", "tail")
CAPTION_FRAGMENT_WORDS = 6
TRAILING_JUNK_WORDS = 3
REPEATED_MIN_WORDS = 4

LINK_STUB = re.compile(r"\[([^\[\]\n]+)\]\((?:#|https?://[^()\s]*)\)")
ENDS_CLAUSE = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
BYLINE_START = re.compile(r"by\s", re.IGNORECASE)
ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")

Patterns = tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class NoiseRules:
    """The compiled patterns of noise.txt, one tuple per section."""

    head: Patterns
    drop: Patterns
    caption: Patterns
    tail: Patterns


def parse_rules(source: str) -> NoiseRules:
    """Compile the text of a noise file: regexes grouped under [head], [drop], [caption], [tail]."""
    sections: dict[str, list[re.Pattern[str]]] = {name: [] for name in SECTIONS}
    current: str | None = None
    for number, raw in enumerate(source.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line[0] == "[" and line[-1] == "]" and line[1:-1] in sections:
            current = line[1:-1]
        elif current is None:
            raise ValueError(f"noise file line {number}: pattern before any [section]")
        else:
            sections[current].append(re.compile(line))
    return NoiseRules(**{name: tuple(patterns) for name, patterns in sections.items()})


@cache
def default_rules() -> NoiseRules:
    """The rules shipped in noise.txt."""
    return parse_rules(NOISE_FILE.read_text(encoding="utf-8"))


def matches(line: str, patterns: Patterns) -> bool:
    """True when any pattern is found in line."""
    return any(pattern.search(line) for pattern in patterns)


def is_fragment(line: str, max_words: int) -> bool:
    """A non-blank line of at most max_words words that does not end a clause."""
    return 0 < len(line.split()) <= max_words and not ENDS_CLAUSE.search(line)


def tail_start(lines: Sequence[str], rules: NoiseRules) -> int:
    """Index of the first line that starts trailing boilerplate, or len(lines)."""
    return next((i for i, line in enumerate(lines) if matches(line, rules.tail)), len(lines))


def head_crumbs(lines: Sequence[str], rules: NoiseRules) -> set[int]:
    """Indices of the menu crumbs above the headline."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not line:
            continue
        if not matches(line, rules.head):
            break
        found.add(i)
    return found


def caption_lines(lines: Sequence[str], rules: NoiseRules) -> set[int]:
    """Indices of photo captions and credits, with the short fragments right next to them."""
    counts = Counter(line for line in lines if len(line.split()) >= REPEATED_MIN_WORDS)
    found = {i for i, line in enumerate(lines) if counts[line] > 1 or matches(line, rules.caption)}
    frontier = sorted(found)
    while frontier:
        i = frontier.pop()
        for j in (i - 1, i + 1):
            if j in found or not 0 <= j < len(lines):
                continue
            if is_fragment(lines[j], CAPTION_FRAGMENT_WORDS) and not BYLINE_START.match(lines[j]):
                found.add(j)
                frontier.append(j)
    return found


def trailing_junk(lines: Sequence[str], dropped: set[int]) -> int | None:
    """Index of a short fragment left after the article's last sentence, if there is one."""
    kept = [i for i, line in enumerate(lines) if line and i not in dropped]
    if len(kept) < 2 or not ENDS_SENTENCE.search(lines[kept[-2]]):
        return None
    return kept[-1] if is_fragment(lines[kept[-1]], TRAILING_JUNK_WORDS) else None


def with_gaps(lines: Sequence[str], dropped: set[int]) -> set[int]:
    """dropped plus the blank lines that would be left as a hole where dropped blocks stood."""
    out = set(dropped)
    after_blank = True
    for i, line in enumerate(lines):
        if i not in out:
            after_blank = not line
        elif line and after_blank:
            j = i + 1
            while j < len(lines) and not lines[j]:
                out.add(j)
                j += 1
    end = len(lines) - 1
    if end in out:
        while end >= 0 and (end in out or not lines[end]):
            out.add(end)
            end -= 1
    return out


def noise_lines(lines: Sequence[str], rules: NoiseRules) -> set[int]:
    """Indices of the lines (each stripped of surrounding whitespace) that are noise."""
    end = tail_start(lines, rules)
    body = lines[:end]
    dropped = set(range(end, len(lines))) | head_crumbs(body, rules) | caption_lines(body, rules)
    dropped |= {i for i, line in enumerate(body) if matches(line, rules.drop)}
    junk = trailing_junk(lines, dropped)
    if junk is not None:
        dropped.add(junk)
    return with_gaps(lines, dropped)


def strip_link_stubs(text: str) -> str:
    """Markdown links reduced to their words: "[welcomed](#)" becomes "welcomed"."""
    return LINK_STUB.sub(r"\1", text)


def clean_text(text: str, rules: NoiseRules | None = None) -> str:
    """text without scraper noise; equal to text when there is none."""
    lines = text.splitlines(keepends=True)
    dropped = noise_lines([line.strip() for line in lines], rules or default_rules())
    kept = "".join(line for i, line in enumerate(lines) if i not in dropped) if dropped else text
    return strip_link_stubs(kept)
