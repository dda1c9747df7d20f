"""npm manifests and lockfiles: package.json, package-lock.json v1-v3, shrinkwrap, yarn v1 and berry, pnpm."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from faasguard.deps.manifests import Parsed, parse_manifest
from faasguard.deps.manifests._yaml import _LOADER, _build
from faasguard.deps.manifests._yaml_fast import Unsupported, load_simple_yaml
from faasguard.deps.packages import Ecosystem

DATA = Path(__file__).parents[1] / "data" / "deps" / "manifests"


def parse(rel: str) -> Parsed:
    return parse_manifest(DATA / rel, rel)


def rows(parsed: Parsed) -> list[tuple[str, str | None, int, bool, bool, str]]:
    """(name, version, line, dev, direct, pin) per package."""
    return [
        (p.name, p.version, p.line, p.dev, p.direct, parsed.pin(i).value)
        for i, p in enumerate(parsed.packages)
    ]


def test_package_json_sections() -> None:
    parsed = parse("npm_v3/package.json")
    assert parsed.kind == "package.json" and not parsed.locked
    assert rows(parsed) == [
        ("express", None, 7, False, True, "range"),
        ("lodash", "4.17.21", 8, False, True, "exact"),
        ("left-pad", None, 9, False, True, "range"),  # npm: alias names the real package
        ("local-lib", None, 10, False, True, "local"),
        ("gh-dep", None, 11, False, True, "url"),
        ("not-installed", None, 12, False, True, "range"),
        ("by-tag", None, 13, False, True, "range"),
        ("fsevents", None, 16, False, True, "range"),
        ("jest", None, 19, True, True, "range"),
        # lodash in devDependencies too: installed once, as shipped
        ("typescript", "5.3.3", 21, True, True, "exact"),
    ]
    assert {p.name: p.spec for p in parsed.packages}["left-pad"] == "^1.3.0"
    assert parsed.problems == ((22, "devDependencies.bad: the version must be a string"),)


def test_package_lock_v3() -> None:
    parsed = parse("npm_v3/package-lock.json")
    assert parsed.kind == "package-lock.json v3" and parsed.locked
    assert rows(parsed) == [
        ("chokidar", "3.5.3", 32, False, False, "exact"),  # devOptional: installed in production too
        ("debug", "4.3.4", 38, True, False, "exact"),
        ("express", "4.18.2", 44, False, True, "exact"),
        ("debug", "2.6.9", 52, False, False, "exact"),  # nested node_modules path
        ("fsevents", "2.3.3", 57, False, True, "exact"),
        ("gh-dep", None, 66, False, True, "url"),
        ("jest", "29.7.0", 71, True, True, "exact"),
        ("lodash", "4.17.21", 81, False, True, "exact"),
        ("left-pad", "1.3.0", 86, False, True, "exact"),  # aliased as my-alias
        ("typescript", "5.3.3", 96, True, True, "exact"),
        ("ms", "2.1.3", 109, False, False, "exact"),  # a workspace member's dependency
    ]
    gh = parsed.packages[5]
    assert gh.spec == "git+ssh://git@git.example/org/gh-dep.git#0123abc"
    assert parsed.problems == (
        (0, "packages['node_modules/broken'] must be an object"),
        (115, "packages['node_modules/no-version'] has no version"),
    )


def test_package_lock_v1_nested_and_aliases() -> None:
    parsed = parse("npm_v1/package-lock.json")
    assert parsed.kind == "package-lock.json v1"
    # Version 1 does not say which packages the project names; read_folder takes that from package.json.
    assert rows(parsed) == [
        ("left-pad", "1.3.0", 7, False, False, "exact"),
        ("body-parser", "1.18.3", 12, False, False, "exact"),
        ("debug", "4.1.1", 27, True, False, "exact"),
        ("gitdep", None, 33, False, False, "url"),
        ("mocha", "5.2.0", 40, True, False, "exact"),
        ("debug", "3.1.0", 49, True, False, "exact"),
        ("debug", "2.6.9", 20, False, False, "exact"),
    ]
    assert parsed.packages[3].spec == "github:org/gitdep#0123456789abcdef"


def test_package_lock_v2_reads_packages_not_the_legacy_section() -> None:
    parsed = parse("npm_v2/package-lock.json")
    assert parsed.kind == "package-lock.json v2"
    assert rows(parsed) == [("uuid", "9.0.1", 14, False, True, "exact")]


def test_minified_shrinkwrap_points_at_line_one() -> None:
    parsed = parse("npm_shrinkwrap/npm-shrinkwrap.json")
    assert parsed.kind == "npm-shrinkwrap.json v3"
    assert rows(parsed) == [("chalk", "5.3.0", 1, False, True, "exact")]
    assert parsed.packages[0].ecosystem is Ecosystem.NPM


def test_yarn_v1() -> None:
    parsed = parse("yarn_v1/yarn.lock")
    assert parsed.kind == "yarn.lock v1" and parsed.locked
    assert rows(parsed) == [
        ("@babel/code-frame", "7.23.5", 5, False, False, "exact"),
        ("@babel/highlight", "7.23.4", 12, False, False, "exact"),
        ("debug", "2.6.9", 17, False, False, "exact"),
        ("express", "4.18.2", 23, False, False, "exact"),
        ("gh-dep", None, 29, False, False, "url"),
        ("jest", "29.7.0", 33, False, False, "exact"),
        ("ms", "2.0.0", 45, False, False, "exact"),
        ("left-pad", "1.3.0", 49, False, False, "exact"),  # "my-alias@npm:left-pad@^1.3.0"
        ("quoted-style", "1.0.1", 53, False, False, "exact"),  # keys written in quotes
    ]
    # The ranges each entry satisfies, for matching package.json entries.
    assert parsed.packages[0].spec == "^7.0.0, ^7.22.13"
    names = [p.name for p in parsed.packages]
    edges = {(names[a], names[b]) for a, b in parsed.edges}
    assert edges == {
        ("@babel/code-frame", "@babel/highlight"),
        ("debug", "ms"),
        ("express", "debug"),
        ("jest", "@babel/code-frame"),
        ("jest", "ms"),
        ("quoted-style", "ms"),
    }


def test_yarn_berry() -> None:
    parsed = parse("yarn_berry/yarn.lock")
    assert parsed.kind == "yarn.lock (berry v8)"
    assert rows(parsed) == [
        ("debug", "2.6.9", 21, False, False, "exact"),
        ("express", "4.18.2", 30, False, True, "exact"),
        ("gh-dep", None, 39, False, True, "url"),
        ("jest", "29.7.0", 45, False, True, "exact"),
        ("ms", "2.0.0", 61, False, False, "exact"),
        ("left-pad", "1.3.0", 68, False, True, "exact"),
        ("patched", "1.0.0", 75, False, True, "exact"),  # plain and patched entries: one package
        ("pretty-format", "29.7.0", 88, False, False, "exact"),
    ]
    assert parsed.packages[2].spec == "https://git.example/org/gh-dep.git#commit=0123abc"


def test_pnpm_v5() -> None:
    parsed = parse("pnpm_v5/pnpm-lock.yaml")
    assert parsed.kind == "pnpm-lock.yaml v5.4"
    assert rows(parsed) == [
        ("@babel/core", "7.23.7", 19, True, False, "exact"),
        ("debug", "2.6.9", 24, False, False, "exact"),
        ("express", "4.18.2", 30, False, True, "exact"),
        ("jest", "29.7.0", 37, True, True, "exact"),  # peer suffix dropped
        ("left-pad", "1.3.0", 43, False, True, "exact"),
        ("ms", "2.0.0", 47, False, False, "exact"),
        ("gitdep", None, 50, False, True, "url"),
    ]


def test_pnpm_v6_workspace_importers() -> None:
    parsed = parse("pnpm_v6/pnpm-lock.yaml")
    assert parsed.kind == "pnpm-lock.yaml v6.0"
    assert rows(parsed) == [
        ("@scope/pkg", "1.0.10", 30, False, False, "exact"),  # the version stays a string
        ("express", "4.18.2", 34, False, True, "exact"),
        ("ms", "2.1.3", 40, False, True, "exact"),  # named by the packages/shared importer
        ("react-dom", "18.2.0", 44, True, True, "exact"),
        ("react", "18.2.0", 52, True, False, "exact"),
    ]


def test_pnpm_v9_dev_from_snapshots() -> None:
    parsed = parse("pnpm_v9/pnpm-lock.yaml")
    assert parsed.kind == "pnpm-lock.yaml v9.0"
    assert rows(parsed) == [
        ("@types/node", "20.11.0", 27, True, False, "exact"),
        ("express", "4.18.2", 30, False, True, "exact"),
        ("gitdep", None, 34, False, True, "url"),
        ("jest", "29.7.0", 38, True, True, "exact"),
        ("left-pad", "1.3.0", 41, False, True, "exact"),
        ("ms", "2.0.0", 44, False, False, "exact"),  # express needs it
        ("ms", "2.1.3", 47, True, False, "exact"),  # only jest needs it
    ]


def _shape(value: object) -> object:
    if isinstance(value, dict):
        lines = getattr(value, "lines", {})
        return ("map", getattr(value, "line", None), [(k, lines.get(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [_shape(v) for v in value])
    return value


@pytest.mark.parametrize(
    "rel",
    ["pnpm_v5/pnpm-lock.yaml", "pnpm_v6/pnpm-lock.yaml", "pnpm_v9/pnpm-lock.yaml", "yarn_berry/yarn.lock"],
)
def test_fast_yaml_reader_matches_libyaml(rel: str) -> None:
    text = (DATA / rel).read_text(encoding="utf-8")
    assert _shape(load_simple_yaml(text)) == _shape(_build(yaml.compose(text, Loader=_LOADER)))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: |\n  block\n",
        "a: !tag 1\n",
        "---\na: 1\n",
        "a: 1\n  b: 2\n",
        "a:\n- 1\n",
        "a: {b: {c: 1}}\n",
        "a: plain # comment\n",
        "a:\n  - b: 1\n",
        "a: 'unterminated\n",
    ],
)
def test_fast_yaml_reader_hands_the_rest_to_libyaml(text: str) -> None:
    with pytest.raises(Unsupported):
        load_simple_yaml(text)


def test_fast_yaml_reader_flow_collections() -> None:
    doc = load_simple_yaml(
        "r: {integrity: sha512-x==, tarball: 'https://x.example/a.tgz'}\nos: [darwin, 'linux']\n"
    )
    assert doc == {
        "r": {"integrity": "sha512-x==", "tarball": "https://x.example/a.tgz"},
        "os": ["darwin", "linux"],
    }
