#!/usr/bin/env python3
"""Benchmark: matching a large dependency list against the offline OSV database.

Generates synthetic OSV advisories for PyPI and npm (introduced/fixed ranges,
some with several windows, last_affected, prereleases and ``versions`` lists
the way OSV's exports carry them), builds the SQLite database from them with
the real ``update_database`` (the download replaced by in-memory zips), then
times ``OfflineDatabase.query`` on N package versions, a share of which
belong to packages with advisories.  Prints the build time and the median
query time over several runs.

Usage::

    python bench/deps_match.py [--packages 10000] [--advisories 60000]
                               [--hit-share 0.3] [--runs 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from faasguard.deps.advisories import OfflineDatabase, update_database
from faasguard.deps.packages import Ecosystem, PackageRef

ECOSYSTEMS = (Ecosystem.PYPI, Ecosystem.NPM)


def version(rng: random.Random, ecosystem: Ecosystem) -> str:
    major, minor, patch = rng.randint(0, 12), rng.randint(0, 30), rng.randint(0, 40)
    if ecosystem is Ecosystem.PYPI:
        return f"{major}.{minor}.{patch}" + (f"rc{rng.randint(1, 3)}" if rng.random() < 0.05 else "")
    return f"{major}.{minor}.{patch}" + (f"-beta.{rng.randint(1, 3)}" if rng.random() < 0.05 else "")


def sort_key(text: str) -> tuple[int, ...]:
    return tuple(int("".join(ch for ch in part if ch.isdigit()) or 0) for part in text.split(".")[:3])


def advisory(rng: random.Random, ecosystem: Ecosystem, index: int, name: str) -> dict[str, object]:
    bounds = sorted({version(rng, ecosystem) for _ in range(4)}, key=sort_key)
    events: list[dict[str, str]] = [{"introduced": "0"}, {"fixed": bounds[0]}]
    if len(bounds) >= 3 and rng.random() < 0.3:
        events += [{"introduced": bounds[1]}, {"fixed": bounds[2]}]
    if rng.random() < 0.1:
        events = [{"introduced": bounds[0]}, {"last_affected": bounds[-1]}]
    affected: dict[str, object] = {
        "package": {"ecosystem": ecosystem.value, "name": name},
        "ranges": [{"type": "ECOSYSTEM" if ecosystem is Ecosystem.PYPI else "SEMVER", "events": events}],
    }
    if rng.random() < 0.5:
        affected["versions"] = sorted({version(rng, ecosystem) for _ in range(rng.randint(5, 40))})
    return {
        "id": f"BENCH-{ecosystem.value}-{index}",
        "modified": "2099-01-01T00:00:00Z",
        "aliases": [f"CVE-2099-{index:05d}"],
        "summary": f"Synthetic advisory {index} for {name}",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": [affected],
        "references": [{"type": "ADVISORY", "url": f"https://example.invalid/{index}"}],
    }


def exports(rng: random.Random, count: int, names: dict[Ecosystem, list[str]]) -> dict[str, bytes]:
    zips = {}
    for ecosystem in ECOSYSTEMS:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            for index in range(count // len(ECOSYSTEMS)):
                record = advisory(rng, ecosystem, index, rng.choice(names[ecosystem]))
                bundle.writestr(f"{record['id']}.json", json.dumps(record))
        zips[ecosystem.value] = buffer.getvalue()
    return zips


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=int, default=10_000, help="package versions to look up")
    parser.add_argument("--advisories", type=int, default=60_000, help="synthetic advisories in the database")
    parser.add_argument("--hit-share", type=float, default=0.3, help="share of lookups with advisories")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    advised = {e: [f"{e.value.lower()}-advised-{i}" for i in range(args.advisories // 6)] for e in ECOSYSTEMS}
    zips = exports(rng, args.advisories, advised)
    refs = []
    for index in range(args.packages):
        ecosystem = ECOSYSTEMS[index % len(ECOSYSTEMS)]
        hit = rng.random() < args.hit_share
        name = rng.choice(advised[ecosystem]) if hit else f"{ecosystem.value.lower()}-clean-{index}"
        refs.append(PackageRef(ecosystem, name, version(rng, ecosystem)))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "osv.sqlite3"

        def fetch(url: str, dest: Path) -> datetime:
            dest.write_bytes(zips[url.rsplit("/", 2)[-2]])
            return datetime.now(UTC)

        start = time.perf_counter()
        info = update_database(path, ECOSYSTEMS, fetch, base_url="https://bench.invalid")
        built = time.perf_counter() - start
        database = OfflineDatabase(path)
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            lookup = database.query(refs)
            timings.append(time.perf_counter() - start)
        size = path.stat().st_size

    advisories = sum(s.advisories for s in info.sources)
    print(f"database: {advisories} advisories, {size / 1e6:.1f} MB, built in {built:.2f} s")
    print(
        f"query: {len(refs)} package versions, {len(lookup.vulnerable)} vulnerable, "
        f"{sum(len(a) for a in lookup.found.values())} advisory matches, {len(lookup.skipped)} skipped"
    )
    print(
        f"match time: median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms over {args.runs} runs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
