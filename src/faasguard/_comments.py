"""Comments in source text, found without parsing the document again.

Suppression markers live in comments, and only real comments count: a
``#`` inside a quoted string (``"a#b"``, ``'x # y'``) or inside a block
scalar (a ``|`` or ``>`` literal, such as inline function code) is data.
:func:`yaml_comments` is a small YAML lexer that knows exactly that much:
quoted scalars (also over several lines), plain scalars (``a#b`` has no
comment; ``a #b`` has), block scalars (their content is every following
line indented deeper than the key that owns them) and flow collections.

Each language has its own lexer returning the same :class:`Comment`
values; the marker grammar (:mod:`faasguard.suppress`) reads only the
comment text, so an HCL lexer (``#``, ``//`` and ``/* */`` comments,
strings and heredocs) can be added here and reuse it unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Comment", "next_code_line", "yaml_comments"]


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment: its 1-based line, its text after the comment sign, and whether it stands alone."""

    line: int
    text: str
    own_line: bool  # nothing but whitespace before it on its line
    next_code: int = 0  # for a comment on its own line: the next line holding code (0: none)


_BLOCK_INDICATOR = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?(?=\s|$)")
_PLAIN_END_FLOW = frozenset(",[]{}")


class _YamlLexer:
    """State carried from line to line: an open quoted scalar, a block scalar, flow depth."""

    def __init__(self) -> None:
        self.quote = ""  # the quote character of a scalar continued on the next line
        self.block_owner = -2  # column of the key owning an open block scalar (-2: none)
        self.flow = 0
        self.comments: list[Comment] = []
        self.code_lines: list[int] = []

    def _quoted(self, line: str, i: int, quote: str) -> int:
        """Index after the closing quote from ``i`` (inside the scalar), or -1 when it goes on."""
        while i < len(line):
            c = line[i]
            if quote == '"' and c == "\\":
                i += 2
                continue
            if c == quote:
                if quote == "'" and line[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return -1

    def _plain(self, line: str, i: int) -> tuple[int, bool]:
        """End of a plain scalar starting at ``i``, and whether it ends as a mapping key."""
        while i < len(line):
            c = line[i]
            if c == ":" and (i + 1 == len(line) or line[i + 1] in " \t"):
                return i + 1, True
            if c in " \t" and line[i + 1 : i + 2] == "#":
                return i, False
            if self.flow and c in _PLAIN_END_FLOW:
                return i, False
            i += 1
        return i, False

    def feed(self, number: int, line: str) -> None:
        """Lex one line (without its newline)."""
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if self.block_owner > -2:
            if not stripped or indent > self.block_owner:
                self.code_lines.append(number)
                return
            self.block_owner = -2
        i = 0
        had_code = False
        if self.quote:
            end = self._quoted(line, 0, self.quote)
            had_code = True
            if end < 0:
                self.code_lines.append(number)
                return
            self.quote = ""
            i = end
        elif indent == 0 and (line.startswith("%") or re.match(r"(---|\.\.\.)(\s|$)", line)):
            if line.startswith("%"):
                return
            i, had_code = 3, True
        key_col = dash_col = last_start = -1
        while i < len(line):
            c = line[i]
            if c in " \t":
                i += 1
                continue
            if c == "#" and (i == 0 or line[i - 1] in " \t"):
                self.comments.append(Comment(number, line[i + 1 :].strip(), own_line=not had_code))
                break
            had_code = True
            nxt = line[i + 1 : i + 2]
            if c in "\"'":
                end = self._quoted(line, i + 1, c)
                if end < 0:
                    self.quote = c
                    break
                last_start, i = i, end
            elif c in "-?:" and nxt in ("", " ", "\t"):
                if c == "-":
                    dash_col = i
                elif c == ":" and last_start >= 0:  # the end of a quoted key
                    key_col = last_start
                i += 1
            elif c in "[{":
                self.flow += 1
                i += 1
            elif c in "]}":
                self.flow = max(0, self.flow - 1)
                i += 1
            elif c == "," and self.flow:
                i += 1
            elif c in "!&*":  # tag, anchor, alias: one token
                while i < len(line) and line[i] not in " \t":
                    i += 1
            elif c in "|>" and not self.flow and _BLOCK_INDICATOR.match(line, i):
                match = _BLOCK_INDICATOR.match(line, i)
                assert match is not None
                i = match.end()
                self.block_owner = key_col if key_col >= 0 else dash_col if dash_col >= 0 else indent - 1
            else:
                start = i
                i, is_key = self._plain(line, i)
                if is_key:
                    key_col = start
        if had_code:
            self.code_lines.append(number)


def yaml_comments(text: str) -> list[Comment]:
    """Every comment of a YAML document, in line order, each knowing the next line of code."""
    lexer = _YamlLexer()
    for number, line in enumerate(text.splitlines(), start=1):
        lexer.feed(number, line)
    return [
        Comment(c.line, c.text, c.own_line, next_code_line(lexer.code_lines, c.line) if c.own_line else 0)
        for c in lexer.comments
    ]


def next_code_line(code_lines: list[int], line: int) -> int:
    """The first line after ``line`` in the sorted ``code_lines`` (0 when there is none)."""
    import bisect

    index = bisect.bisect_right(code_lines, line)
    return code_lines[index] if index < len(code_lines) else 0
