"""Version ordering per ecosystem, as each ecosystem's own tools order versions."""

from __future__ import annotations

import itertools

import pytest

from faasguard.deps.advisories import (
    InvalidVersionError,
    canonical_version,
    compare_versions,
    normalize_name,
    version_key,
)
from faasguard.deps.packages import Ecosystem

E = Ecosystem


def assert_ascending(ecosystem: Ecosystem, versions: list[str]) -> None:
    for low, high in itertools.combinations(versions, 2):
        assert compare_versions(ecosystem, low, high) == -1, f"{low} < {high}"
        assert compare_versions(ecosystem, high, low) == 1, f"{high} > {low}"


def assert_equal(ecosystem: Ecosystem, left: str, right: str) -> None:
    assert compare_versions(ecosystem, left, right) == 0, f"{left} == {right}"
    assert canonical_version(ecosystem, left) == canonical_version(ecosystem, right)


# SemVer 2.0, section 11: the precedence example, plus numeric ordering.
SEMVER_ORDER = [
    "0.9.9",
    "1.0.0-0",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.1-x-y-z.--",
    "1.0.1",
    "1.2.0",
    "1.10.0",
    "10.0.0",
]


@pytest.mark.parametrize("ecosystem", [E.NPM, E.CRATES, E.GO])
def test_semver_precedence(ecosystem: Ecosystem) -> None:
    assert_ascending(ecosystem, SEMVER_ORDER)


@pytest.mark.parametrize("ecosystem", [E.NPM, E.CRATES])
def test_semver_build_metadata_is_ignored(ecosystem: Ecosystem) -> None:
    assert_equal(ecosystem, "1.0.0+build.1", "1.0.0+build.2")
    assert_equal(ecosystem, "1.0.0-rc.1+exp.sha.5114f85", "1.0.0-rc.1")


@pytest.mark.parametrize(
    "text", ["1.0", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0-alpha..1", "a.b.c", "1.0.0 ", "１.0.0"]
)
def test_semver_rejects_what_is_not_semver(text: str) -> None:
    with pytest.raises(InvalidVersionError, match="SemVer"):
        version_key(E.CRATES, text)
    if text.strip() == text:  # npm trims blanks, nothing more
        with pytest.raises(InvalidVersionError, match="SemVer"):
            version_key(E.NPM, text)


def test_npm_accepts_the_prefixes_npm_strips() -> None:
    assert_equal(E.NPM, "v1.2.3", "1.2.3")
    assert_equal(E.NPM, "=1.2.3", "1.2.3")
    for text in ("npm:other@1.0.0", "github:user/repo#main", "file:../local", "latest"):
        with pytest.raises(InvalidVersionError):
            version_key(E.NPM, text)


def test_crates_has_no_v_prefix() -> None:
    with pytest.raises(InvalidVersionError):
        version_key(E.CRATES, "v1.0.0")


def test_go_versions_pseudo_versions_and_incompatible() -> None:
    assert_ascending(
        E.GO,
        [
            "v0.0.0-20191109021931-daa7c04131f5",
            "v0.0.0-20200101000000-abcdefabcdef",
            "v0.1.0",
            "v0.1.1-0.20200101000000-abcdefabcdef",  # pseudo-version after v0.1.0
            "v0.1.1",
            "v2.0.0+incompatible",
            "v2.1.0",
        ],
    )
    assert_equal(E.GO, "v2.0.0+incompatible", "2.0.0")  # OSV writes Go versions without the v
    with pytest.raises(InvalidVersionError, match="Go module version"):
        version_key(E.GO, "v1.2")


def test_pep440_ordering_and_equality() -> None:
    assert_ascending(
        E.PYPI, ["1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.0.1", "1.10", "2!0.1"]
    )
    assert_equal(E.PYPI, "1.0", "1.0.0")
    assert_equal(E.PYPI, "1.0.0-RC1", "1.0rc1")
    assert canonical_version(E.PYPI, "2.0.0") == "2"
    with pytest.raises(InvalidVersionError, match="PEP 440"):
        version_key(E.PYPI, "2004d")


# Maven's ComparableVersion: qualifier order, then numbers, then unknown qualifiers.
MAVEN_QUALIFIERS = [
    "1-alpha2snapshot",
    "1-alpha2",
    "1-alpha-123",
    "1-beta-2",
    "1-m3",
    "1-milestone-11",
    "1-rc",
    "1-cr2",
    "1-rc3",
    "1-SNAPSHOT",
    "1",
    "1-sp",
    "1-sp2",
    "1-abc",
    "1-xyz",
    "1-1",
    "1-2",
]
MAVEN_NUMBERS = [
    "0.9",
    "1.0.1",
    "1.1",
    "1.1.0.1",
    "1.2",
    "1.10",
    "2.0-1",
    "2.0.1",
    "11.a2",
    "11.b1",
    "11",
    "11.a",
]


def test_maven_ordering() -> None:
    assert_ascending(E.MAVEN, MAVEN_QUALIFIERS)
    assert_ascending(E.MAVEN, MAVEN_NUMBERS)
    assert_ascending(E.MAVEN, ["1.5.2-SNAPSHOT", "1.5.2", "2.0.0-alpha1", "2.0.0-RC1", "2.0.0-RC2", "2.0.0"])
    assert_ascending(E.MAVEN, ["1.0.0.rc1", "1.0.0-rc2"])  # ".X1" sorts as "-X1"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("1", "1.0.0"),
        ("1", "1-0"),
        ("1.0-1", "1-1"),
        ("1a1", "1-alpha-1"),
        ("1b2", "1-beta-2"),
        ("1m3", "1-MILESTONE-3"),
        ("1cr", "1rc"),
        ("1-ga", "1"),
        ("1.0.Final", "1"),
        ("1-release", "1"),
        ("2.0.RC1", "2.0-rc1"),
        ("007", "7"),
    ],
)
def test_maven_equal_spellings(left: str, right: str) -> None:
    assert_equal(E.MAVEN, left, right)


