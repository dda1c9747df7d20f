"""``yarn.lock``: the classic v1 text format and the YAML format of yarn 2+ ("berry").

Neither says which packages are dev-only, and v1 not even which the project
names itself; both record who depends on whom, so the edges let
:func:`~faasguard.deps.manifests.read_folder` work that out with the
``package.json`` beside them.  Each package's ``spec`` lists the ranges that
resolve to it, which is how a ``package.json`` entry finds its lock entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._npm import classify_npm_spec, split_descriptor
from faasguard.deps.manifests._text import mask_url, quote
from faasguard.deps.manifests._yaml import YMap, load_yaml

__all__ = ["parse_yarn_lock"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s"]+')
_DEP_SECTIONS = ("dependencies", "optionalDependencies")
_METADATA = re.compile(r"^__metadata:", re.MULTILINE)


@dataclass(slots=True)
class _Entry:
    descriptors: list[str]
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    deps: list[tuple[str, str]] = field(default_factory=list)


def _unquote(token: str) -> str:
    if token.startswith('"') and "\\" not in token:
        return token[1:-1]
    if token.startswith('"'):
        try:
            value = json.loads(token)
        except ValueError:
            return token.strip('"')
        return value if isinstance(value, str) else token
    return token


def _v1_entries(text: str, out: Collector) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent == 0:
            if not stripped.endswith(":"):
                out.problem(number, f"expected an entry like name@range:, got {quote(stripped)}")
                current = None
                continue
            keys = [_unquote(t.strip().rstrip(",")) for t in _TOKEN.findall(stripped[:-1].replace(",", " "))]
            current = _Entry([k for k in keys if k], number)
            entries.append(current)
            section = None
        elif current is None:
            continue  # lines of a rejected entry
        elif indent <= 2:
            if stripped.endswith(":"):
                section = _unquote(stripped[:-1].strip())
                continue
            tokens = _TOKEN.findall(stripped)
            if len(tokens) >= 2:
                current.fields[_unquote(tokens[0]).rstrip(":")] = _unquote(tokens[1])
            section = None
        elif section in _DEP_SECTIONS:
            tokens = _TOKEN.findall(stripped)
            if len(tokens) >= 2:
                current.deps.append((_unquote(tokens[0]).rstrip(":"), _unquote(tokens[1])))
    return entries


def _parse_v1(text: str, out: Collector) -> None:
    by_descriptor: dict[str, int] = {}
    emitted: list[tuple[int, _Entry]] = []
    for entry in _v1_entries(text, out):
        version = entry.fields.get("version")
        if not entry.descriptors or version is None:
            out.problem(entry.line, "entry without a version")
            continue
        name, ranges = split_descriptor(entry.descriptors[0])[0], []
        pins = set()
        for descriptor in entry.descriptors:
            alias, wanted = split_descriptor(descriptor)
            real, _, spec, pin = classify_npm_spec(alias, wanted)
            name = real
            ranges.append(spec)
            pins.add(pin)
        if Pin.LOCAL in pins:
            continue  # file: and link: entries are code in the repository
        if pins <= {Pin.URL}:
            spec = mask_url(entry.fields.get("resolved") or ", ".join(ranges))
            index = out.add(name, None, spec, entry.line, Pin.URL, direct=False)
        else:
            index = out.add(name, version, ", ".join(ranges), entry.line, Pin.EXACT, direct=False)
        emitted.append((index, entry))
        for descriptor in entry.descriptors:
            by_descriptor[descriptor] = index
    for index, entry in emitted:
        for dep, wanted in entry.deps:
            target = by_descriptor.get(f"{dep}@{wanted}")
            if target is not None:
                out.edge(index, target)


def _berry_source(resolution: str) -> Pin | None:
    """How a berry resolution (``name@protocol:ref``) is fixed; ``None`` for project code."""
    _, reference = split_descriptor(resolution)
    protocol = reference.split(":", 1)[0] if ":" in reference else "npm"
    if protocol == "npm":
        return Pin.EXACT
    if protocol == "patch":
        # A patched registry package is still that version, plus a local diff.
        inner = unquote(reference[len("patch:") :].split("#", 1)[0])
        return Pin.EXACT if "@npm:" in inner else Pin.URL
    if protocol in ("workspace", "link", "portal", "file", "exec"):
        return None
    return Pin.URL


def _parse_berry(text: str, out: Collector) -> str:
    doc, problem = load_yaml(text)
    if problem or not isinstance(doc, YMap):
        out.problem(*(problem or (1, "yarn.lock must be a YAML mapping")))
        return "yarn.lock (berry)"
    metadata = doc.get("__metadata")
    version = metadata.get("version") if isinstance(metadata, YMap) else None
    by_descriptor: dict[str, int] = {}
    by_locator: dict[tuple[str, str], int] = {}
    members: list[YMap] = []
    emitted: list[tuple[int, YMap]] = []
    for key, entry in doc.items():
        if key == "__metadata":
            continue
        line = doc.lines.get(key, 0)
        if not isinstance(entry, YMap) or not isinstance(entry.get("resolution"), str):
            out.problem(line, f"entry {quote(key)} has no resolution")
            continue
        descriptors = [d.strip() for d in key.split(",") if d.strip()]
        resolution = entry["resolution"]
        pin = _berry_source(resolution)
        if pin is None:
            if "@workspace:" in resolution:
                members.append(entry)
            continue
        name = split_descriptor(resolution)[0]
        ranges = ", ".join(split_descriptor(d)[1].removeprefix("npm:") for d in descriptors)
        version_text = entry.get("version")
        if pin is Pin.EXACT and isinstance(version_text, str):
            # A patched package is listed twice (plain and patched): one package either way.
            index = by_locator.get((name, version_text), -1)
            if index < 0:
                index = out.add(name, version_text, ranges, line, Pin.EXACT, direct=False)
                by_locator[(name, version_text)] = index
        else:
            where = mask_url(split_descriptor(resolution)[1])
            index = out.add(name, None, where, line, Pin.URL, direct=False)
        emitted.append((index, entry))
        for descriptor in descriptors:
            by_descriptor[descriptor] = index

    def target(dep: str, wanted: object) -> int | None:
        wanted = str(wanted)
        return by_descriptor.get(f"{dep}@{wanted}", by_descriptor.get(f"{dep}@npm:{wanted}"))

    for index, entry in emitted:
        for section in _DEP_SECTIONS:
            deps = entry.get(section)
            if isinstance(deps, YMap):
                for dep, wanted in deps.items():
                    found = target(dep, wanted)
                    if found is not None:
                        out.edge(index, found)
    direct = set()
    for member in members:
        # Workspace entries list dev and shipped dependencies together.
        deps = member.get("dependencies")
        if isinstance(deps, YMap):
            direct |= {found for dep, wanted in deps.items() if (found := target(dep, wanted)) is not None}
    out.mark_direct(direct)
    return f"yarn.lock (berry v{version})" if version else "yarn.lock (berry)"


def parse_yarn_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Every locked package of either yarn format, with dependency edges."""
    if not text.strip():
        out.problem(1, "empty file, expected a yarn.lock")
        return "yarn.lock", False
    if _METADATA.search(text):
        return _parse_berry(text, out), True
    _parse_v1(text, out)
    if not len(out) and not any(line.strip() and not line.startswith("#") for line in text.splitlines()):
        out.problem(1, "yarn.lock lists no packages")
    return "yarn.lock v1", True
