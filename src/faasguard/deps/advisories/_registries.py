"""The package registries' own vulnerability answers, for networks that reach
only the registries.

- A Python package index's JSON API lists, per release
  (``<root>/<name>/<version>/json``), the advisories that affect it under
  ``vulnerabilities``.
- An npm registry's bulk advisory endpoint
  (``POST /-/npm/v1/security/advisories/bulk`` with ``{name: [versions]}``)
  returns, per package name, the advisories that affect any version sent.
  Sending one version per name per request makes each answer apply to that
  version exactly, so the registry's own range matching decides.

Neither registry has a default address: see :mod:`._endpoints`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from faasguard.deps.advisories._endpoints import NpmRegistries, npm_registries, pypi_json_endpoint
from faasguard.deps.advisories._http import DEFAULT_TIMEOUT, HttpClient
from faasguard.deps.advisories._interface import Advisory, HTTPStatusError, Lookup, ResponseError, Severity
from faasguard.deps.advisories._online import valid_refs
from faasguard.deps.advisories._severity import cvss_base_score, level_from_score, normalize_level
from faasguard.deps.advisories._versions import VersionCache
from faasguard.deps.packages import Ecosystem, PackageRef

__all__ = ["NpmBulk", "PypiJson"]

_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}")
_BELOW = re.compile(r"(?<![<>=])<\s*v?([0-9][^\s|,<>=]*)")


def _above(version: str, candidates: Sequence[str], cache: VersionCache) -> tuple[str, ...]:
    """The candidates that sort above ``version``, lowest first, each once."""
    key = cache.key(version)
    keyed = {c: k for c in dict.fromkeys(candidates) if (k := cache.key(c)) is not None}
    above = [(k, c) for c, k in keyed.items() if key is None or k > key]
    return tuple(c for _, c in sorted(above, key=lambda pair: pair[0]))


def _others(
    refs: Sequence[PackageRef], ecosystem: Ecosystem, source: str, skipped: dict[PackageRef, str]
) -> list[PackageRef]:
    wrong = f"{source} answers for {ecosystem.value} packages only"
    skipped.update((ref, wrong) for ref in refs if ref.ecosystem is not ecosystem)
    return [ref for ref in refs if ref.ecosystem is ecosystem]


class PypiJson:
    """A :class:`VulnerabilityService` that asks a Python package index's JSON API."""

    name = "PyPI"

    def __init__(self, api_root: str, *, timeout: float = DEFAULT_TIMEOUT, workers: int = 8) -> None:
        self.api_root = api_root.rstrip("/")
        self._http = HttpClient(f"{self.name} JSON API", timeout)
        self._workers = max(1, workers)

    @classmethod
    def from_config(cls, explicit: str | None = None, *, env: Mapping[str, str] | None = None) -> PypiJson:
        """The service for the index pip is configured with; :class:`NotConfiguredError` if none."""
        return cls(pypi_json_endpoint(explicit, env=env).require())

    def query(self, refs: Sequence[PackageRef]) -> Lookup:
        """Look up PyPI package versions one release at a time, several at once."""
        from concurrent.futures import ThreadPoolExecutor

        skipped: dict[PackageRef, str] = {}
        cache = VersionCache(Ecosystem.PYPI)
        good = valid_refs(_others(refs, Ecosystem.PYPI, self.name, skipped), skipped, {Ecosystem.PYPI: cache})
        if not good:
            return Lookup({}, skipped)
        with ThreadPoolExecutor(max_workers=min(self._workers, len(good))) as pool:
            answers = list(pool.map(self._release, good))
        found: dict[PackageRef, tuple[Advisory, ...]] = {}
        for ref, answer in zip(good, answers, strict=True):
            if isinstance(answer, str):
                skipped[ref] = answer
            else:
                found[ref] = tuple(self._advisory(entry, ref, cache) for entry in answer)
        return Lookup(found, skipped)

    def _release(self, ref: PackageRef) -> list[Mapping[str, object]] | str:
        from urllib.parse import quote

        url = f"{self.api_root}/{quote(ref.name, safe='')}/{quote(ref.version, safe='')}/json"
        try:
            data = self._http.get_json(url)
        except HTTPStatusError as exc:
            if exc.status == 404:
                return f"the package index has no release {ref.version} of {ref.name}"
            raise
        if isinstance(data, dict) and "vulnerabilities" not in data:
            return "the package index does not publish vulnerabilities"
        vulns = data.get("vulnerabilities") if isinstance(data, dict) else None
        if not isinstance(vulns, list) or not all(
            isinstance(v, dict) and isinstance(v.get("id"), str) for v in vulns
        ):
            where = f"{ref.name} {ref.version}"
            raise ResponseError(
                f"{self._http.service}: the answer for {where} has no valid vulnerability list"
            )
        return [v for v in vulns if not v.get("withdrawn")]

    def _advisory(self, entry: Mapping[str, object], ref: PackageRef, cache: VersionCache) -> Advisory:
        def strings(key: str) -> tuple[str, ...]:
            value = entry.get(key)
            return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

        texts = (entry.get(key) for key in ("summary", "details"))
        summary = next((t.strip().splitlines()[0] for t in texts if isinstance(t, str) and t.strip()), "")
        link = entry.get("link")
        return Advisory(
            id=str(entry["id"]),
            aliases=strings("aliases"),
            summary=summary,
            severity=None,
            fixed=_above(ref.version, strings("fixed_in"), cache),
            references=(link,) if isinstance(link, str) and link else (),
            source=self.name,
        )


