"""Manifests and lockfiles of a function's code folder, read as ``Package`` values.

Two levels:

* :func:`parse_manifest` reads one file into a :class:`Parsed` value: its
  packages, how each is pinned (:class:`Pin`), dependency edges where the
  lockfile records them, and one-line problems for whatever could not be
  read.  It never raises on bad input.
* :func:`read_folder` reads every file :func:`find_manifests` lists in a
  folder and merges each manifest with its lockfile into a
  :class:`FolderDeps`: the packages with exact versions where a lockfile
  has them, the declarations nothing pins (:class:`Unpinned`), the files
  read and their problems.

Formats: requirements*.txt, pyproject.toml, Pipfile, Pipfile.lock,
poetry.lock, uv.lock; package.json, package-lock.json and
npm-shrinkwrap.json (v1-v3), yarn.lock (v1 and berry), pnpm-lock.yaml
(5.x, 6.x, 9.x); pom.xml; go.mod, go.sum; Gemfile, Gemfile.lock; Cargo.toml,
Cargo.lock.  Nothing from the scanned folder is ever executed or imported.
"""

from __future__ import annotations

from faasguard.deps.manifests._folder import read_folder
from faasguard.deps.manifests._formats import Role, find_manifests, parse_manifest
from faasguard.deps.manifests._model import Parsed, Pin
from faasguard.deps.manifests._results import FolderDeps, ManifestFile, Problem, Unpinned
from faasguard.deps.manifests._text import DEFAULT_MAX_BYTES

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FolderDeps",
    "ManifestFile",
    "Parsed",
    "Pin",
    "Problem",
    "Role",
    "Unpinned",
    "find_manifests",
    "parse_manifest",
    "read_folder",
]