@pytest.mark.parametrize("text", ["${project.version}", "[1.0,2.0)", "1.0 beta", ""])
def test_maven_rejects_placeholders_and_ranges(text: str) -> None:
    with pytest.raises(InvalidVersionError):
        version_key(E.MAVEN, text)


def test_rubygems_ordering() -> None:
    assert_ascending(
        E.RUBYGEMS,
        [
            "0.9.9",
            "1.0.0.a",
            "1.0.0.b1",
            "1.0.0.pre",
            "1.0.0.rc1",
            "1.0.0.rc2",
            "1.0.0",
            "1.0.1",
            "1.1",
            "5.2.4.3",
        ],
    )
    assert_equal(E.RUBYGEMS, "1.0", "1.0.0")
    assert_equal(E.RUBYGEMS, "1.0.0-rc1", "1.0.0.pre.rc1")
    assert compare_versions(E.RUBYGEMS, "1.a.0.b", "1.a") == -1  # 0 pads the shorter side
    with pytest.raises(InvalidVersionError, match="RubyGems"):
        version_key(E.RUBYGEMS, "one")


@pytest.mark.parametrize("ecosystem", list(Ecosystem))
def test_every_ecosystem_rejects_junk_without_other_exceptions(ecosystem: Ecosystem) -> None:
    for text in ("", "x" * 300, "\x00", "${version}", "latest release"):
        with pytest.raises(InvalidVersionError):
            version_key(ecosystem, text)


def test_names_normalise_per_ecosystem() -> None:
    assert normalize_name(E.PYPI, "Demo_Web.Extra") == "demo-web-extra"
    assert normalize_name(E.CRATES, "Serde-JSON") == "serde_json"
    assert normalize_name(E.NPM, "JSONStream") == "JSONStream"
    assert normalize_name(E.MAVEN, "org.Example:Core") == "org.Example:Core"