class NpmBulk:
    """A :class:`VulnerabilityService` that asks npm registries' bulk advisory endpoint."""

    name = "npm registry"
    _PATH = "/-/npm/v1/security/advisories/bulk"

    def __init__(
        self, registries: NpmRegistries, *, timeout: float = DEFAULT_TIMEOUT, names_per_request: int = 500
    ) -> None:
        self.registries = registries
        self._http = HttpClient(self.name, timeout)
        self._per_request = max(1, names_per_request)

    @classmethod
    def from_config(
        cls,
        project_dir: Path | None = None,
        explicit: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> NpmBulk:
        """The service for the registries npm is configured with; :class:`NotConfiguredError` if none."""
        registries = npm_registries(project_dir, explicit, env=env)
        registries.default.require()
        return cls(registries)

    def query(self, refs: Sequence[PackageRef]) -> Lookup:
        """Look up npm package versions, one version per name in each request."""
        skipped: dict[PackageRef, str] = {}
        cache = VersionCache(Ecosystem.NPM)
        good = valid_refs(_others(refs, Ecosystem.NPM, self.name, skipped), skipped, {Ecosystem.NPM: cache})
        by_registry: dict[str, dict[str, list[PackageRef]]] = defaultdict(lambda: defaultdict(list))
        for ref in good:
            endpoint = self.registries.for_package(ref.name)
            if endpoint.url is None:
                skipped[ref] = f"{endpoint.problem} ({endpoint.advice})"
            else:
                by_registry[endpoint.url][ref.name].append(ref)
        found: dict[PackageRef, tuple[Advisory, ...]] = {}
        for registry, names in by_registry.items():
            rounds = max(len(versions) for versions in names.values())
            for index in range(rounds):
                batch = {name: versions[index] for name, versions in names.items() if index < len(versions)}
                items = list(batch.items())
                for start in range(0, len(items), self._per_request):
                    found.update(self._post(registry, dict(items[start : start + self._per_request]), cache))
        return Lookup(found, skipped)

    def _post(
        self, registry: str, batch: dict[str, PackageRef], cache: VersionCache
    ) -> dict[PackageRef, tuple[Advisory, ...]]:
        body = {name: [ref.version] for name, ref in batch.items()}
        answer = self._http.post_json(registry + self._PATH, body)
        if not isinstance(answer, dict):
            raise ResponseError(f"{self.name}: the bulk advisory answer is not an object")
        found: dict[PackageRef, tuple[Advisory, ...]] = {}
        for name, ref in batch.items():
            entries = answer.get(name) or []
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise ResponseError(
                    f"{self.name}: the bulk advisory answer for {name} is not a list of objects"
                )
            found[ref] = tuple(self._advisory(entry, ref, cache) for entry in entries)
        return found

    def _advisory(self, entry: Mapping[str, object], ref: PackageRef, cache: VersionCache) -> Advisory:
        url = entry.get("url")
        url = url if isinstance(url, str) else ""
        ghsa = _GHSA.search(url)
        number = entry.get("id")
        ids = [*([ghsa[0]] if ghsa else []), *([f"NPM-{number}"] if isinstance(number, int | str) else [])]
        ranges = entry.get("vulnerable_versions")
        return Advisory(
            id=ids[0] if ids else "npm advisory",
            aliases=tuple(ids[1:]),
            summary=str(entry.get("title") or ""),
            severity=_npm_severity(entry),
            fixed=_above(ref.version, _BELOW.findall(ranges) if isinstance(ranges, str) else [], cache),
            references=(url,) if url else (),
            source=self.name,
        )


def _npm_severity(entry: Mapping[str, object]) -> Severity | None:
    cvss = entry.get("cvss")
    cvss = cvss if isinstance(cvss, dict) else {}
    vector = cvss.get("vectorString")
    vector = vector if isinstance(vector, str) and vector else None
    given = cvss.get("score")
    score: float | None = float(given) if isinstance(given, int | float) and given > 0 else None
    if score is None and vector:
        score = cvss_base_score(vector)
    level = normalize_level(entry.get("severity"))
    level = level or (level_from_score(score) if score is not None else None)
    return Severity(vector, score, level) if (vector or level) else None
