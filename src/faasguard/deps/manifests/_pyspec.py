"""Python version specifiers: PEP 508 strings, Poetry constraints, dev-sounding names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from faasguard.deps.manifests._model import Pin
from faasguard.deps.manifests._text import mask_url, quote

__all__ = ["Declared", "exact_version", "is_dev_name", "pep508", "pip_style", "poetry_constraint"]

# Names of extras, groups and files that hold tooling rather than what ships.
_DEV_WORDS = frozenset(
    {"dev", "devel", "develop", "development", "test", "tests", "testing", "lint", "linting", "docs", "doc",
     "typing", "types", "ci", "style", "format", "qa", "check", "checks", "mypy", "coverage", "bench"}
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")
# Poetry reads a bare version, or one with `==`/`=`, as exactly that version.
_POETRY_EXACT = re.compile(r"^(?:==?)?\s*v?(\d[0-9A-Za-z.+!-]*)$")


@dataclass(frozen=True, slots=True)
class Declared:
    """One Python declaration, ready for :meth:`Collector.add`."""

    name: str
    version: str | None
    spec: str
    pin: Pin


def is_dev_name(name: str) -> bool:
    """Whether a file, extra or group name says it holds development tooling."""
    return any(word.lower() in _DEV_WORDS for word in _WORD.findall(name))


def exact_version(specifier: SpecifierSet) -> str | None:
    """The one version ``specifier`` allows (``==1.2`` or ``===1.2``), else ``None``."""
    for spec in specifier:
        if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*")):
            return spec.version
    return None


def pep508(text: str) -> Declared | str:
    """A PEP 508 requirement string as a declaration, or the one-line reason it is invalid."""
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "syntax error"
        return f"invalid requirement {quote(text)}: {reason}"
    name = canonicalize_name(req.name)
    if req.url:
        pin = Pin.LOCAL if req.url.startswith("file:") else Pin.URL
        return Declared(name, None, mask_url(req.url), pin)
    version = exact_version(req.specifier)
    return Declared(name, version, str(req.specifier), Pin.EXACT if version else Pin.RANGE)


def poetry_constraint(name: str, value: object) -> Declared | str:
    """A Poetry dependency value (string, table or list of tables) as a declaration."""
    name = canonicalize_name(name)
    if isinstance(value, list):
        parts = [poetry_constraint(name, item) for item in value]
        good = [part for part in parts if isinstance(part, Declared)]
        if not good:
            return f"dependency {name}: no usable constraint"
        versions = {part.version for part in good}
        version = versions.pop() if len(versions) == 1 else None
        # Several exact versions (one per Python version) still leave the installed one open here.
        pin = (
            Pin.EXACT
            if version
            else max((p.pin for p in good if p.pin is not Pin.EXACT), default=Pin.RANGE, key=_PIN_ORDER.index)
        )
        return Declared(name, version, " || ".join(part.spec for part in good), pin)
    if isinstance(value, dict):
        if "path" in value:
            return Declared(name, None, str(value["path"]), Pin.LOCAL)
        if "git" in value:
            ref = value.get("rev") or value.get("tag") or value.get("branch") or ""
            return Declared(name, None, mask_url(f"git+{value['git']}" + (f"@{ref}" if ref else "")), Pin.URL)
        if "url" in value:
            return Declared(name, None, mask_url(str(value["url"])), Pin.URL)
        value = value.get("version", "*")
    if not isinstance(value, str):
        return f"dependency {name}: version must be a string or a table"
    text = value.strip()
    match = _POETRY_EXACT.match(text)
    if match and not text.endswith("*"):
        return Declared(name, match.group(1), text, Pin.EXACT)
    return Declared(name, None, text or "*", Pin.RANGE)


_PIN_ORDER = [Pin.EXACT, Pin.LOCAL, Pin.RANGE, Pin.URL, Pin.UNRESOLVED]


def pip_style(name: str, value: object) -> Declared | str:
    """A Pipfile value (``"*"``, ``"==1.0"`` or a table) as a declaration."""
    name = canonicalize_name(name)
    if isinstance(value, dict):
        if "path" in value:
            return Declared(name, None, str(value["path"]), Pin.LOCAL)
        if "git" in value:
            ref = value.get("ref") or ""
            return Declared(name, None, mask_url(f"git+{value['git']}" + (f"@{ref}" if ref else "")), Pin.URL)
        if "file" in value:
            location = str(value["file"])
            pin = Pin.URL if "://" in location and not location.startswith("file:") else Pin.LOCAL
            return Declared(name, None, mask_url(location), pin)
        value = value.get("version", "*")
    if not isinstance(value, str):
        return f"package {name}: version must be a string or a table"
    text = value.strip()
    if text in ("", "*"):
        return Declared(name, None, "*", Pin.RANGE)
    bare = _POETRY_EXACT.match(text)
    if bare and not text.startswith("="):
        # pipenv reads a bare version as that exact version, as Poetry does.
        return Declared(name, bare.group(1), text, Pin.EXACT)
    try:
        specifier = SpecifierSet(text)
    except InvalidSpecifier:
        return f"package {name}: invalid version specifier {quote(text)}"
    version = exact_version(specifier)
    return Declared(name, version, text, Pin.EXACT if version else Pin.RANGE)
