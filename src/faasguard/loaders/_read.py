"""Reading template files as text, refusing what cannot be a template.

Every refusal is an :class:`~faasguard.errors.InputError` with a one-line
message, so a broken file becomes a reported error instead of a crash or a
multi-gigabyte parse.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from faasguard.errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "read_text", "sniff"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Enough to tell text from binary: editors and `file` look at a similar head.
_BINARY_PROBE = 8192

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_FOREIGN_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _os_message(exc: OSError) -> str:
    # str(OSError) repeats the path, which the caller already shows.
    return f"cannot read file: {exc.strerror or exc}"


def _size(count: int) -> str:
    return f"{count:,} bytes ({count / (1024 * 1024):.1f} MiB)"


def _too_large(display: str, size: int | None, max_bytes: int) -> InputError:
    what = _size(size) if size is not None else "it grew while being read"
    return InputError(
        display,
        f"file is too large: {what}, over the limit of {_size(max_bytes)}",
        advice="raise the limit with --max-file-size MB if this really is a template",
    )


def _looks_utf16_without_bom(head: bytes) -> bool:
    # ASCII-heavy UTF-16 has a NUL in every other byte; real binaries rarely do.
    if len(head) < 8:
        return False
    half = len(head) // 2
    for zeros, other in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if zeros.count(0) >= 0.9 * half and other.count(0) == 0:
            return True
    return False


def _check_encoding(display: str, data: bytes) -> None:
    for bom, name in _FOREIGN_BOMS:
        if data.startswith(bom):
            raise InputError(display, f"{name} encoded; templates must be UTF-8", 1)
    head = data[:_BINARY_PROBE]
    if b"\x00" in head:
        if _looks_utf16_without_bom(head):
            raise InputError(display, "UTF-16 encoded (no byte order mark); templates must be UTF-8", 1)
        raise InputError(display, "binary file, not a template")


def _decode(display: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            display,
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {column}",
            line,
            advice="the file is probably Latin-1 or Windows-1252; save it as UTF-8",
        ) from None


def read_text(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The UTF-8 text of ``path``, or :class:`InputError` when it cannot be a template.

    ``display`` is the name used in errors.  The size is checked with ``stat``
    before anything is read, so an oversized file costs nothing.  A UTF-8 byte
    order mark is dropped; UTF-16/UTF-32, binary content and invalid UTF-8 are
    refused (the last one naming the line of the first bad byte).
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(display, _os_message(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(display, "is a directory, not a file")
    if info.st_size > max_bytes:
        raise _too_large(display, info.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            # Bounded even after stat: the file may grow, and /proc-like files report size 0.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(display, _os_message(exc)) from None
    if len(data) > max_bytes:
        raise _too_large(display, None, max_bytes)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    _check_encoding(display, data)
    return _decode(display, data)


def sniff(path: Path, limit: int = 65536) -> bytes:
    """The first ``limit`` bytes of ``path``, for content-based discovery.

    Raises :class:`InputError` (named after ``path``) when the file cannot be read.
    """
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError as exc:
        raise InputError(str(path), _os_message(exc)) from None
