"""OSV's online API as a :class:`VulnerabilityService`.

``POST /v1/querybatch`` answers up to 1,000 package versions at a time with
the ids of the advisories that affect each (paging with
``next_page_token`` where a version has many); ``GET /v1/vulns/{id}`` then
gives each full record once per service instance, i.e. once per run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from faasguard.deps.advisories._endpoints import osv_api_url
from faasguard.deps.advisories._http import DEFAULT_TIMEOUT, HttpClient
from faasguard.deps.advisories._interface import Advisory, Lookup, ResponseError
from faasguard.deps.advisories._osv import (
    OsvRecord,
    RecordError,
    fixes_if_affected,
    parse_record,
    to_advisory,
)
from faasguard.deps.advisories._versions import VersionCache
from faasguard.deps.packages import PackageRef

if TYPE_CHECKING:
    from faasguard.deps.packages import Ecosystem

__all__ = ["OsvApi", "valid_refs"]

MAX_BATCH = 1000  # OSV's limit for one querybatch request


def valid_refs(
    refs: Sequence[PackageRef], skipped: dict[PackageRef, str], caches: dict[Ecosystem, VersionCache]
) -> list[PackageRef]:
    """The distinct refs whose version parses; the others go to ``skipped`` with the reason."""
    good = []
    for ref in dict.fromkeys(refs):
        cache = caches.setdefault(ref.ecosystem, VersionCache(ref.ecosystem))
        problem = cache.problem(ref.version)
        if problem is None:
            good.append(ref)
        else:
            skipped[ref] = problem
    return good


def _ids(result: object, where: str) -> tuple[list[str], str | None]:
    if not isinstance(result, dict):
        raise ResponseError(f"OSV API: {where} has a result that is not an object")
    vulns = result.get("vulns") or []
    if not isinstance(vulns, list) or not all(
        isinstance(v, dict) and isinstance(v.get("id"), str) for v in vulns
    ):
        raise ResponseError(f"OSV API: {where} has a result whose 'vulns' are not a list of ids")
    token = result.get("next_page_token")
    return [v["id"] for v in vulns], token if isinstance(token, str) and token else None


class OsvApi:
    """A :class:`VulnerabilityService` that asks OSV's API (``--online``)."""

    name = "OSV API"

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        env: Mapping[str, str] | None = None,
        workers: int = 8,
        batch_size: int = MAX_BATCH,
        max_pages: int = 100,
    ) -> None:
        self.base_url = osv_api_url(base_url, env=env)
        self._http = HttpClient(self.name, timeout)
        self._workers = max(1, workers)
        self._batch_size = max(1, min(batch_size, MAX_BATCH))
        self._max_pages = max_pages
        self._records: dict[str, OsvRecord | None] = {}  # None: the record could not be read

    def query(self, refs: Sequence[PackageRef]) -> Lookup:
        """Look up many package versions (see :class:`VulnerabilityService`)."""
        skipped: dict[PackageRef, str] = {}
        caches: dict[Ecosystem, VersionCache] = {}
        good = valid_refs(refs, skipped, caches)
        ids: dict[PackageRef, list[str]] = {}
        for start in range(0, len(good), self._batch_size):
            batch = good[start : start + self._batch_size]
            ids.update(self._batch(batch, skipped))
        self._fetch({i for found in ids.values() for i in found})
        found: dict[PackageRef, tuple[Advisory, ...]] = {}
        for ref, advisory_ids in ids.items():
            cache = caches[ref.ecosystem]
            advisories = (self._advisory(i, ref, cache) for i in dict.fromkeys(advisory_ids))
            found[ref] = tuple(a for a in advisories if a is not None)
        return Lookup(found, skipped)

    def _batch(self, refs: list[PackageRef], skipped: dict[PackageRef, str]) -> dict[PackageRef, list[str]]:
        """The advisory ids for each ref of one batch, following page tokens."""
        ids: dict[PackageRef, list[str]] = {ref: [] for ref in refs}
        pending: list[tuple[PackageRef, str | None]] = [(ref, None) for ref in refs]
        for _ in range(self._max_pages):
            queries = []
            for ref, token in pending:
                query: dict[str, object] = {
                    "package": {"ecosystem": ref.ecosystem.value, "name": ref.name},
                    "version": ref.version,
                }
                if token:
                    query["page_token"] = token
                queries.append(query)
            answer = self._http.post_json(f"{self.base_url}/v1/querybatch", {"queries": queries})
            results = answer.get("results") if isinstance(answer, dict) else None
            if not isinstance(results, list) or len(results) != len(queries):
                raise ResponseError("OSV API: the querybatch answer does not have one result per query")
            next_round: list[tuple[PackageRef, str | None]] = []
            for (ref, _), result in zip(pending, results, strict=True):
                found, token = _ids(result, "the querybatch answer")
                ids[ref].extend(found)
                if token:
                    next_round.append((ref, token))
            if not next_round:
                return ids
            pending = next_round
        for ref, _ in pending:  # the service kept paging: the answer is incomplete
            skipped[ref] = f"OSV API returned more than {self._max_pages} pages of advisories"
            del ids[ref]
        return ids

    def _fetch(self, ids: set[str]) -> None:
        from concurrent.futures import ThreadPoolExecutor
        from urllib.parse import quote

        missing = sorted(i for i in ids if i not in self._records)
        if not missing:
            return

        def get(advisory_id: str) -> tuple[str, OsvRecord | None]:
            data = self._http.get_json(f"{self.base_url}/v1/vulns/{quote(advisory_id, safe='')}")
            try:
                return advisory_id, parse_record(data)
            except RecordError:
                return advisory_id, None

        with ThreadPoolExecutor(max_workers=min(self._workers, len(missing))) as pool:
            self._records.update(pool.map(get, missing))

    def _advisory(self, advisory_id: str, ref: PackageRef, cache: VersionCache) -> Advisory | None:
        record = self._records.get(advisory_id)
        if record is None:  # the API said it applies; its record could not be read
            return Advisory(
                advisory_id, (), "(the advisory's record could not be read)", None, (), (), self.name
            )
        if record.withdrawn:
            return None
        fixes = fixes_if_affected(record.affected, ref.name, ref.version, cache)
        return to_advisory(record, fixes or (), self.name)
