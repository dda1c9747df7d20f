#!/usr/bin/env python3
"""Generate ``src/faasguard/data/sam_policy_templates.json`` from aws-sam-translator.

The SAM translator ships the definitions of the SAM policy templates
(``S3ReadPolicy``, ``DynamoDBCrudPolicy``, ...) as
``samtranslator/policy_templates_data/policy_templates.json``.  faasguard
expands those templates itself, so it needs the data but not the translator
(a 700 ms import and a dependency we do not want).  This script keeps, for
each template, the parameter names and the policy statements, sorts
everything, and records which translator version the data came from.

Usage::

    python scripts/gen_sam_policy_templates.py            # installed aws-sam-translator
    python scripts/gen_sam_policy_templates.py --source path/to/policy_templates.json
    python scripts/gen_sam_policy_templates.py --check    # exit 1 when the output is stale

The translator is found without importing it (``importlib.util.find_spec``),
so nothing of it runs.  The data is Apache-2.0 (aws-sam-translator).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "src" / "faasguard" / "data" / "sam_policy_templates.json"
DATA_PATH = Path("policy_templates_data") / "policy_templates.json"
DIST_NAME = "aws-sam-translator"


class GenerateError(Exception):
    """The input could not be found or does not look like the SAM template data."""


def find_installed() -> tuple[Path, str]:
    """Path of the installed translator's data file and the translator version."""
    spec = importlib.util.find_spec("samtranslator")
    if spec is None or not spec.submodule_search_locations:
        raise GenerateError(f"{DIST_NAME} is not installed here; pass --source PATH")
    package = Path(next(iter(spec.submodule_search_locations)))
    try:
        version = importlib.metadata.version(DIST_NAME)
    except importlib.metadata.PackageNotFoundError:
        version = _version_near(package / DATA_PATH) or "unknown"
    return package / DATA_PATH, version


def _version_near(source: Path) -> str | None:
    """The translator version for a data file inside an unpacked package or wheel."""
    package = source.resolve().parent.parent  # .../samtranslator
    for dist_info in sorted(package.parent.glob("aws_sam_translator-*.dist-info")):
        metadata = dist_info / "METADATA"
        if metadata.is_file():
            match = re.search(r"^Version:\s*(\S+)", metadata.read_text(encoding="utf-8"), re.M)
            if match:
                return match.group(1)
    init = package / "__init__.py"
    if init.is_file():
        match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", init.read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1)
    return None


def compact(data: Any) -> dict[str, dict[str, Any]]:
    """Reduce the translator's ``{"Templates": ...}`` document to names -> parameters, statements."""
    if not isinstance(data, dict) or not isinstance(data.get("Templates"), dict):
        raise GenerateError('expected a JSON object with a "Templates" object')
    out: dict[str, dict[str, Any]] = {}
    for name, template in sorted(data["Templates"].items()):
        definition = template.get("Definition") if isinstance(template, dict) else None
        statements = definition.get("Statement") if isinstance(definition, dict) else None
        if not isinstance(statements, list):
            raise GenerateError(f"template {name}: no Definition.Statement list")
        parameters = template.get("Parameters") or {}
        if not isinstance(parameters, dict):
            raise GenerateError(f"template {name}: Parameters is not an object")
        out[name] = {"parameters": sorted(parameters), "statements": statements}
    return out


def render(source_label: str, templates: dict[str, dict[str, Any]]) -> str:
    """The output text: one template per line, so a translator update diffs per template."""
    lines = [
        "{",
        f'"source": {json.dumps(source_label)},',
        '"license": "Apache-2.0 (data from aws-sam-translator)",',
        '"templates": {',
    ]
    items = list(templates.items())
    for index, (name, body) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        lines.append(f"{json.dumps(name)}:{text}{comma}")
    lines += ["}", "}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, help="policy_templates.json to read (default: installed)")
    parser.add_argument("--version", dest="label_version", help="translator version to record")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="file to write")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the output differs")
    args = parser.parse_args(argv)
    try:
        if args.source is not None:
            source, version = args.source, args.label_version or _version_near(args.source) or "unknown"
        else:
            source, version = find_installed()
            version = args.label_version or version
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GenerateError(f"{source}: {exc}") from None
        templates = compact(data)
        text = render(f"{DIST_NAME} {version}", templates)
    except GenerateError as exc:
        print(f"gen_sam_policy_templates: {exc}", file=sys.stderr)
        return 2
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            print(f"{output} is out of date; run scripts/gen_sam_policy_templates.py", file=sys.stderr)
            return 1
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output} ({len(text):,} bytes, {len(templates)} templates, {DIST_NAME} {version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
