"""Version ordering for each package ecosystem.

:func:`version_key` turns a version string into a value that sorts the way
the ecosystem's own tools sort it; keys of one ecosystem compare with each
other, never across ecosystems.  A string that is not a version of that
ecosystem raises :class:`InvalidVersionError`, which the services turn into a
"skipped" entry.

- PyPI: PEP 440, by ``packaging.version``.
- npm and crates.io: SemVer 2.0 precedence (build metadata ignored); npm also
  accepts the ``v``/``=`` prefix its tools strip.
- Go: SemVer 2.0 with an optional ``v`` prefix, so pseudo-versions
  (``v0.0.0-20191109021931-daa7c04131f5``) order as Go orders them and
  ``+incompatible`` is ignored.
- Maven: the rules of Maven's ``ComparableVersion`` (numeric segments,
  qualifiers ``alpha < beta < milestone < rc < snapshot < "" < sp``, unknown
  qualifiers after ``sp`` in lexical order, trailing zeros ignored).
- RubyGems: ``Gem::Version`` (segments of digits or letters; a letter marks a
  prerelease, which sorts before the release).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import total_ordering
from typing import Any, Protocol

from faasguard.deps.advisories._maven import MavenKey, maven_items
from faasguard.deps.packages import Ecosystem

__all__ = [
    "InvalidVersionError",
    "VersionCache",
    "VersionKey",
    "canonical_version",
    "compare_versions",
    "normalize_name",
    "version_key",
]


class VersionKey(Protocol):
    """What :func:`version_key` returns: orderable against keys of its ecosystem."""

    def __lt__(self, other: Any, /) -> bool: ...
    def __le__(self, other: Any, /) -> bool: ...
    def __gt__(self, other: Any, /) -> bool: ...
    def __ge__(self, other: Any, /) -> bool: ...


class InvalidVersionError(ValueError):
    """A string is not a version of the ecosystem; the message says why."""


# The SemVer 2.0 grammar: no leading zeros in numbers, non-empty identifiers.
_NUM = r"0|[1-9]\d*"
_PRE_ID = r"(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"
_SEMVER = re.compile(
    rf"(?P<major>{_NUM})\.(?P<minor>{_NUM})\.(?P<patch>{_NUM})"
    rf"(?:-(?P<pre>{_PRE_ID}(?:\.{_PRE_ID})*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?",
    re.ASCII,
)
_RELEASE = (1,)  # sorts above every prerelease tuple, which starts with 0


def _semver(text: str) -> tuple[object, ...]:
    match = _SEMVER.fullmatch(text)
    if match is None:
        raise InvalidVersionError(f"{text!r} is not a SemVer 2.0 version")
    pre = match["pre"]
    tail: tuple[object, ...] = _RELEASE
    if pre is not None:
        tail = (0, *((0, int(p)) if p.isdigit() else (1, p) for p in pre.split(".")))
    return (int(match["major"]), int(match["minor"]), int(match["patch"]), tail)


def _npm(text: str) -> tuple[object, ...]:
    stripped = text.strip()
    stripped = stripped[1:] if stripped.startswith(("v", "=")) else stripped
    try:
        return _semver(stripped)
    except InvalidVersionError:
        raise InvalidVersionError(f"{text!r} is not a SemVer 2.0 version") from None


def _go(text: str) -> tuple[object, ...]:
    try:
        return _semver(text[1:] if text.startswith("v") else text)
    except InvalidVersionError:
        raise InvalidVersionError(f"{text!r} is not a Go module version (vMAJOR.MINOR.PATCH)") from None


def _pypi(text: str) -> VersionKey:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except InvalidVersion:
        raise InvalidVersionError(f"{text!r} is not a PEP 440 version") from None


_MAVEN_CHARS = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]*")


def _maven(text: str) -> VersionKey:
    if not _MAVEN_CHARS.fullmatch(text):
        raise InvalidVersionError(f"{text!r} is not a Maven version")
    return MavenKey(maven_items(text))


# --- RubyGems --------------------------------------------------------------

_GEM = re.compile(r"[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?")
_GEM_SEGMENT = re.compile(r"[0-9]+|[a-zA-Z]+")


@total_ordering
class _GemKey:
    __slots__ = ("_segments",)

    def __init__(self, segments: tuple[int | str, ...]) -> None:
        self._segments = segments

    def _cmp(self, other: _GemKey) -> int:
        left, right = self._segments, other._segments
        for index in range(max(len(left), len(right))):
            a = left[index] if index < len(left) else 0
            b = right[index] if index < len(right) else 0
            if a == b:
                continue
            if isinstance(a, str) != isinstance(b, str):
                return -1 if isinstance(a, str) else 1  # a letter segment is a prerelease
            return -1 if a < b else 1  # type: ignore[operator]
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _GemKey) and self._cmp(other) == 0

    def __lt__(self, other: _GemKey) -> bool:
        return self._cmp(other) < 0

    def __hash__(self) -> int:
        return hash(self._segments)

    def __repr__(self) -> str:
        return repr(self._segments)  # canonical segments: equal versions, equal text


def _strip_zeros(segments: list[int | str]) -> list[int | str]:
    while segments and segments[-1] == 0:
        segments.pop()
    return segments


def _rubygems(text: str) -> VersionKey:
    stripped = text.strip()
    if not _GEM.fullmatch(stripped):
        raise InvalidVersionError(f"{text!r} is not a RubyGems version")
    segments: list[int | str] = [
        int(part) if part.isdigit() else part for part in _GEM_SEGMENT.findall(stripped.replace("-", ".pre."))
    ]
    first_letter = next((i for i, s in enumerate(segments) if isinstance(s, str)), len(segments))
    canonical = _strip_zeros(segments[:first_letter]) + _strip_zeros(segments[first_letter:])
    return _GemKey(tuple(canonical))


_PARSERS: dict[Ecosystem, Callable[[str], VersionKey]] = {
    Ecosystem.PYPI: _pypi,
    Ecosystem.NPM: _npm,
    Ecosystem.CRATES: _semver,
    Ecosystem.GO: _go,
    Ecosystem.MAVEN: _maven,
    Ecosystem.RUBYGEMS: _rubygems,
}


def version_key(ecosystem: Ecosystem, version: str) -> VersionKey:
    """Return a sort key for ``version`` under ``ecosystem``'s rules.

    Raises :class:`InvalidVersionError` (a ``ValueError``) with a one-line
    reason when the string is not a version of that ecosystem.
    """
    if not version or len(version) > 256:
        raise InvalidVersionError(f"{version[:40]!r} is not a version")
    return _PARSERS[ecosystem](version)


def compare_versions(ecosystem: Ecosystem, left: str, right: str) -> int:
    """Return -1, 0 or 1 as ``left`` sorts before, with or after ``right``."""
    a, b = version_key(ecosystem, left), version_key(ecosystem, right)
    return -1 if a < b else (1 if a > b else 0)


def canonical_version(ecosystem: Ecosystem, version: str) -> str:
    """Return a text that two versions share exactly when they are equal.

    PyPI versions get their PEP 440 canonical form (``1.0.0`` and ``1.0``
    give ``1``); for the other ecosystems the text is an opaque form of the
    sort key.  Raises :class:`InvalidVersionError` like :func:`version_key`.
    """
    key = version_key(ecosystem, version)
    if ecosystem is Ecosystem.PYPI:
        from packaging.utils import canonicalize_version
        from packaging.version import Version

        assert isinstance(key, Version)
        return canonicalize_version(key)
    return repr(key)


_PEP503 = re.compile(r"[-_.]+")


def normalize_name(ecosystem: Ecosystem, name: str) -> str:
    """Return the form of a package name under which two spellings match.

    PyPI names follow PEP 503; crate names ignore case and ``-``/``_``;
    the other ecosystems compare names exactly.
    """
    if ecosystem is Ecosystem.PYPI:
        return _PEP503.sub("-", name).lower()
    if ecosystem is Ecosystem.CRATES:
        return name.lower().replace("-", "_")
    return name


class VersionCache:
    """Parsed versions of one ecosystem, so a batch parses each string once."""

    __slots__ = ("_canonical", "_keys", "_problems", "ecosystem")

    def __init__(self, ecosystem: Ecosystem) -> None:
        self.ecosystem = ecosystem
        self._keys: dict[str, VersionKey | None] = {}
        self._canonical: dict[str, str] = {}
        self._problems: dict[str, str] = {}

    def key(self, version: str) -> VersionKey | None:
        """The sort key of ``version``, or ``None`` when it is not a version."""
        if version not in self._keys:
            try:
                self._keys[version] = version_key(self.ecosystem, version)
            except InvalidVersionError as exc:
                self._keys[version] = None
                self._problems[version] = str(exc)
        return self._keys[version]

    def problem(self, version: str) -> str | None:
        """Why ``version`` is not a version of the ecosystem, or ``None`` when it is."""
        return None if self.key(version) is not None else self._problems[version]

    def canonical(self, version: str) -> str:
        """The canonical text of ``version``; the string itself when unreadable."""
        if version not in self._canonical:
            try:
                self._canonical[version] = canonical_version(self.ecosystem, version)
            except InvalidVersionError:
                self._canonical[version] = version
        return self._canonical[version]
