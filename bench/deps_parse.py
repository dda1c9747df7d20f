#!/usr/bin/env python3
"""How long the dependency parsers take on large generated lockfiles.

Generates lockfiles with N packages (default 50,000) in each of the big
formats, parses each a few times with ``parse_manifest`` and prints the
median wall time, the file size and the number of packages read.  Nothing
leaves the machine; the files live in a temporary folder.

Usage::

    python bench/deps_parse.py [--packages 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from faasguard.deps.manifests import parse_manifest  # noqa: E402

_HASH = "sha512-" + "A" * 86 + "=="
# Real poetry.lock entries list a wheel per platform; these lists are most of the file.
_TAGS = ("py3-none-any", "cp311-manylinux_x86_64", "cp311-manylinux_aarch64", "cp311-macosx_arm64")


def package_lock(count: int) -> str:
    packages: dict[str, object] = {
        "": {"name": "big", "version": "1.0.0", "dependencies": {"pkg-0": "^1.0.0"}}
    }
    for n in range(count):
        packages[f"node_modules/pkg-{n}"] = {
            "version": f"1.{n % 50}.{n % 7}",
            "resolved": f"https://registry.example/pkg-{n}/-/pkg-{n}-1.0.0.tgz",
            "integrity": _HASH,
            "dev": n % 3 == 0,
            "dependencies": {f"pkg-{n + 1}": "^1.0.0"},
        }
    return json.dumps({"name": "big", "lockfileVersion": 3, "requires": True, "packages": packages}, indent=2)


def yarn_lock(count: int) -> str:
    parts = ["# yarn lockfile v1\n\n"]
    for n in range(count):
        parts.append(
            f'"pkg-{n}@^1.0.0":\n  version "1.0.{n % 9}"\n'
            f'  resolved "https://registry.example/pkg-{n}/-/pkg-{n}-1.0.0.tgz#00"\n  integrity {_HASH}\n'
            f'  dependencies:\n    pkg-{n + 1} "^1.0.0"\n\n'
        )
    return "".join(parts)


def pnpm_lock(count: int) -> str:
    parts = ["lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n"]
    parts.append("      pkg-0:\n        specifier: ^1.0.0\n        version: 1.0.0\n\npackages:\n\n")
    parts += [f"  pkg-{n}@1.0.0:\n    resolution: {{integrity: {_HASH}}}\n\n" for n in range(count)]
    parts.append("snapshots:\n\n")
    parts += [f"  pkg-{n}@1.0.0:\n    dependencies:\n      pkg-{n + 1}: 1.0.0\n\n" for n in range(count)]
    return "".join(parts)


def poetry_lock(count: int) -> str:
    parts = []
    for n in range(count):
        parts.append(
            f'[[package]]\nname = "pkg-{n}"\nversion = "1.0.{n % 9}"\ndescription = "x"\noptional = false\n'
            f'python-versions = ">=3.8"\ngroups = ["main"]\nfiles = [\n'
            + "".join(f'    {{file = "pkg-{n}-{tag}.whl", hash = "sha256:{"0" * 64}"}},\n' for tag in _TAGS)
            + f']\n\n[package.dependencies]\npkg-{n + 1} = ">=1"\n\n'
        )
    parts.append('[metadata]\nlock-version = "2.1"\npython-versions = "^3.11"\ncontent-hash = "00"\n')
    return "".join(parts)


def requirements(count: int) -> str:
    return "".join(f"pkg-{n}==1.0.{n % 9} \\\n    --hash=sha256:{'0' * 64}\n" for n in range(count))


FORMATS: dict[str, Callable[[int], str]] = {
    "package-lock.json": package_lock,
    "yarn.lock": yarn_lock,
    "pnpm-lock.yaml": pnpm_lock,
    "poetry.lock": poetry_lock,
    "requirements.txt": requirements,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'file':<20} {'size':>10} {'packages':>9} {'median s':>9}")
        for name, make in FORMATS.items():
            path = Path(tmp) / name
            path.write_text(make(args.packages), encoding="utf-8")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                parsed = parse_manifest(path)
                times.append(time.perf_counter() - start)
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            print(f"{name:<20} {size:>10} {len(parsed.packages):>9} {statistics.median(times):>9.2f}")
            if parsed.problems:
                print(f"  problems: {parsed.problems[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
