"""Reading manifest files as text, and cheap line look-ups for formats whose parsers give none.

Reading never raises: a file too large, binary, or in the wrong encoding
becomes a one-line problem, and whatever text can still be recovered is
parsed (a Latin-1 comment should not hide the packages around it).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Source",
    "decode",
    "json_key_lines",
    "line_of",
    "load_json",
    "mask_url",
    "quote",
    "read_source",
    "table_lines",
]

#: Largest manifest read; real lockfiles of big monorepos reach tens of MiB, so 64 MiB leaves room.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Enough to tell text from binary, as `file` does.
_PROBE = 8192

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """The text of a file (``None`` when nothing usable could be read) and what went wrong."""

    text: str | None
    problems: tuple[tuple[int, str], ...] = ()


def _mib(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB"


def _utf16_without_bom(head: bytes) -> str | None:
    # ASCII-heavy UTF-16 has a NUL in every other byte; real binaries rarely do.
    if len(head) < 8:
        return None
    half = len(head) // 2
    if head[1::2].count(0) >= 0.9 * half and head[0::2].count(0) == 0:
        return "utf-16-le"
    if head[0::2].count(0) >= 0.9 * half and head[1::2].count(0) == 0:
        return "utf-16-be"
    return None


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *, utf16_ok: bool = False) -> Source:
    """The text of ``path`` with the problems met while reading it.

    The size is checked before reading, so an oversized file costs nothing.
    UTF-16/32 files with a byte order mark are decoded (``utf16_ok`` says the
    format's own tool accepts them too, so no problem is reported); invalid
    UTF-8 is decoded with replacement characters and reported at its line.
    """
    try:
        info = path.stat()
    except OSError as exc:
        return Source(None, ((0, f"cannot read file: {exc.strerror or exc}"),))
    if stat.S_ISDIR(info.st_mode):
        return Source(None, ((0, "is a directory, not a file"),))
    too_large = f"file is too large ({_mib(info.st_size)}, limit {_mib(max_bytes)}); not read"
    if info.st_size > max_bytes:
        return Source(None, ((0, too_large),))
    try:
        with path.open("rb") as handle:
            # Bounded even after stat: the file may grow, and /proc-like files report size 0.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Source(None, ((0, f"cannot read file: {exc.strerror or exc}"),))
    if len(data) > max_bytes:
        return Source(None, ((0, too_large),))
    return decode(data, utf16_ok=utf16_ok)


def decode(data: bytes, *, utf16_ok: bool = False) -> Source:
    """Text from raw bytes; see :func:`read_source`."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            notes = () if utf16_ok else ((1, f"{name} encoded; read anyway, but the tool expects UTF-8"),)
            return Source(text, notes)
    head = data[:_PROBE]
    if b"\x00" in head:
        codec16 = _utf16_without_bom(head)
        if codec16 is None:
            return Source(None, ((0, "binary file, not a manifest or lockfile"),))
        text = data.decode(codec16, errors="replace")
        return Source(text, ((1, "UTF-16 encoded without a byte order mark; read anyway, expected UTF-8"),))
    try:
        return Source(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}, probably Latin-1); "
            "read with replacement characters, save the file as UTF-8"
        )
        return Source(data.decode("utf-8", errors="replace"), ((line, message),))


def quote(text: str, limit: int = 60) -> str:
    """``text`` on one line, shortened and with URL credentials masked, for a problem message."""
    text = mask_url(" ".join(text.split()))
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# Userinfo in a URL (`https://user:token@host/`) is a credential more often than not.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/@\s]+)@")


def mask_url(text: str) -> str:
    """``text`` with URL credentials masked; the conventional ``git@`` user stays readable."""

    def repl(match: re.Match[str]) -> str:
        user = match.group("user")
        return match.group(0) if user == "git" else f"{match.group('scheme')}***@"

    return _USERINFO.sub(repl, text) if "@" in text else text


def line_of(text: str, offset: int) -> int:
    """The 1-based line of character ``offset``."""
    return text.count("\n", 0, offset) + 1


# A JSON key at the start of a line, as every pretty-printer writes them; group 3 marks an object value.
# Anchored on the newline rather than `^`: the regex engine then skips most text much faster.
_JSON_KEY = re.compile(r'\n([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*(\{)?')
# Only keys whose value is an object: nesting is known from those alone, and most lines are skipped.
_JSON_OBJECT_KEY = re.compile(r'\n([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*(\{)')


def json_key_lines(
    text: str, keep: Callable[[tuple[str, ...]], bool], *, objects_only: bool = True
) -> dict[tuple[str, ...], int]:
    """Line of each key path of a pretty-printed JSON document, in one regex pass.

    Nesting is inferred from indentation, which is how every JSON writer of
    lockfiles lays them out; this costs a fraction of a second where walking a
    position-aware parse would cost many.  ``keep`` filters the paths worth
    storing; with ``objects_only`` only keys whose value is an object are
    considered.  Minified JSON yields no lines (callers fall back to line 1).
    """
    lines: dict[tuple[str, ...], int] = {}
    indents: list[int] = []
    keys: list[str] = []
    pos = 0
    line = 2  # every match starts at a newline, so its key is on the next line
    for match in (_JSON_OBJECT_KEY if objects_only else _JSON_KEY).finditer(text):
        start = match.start()
        line += text.count("\n", pos, start)
        pos = start
        indent = len(match.group(1))
        while indents and indents[-1] >= indent:
            indents.pop()
            keys.pop()
        key = match.group(2)
        if "\\" in key:
            with contextlib.suppress(ValueError):
                key = json.loads(f'"{key}"')
        path = (*keys, key)
        if path not in lines and keep(path):
            lines[path] = line
        if match.group(3) is not None:
            indents.append(indent)
            keys.append(key)
    return lines


def table_lines(text: str, header: str) -> list[int]:
    """Lines of every ``header`` line (e.g. ``[[package]]``), in order."""
    pattern = re.compile(r"^[ \t]*" + re.escape(header) + r"[ \t]*(?:#.*)?$", re.MULTILINE)
    result: list[int] = []
    pos = 0
    line = 1
    for match in pattern.finditer(text):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        result.append(line)
    return result


def load_json(text: str, what: str) -> tuple[object, tuple[int, str] | None]:
    """The parsed JSON document, or ``None`` and a ``(line, message)`` problem (``what`` names the format)."""
    if not text.strip():
        return None, (1, f"empty file, expected a {what} JSON document")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, (exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return None, (0, "invalid JSON: nested too deeply")
