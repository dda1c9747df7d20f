"""What a function ships: packages read from manifests and lockfiles.

These values are shared by the manifest parsers (which produce them) and
the vulnerability services (which look them up), so neither knows the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Ecosystem", "Package", "PackageRef"]


class Ecosystem(StrEnum):
    """Package ecosystems, spelled as OSV spells them."""

    PYPI = "PyPI"
    NPM = "npm"
    MAVEN = "Maven"
    GO = "Go"
    RUBYGEMS = "RubyGems"
    CRATES = "crates.io"


@dataclass(frozen=True, slots=True, order=True)
class PackageRef:
    """One exact version of one package: the unit a vulnerability service looks up."""

    ecosystem: Ecosystem
    name: str  # as the ecosystem spells it (PyPI names normalised per PEP 503)
    version: str


@dataclass(frozen=True, slots=True)
class Package:
    """A dependency as a manifest or lockfile declares it.

    ``version`` is the exact version that gets installed when the file pins
    or locks one, else ``None`` (then ``spec`` holds what was declared, e.g.
    ``>=2.0`` or ``^4.17.1``).  ``dev`` marks packages that are not shipped
    with the function (dev/test groups, ``devDependencies``); ``direct`` those
    the project names itself rather than pulls in through another package.
    """

    ecosystem: Ecosystem
    name: str
    version: str | None
    spec: str | None
    file: str  # path of the manifest or lockfile, as given to the parser
    line: int  # 1-based line of the declaration (0 when the format has none)
    dev: bool = False
    direct: bool = True

    @property
    def ref(self) -> PackageRef | None:
        """The exact version to look up, when the file pins one."""
        return PackageRef(self.ecosystem, self.name, self.version) if self.version else None
