"""Maven ``pom.xml``: declared dependencies, ``${property}`` versions and ``dependencyManagement``.

Read with expat, the parser under ``xml.etree``, used directly because it
reports the line of each element.  A POM never needs a DOCTYPE, so any
DOCTYPE or ENTITY declaration is refused outright: that closes both entity
expansion bombs and external entities (XXE) before they start.  Property
references are expanded with a depth and size limit, the other way to make
a small POM expand into gigabytes.  Parent POMs and imported BOMs are not
fetched; versions that come from them are reported as unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from faasguard.deps.manifests._model import Collector, Context, Pin

__all__ = ["parse_pom"]

_MAX_DEPTH = 64
_MAX_EXPANSION = 4096
_PROPERTY = re.compile(r"\$\{([^}]+)\}")
# Scopes that never reach the packaged function: test-only, supplied by the runtime, or the system.
_DEV_SCOPES = frozenset({"test", "provided", "system"})


@dataclass(slots=True)
class _Element:
    tag: str
    line: int
    text: str = ""
    children: list[_Element] = field(default_factory=list)

    def child(self, tag: str) -> _Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def value(self, tag: str) -> str | None:
        found = self.child(tag)
        return found.text.strip() if found is not None else None

    def all(self, *path: str) -> list[_Element]:
        level = [self]
        for tag in path:
            level = [c for e in level for c in e.children if c.tag == tag]
        return level


class _Refused(Exception):
    pass


def _parse_xml(text: str) -> _Element:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Element] = []
    roots: list[_Element] = []

    def refuse(*_: object) -> None:
        raise _Refused("DOCTYPE and ENTITY declarations are refused (entity expansion, external entities)")

    def start(tag: str, _attrs: object) -> None:
        if len(stack) >= _MAX_DEPTH:
            raise _Refused("XML nested too deeply")
        element = _Element(tag.rsplit(":", 1)[-1], parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        if stack:
            stack[-1].text += chunk

    # One text callback per run of characters, not one per buffer boundary.
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.Parse(text, True)
    return roots[0]


@dataclass(slots=True)
class _Properties:
    values: dict[str, str]
    too_large: bool = False

    def resolve(self, text: str) -> str:
        """``text`` with every known ``${name}`` expanded; unknown ones stay as written."""
        for _ in range(16):
            expanded = _PROPERTY.sub(lambda m: self.values.get(m.group(1), m.group(0)), text)
            if len(expanded) > _MAX_EXPANSION:
                self.too_large = True
                return text
            if expanded == text:
                break
            text = expanded
        return text


def _properties(project: _Element) -> _Properties:
    values: dict[str, str] = {}
    for props in project.all("properties"):
        for prop in props.children:
            values[prop.tag] = prop.text.strip()
    parent = project.child("parent")
    for key in ("version", "groupId", "artifactId"):
        own = project.value(key)
        inherited = parent.value(key) if parent is not None else None
        if inherited:
            values[f"project.parent.{key}"] = inherited
        if own or inherited:
            values[f"project.{key}"] = values[f"pom.{key}"] = (own or inherited) or ""
    if "project.version" in values:
        values["version"] = values["project.version"]
    # Never the environment: ${env.X} stays unresolved on purpose.
    return _Properties(values)


def parse_pom(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Dependencies of the project and its profiles (not plugins, which never ship)."""
    if not text.strip():
        out.problem(1, "empty file, expected a Maven POM")
        return "pom.xml", False
    try:
        project = _parse_xml(text)
    except _Refused as exc:
        out.problem(1, str(exc))
        return "pom.xml", False
    except expat.ExpatError as exc:
        out.problem(exc.lineno, f"invalid XML: {expat.ErrorString(exc.code)}")
        return "pom.xml", False
    except RecursionError:
        out.problem(0, "invalid XML: nested too deeply")
        return "pom.xml", False
    if project.tag != "project":
        out.problem(project.line, f"not a Maven POM: root element is <{project.tag}>")
        return "pom.xml", False
    props = _properties(project)
    managed: dict[tuple[str, str], tuple[str, int]] = {}
    boms: list[str] = []
    for dep in project.all("dependencyManagement", "dependencies", "dependency"):
        group, artifact = (
            props.resolve(dep.value("groupId") or ""),
            props.resolve(dep.value("artifactId") or ""),
        )
        version_node = dep.child("version")
        if dep.value("scope") == "import":
            boms.append(f"{group}:{artifact}:{props.resolve(dep.value('version') or '')}")
        elif version_node is not None:
            managed[(group, artifact)] = (version_node.text.strip(), version_node.line)
    declared = project.all("dependencies", "dependency") + project.all(
        "profiles", "profile", "dependencies", "dependency"
    )
    locked = True
    for dep in declared:
        group, artifact = (
            props.resolve(dep.value("groupId") or ""),
            props.resolve(dep.value("artifactId") or ""),
        )
        if not group or not artifact:
            out.problem(dep.line, "dependency without groupId or artifactId")
            continue
        dev = (dep.value("scope") or "compile") in _DEV_SCOPES
        version_element = dep.child("version")
        raw, line = ("", dep.line)
        if version_element is not None:
            raw, line = version_element.text.strip(), version_element.line
        if not raw and (group, artifact) in managed:
            raw, line = managed[(group, artifact)]
        version = props.resolve(raw)
        name = f"{group}:{artifact}"
        if not version:
            where = f"managed by {', '.join(boms)}" if boms else "inherited from the parent POM"
            if not boms and project.child("parent") is None:
                where = "no version declared"
            out.add(name, None, where, line, Pin.UNRESOLVED, dev=dev)
        elif "${" in version:
            out.add(name, None, version, line, Pin.UNRESOLVED, dev=dev)
        elif version[:1] in "[(" or version in ("LATEST", "RELEASE"):
            out.add(name, None, version, line, Pin.RANGE, dev=dev)
        else:
            out.add(name, version, raw, line, Pin.EXACT, dev=dev)
            continue
        locked = False
    if props.too_large:
        out.problem(0, "property values expand beyond 4096 characters (expansion bomb?); left unresolved")
    return "pom.xml", locked and len(out) > 0
