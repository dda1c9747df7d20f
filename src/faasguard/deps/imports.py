"""Which declared packages a folder's sources never import.

npm package names are what ``require`` names, so they compare exactly.
A PyPI distribution's import name is often not its name (``PyYAML`` is
``yaml``); without the installed package's metadata faasguard only calls a
Python package unused when neither its name in the usual spellings nor a
known alias is imported.  Packages used without an import (command-line
tools, plugins, type stubs) are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from faasguard.deps.packages import Ecosystem, Package

__all__ = ["never_imported"]

#: distributions whose import name differs from the usual spellings of their name
_PY_ALIASES: dict[str, tuple[str, ...]] = {
    "pyyaml": ("yaml",),
    "beautifulsoup4": ("bs4",),
    "python-dateutil": ("dateutil",),
    "pillow": ("PIL",),
    "scikit-learn": ("sklearn",),
    "opencv-python": ("cv2",),
    "opencv-python-headless": ("cv2",),
    "psycopg2-binary": ("psycopg2",),
    "psycopg-binary": ("psycopg",),
    "attrs": ("attr", "attrs"),
    "protobuf": ("google",),
    "python-jose": ("jose",),
    "pyjwt": ("jwt",),
    "aws-xray-sdk": ("aws_xray_sdk",),
    "pymysql": ("pymysql",),
    "mysql-connector-python": ("mysql",),
    "mysqlclient": ("MySQLdb",),
    "python-dotenv": ("dotenv",),
    "python-multipart": ("multipart",),
    "pycryptodome": ("Crypto",),
    "pycryptodomex": ("Cryptodome",),
    "pyopenssl": ("OpenSSL",),
    "dnspython": ("dns",),
    "msgpack-python": ("msgpack",),
    "ruamel.yaml": ("ruamel",),
    "typing-extensions": ("typing_extensions",),
    "google-cloud-storage": ("google",),
    "elasticsearch-dsl": ("elasticsearch_dsl",),
    "opensearch-py": ("opensearchpy",),
    "requests-aws4auth": ("requests_aws4auth",),
    "pynacl": ("nacl",),
    "faiss-cpu": ("faiss",),
    "tensorflow-cpu": ("tensorflow",),
    "torch": ("torch",),
}
#: used without being imported: servers, build tools, plugins, stubs, test tools
_PY_NEVER = re.compile(
    r"^(gunicorn|uvicorn|setuptools|wheel|pip|types-.+|.+-stubs|mypy|ruff|black|pytest.*|coverage)$"
)
_JS_NEVER = re.compile(
    r"^(@types/.+|typescript|ts-node|tsx|esbuild|webpack.*|@babel/.+|babel.*|eslint.*|prettier|jest|mocha|"
    r"nodemon|serverless|serverless-.+|@serverless/.+|aws-cdk.*|cdk.*|husky|lint-staged|rimraf)$"
)


def _py_names(name: str) -> set[str]:
    lower = name.lower()
    base = {lower.replace("-", "_").replace(".", "_"), lower.replace("-", "").replace(".", "")}
    for prefix in ("python-", "py-", "django-", "flask-"):
        if lower.startswith(prefix):
            base.add(lower[len(prefix) :].replace("-", "_"))
    base.update(a.lower() for a in _PY_ALIASES.get(lower, ()))
    return base


def never_imported(packages: Iterable[Package], facts: Any) -> set[tuple[str, str]]:
    """(ecosystem, name) of direct shipped packages that no source imports."""
    out: set[tuple[str, str]] = set()
    py_imports = {m.lower() for m in facts.python_imports}
    for p in packages:
        if p.dev or not p.direct:
            continue
        if p.ecosystem is Ecosystem.NPM and facts.js_sources and not _JS_NEVER.match(p.name):
            if p.name not in facts.js_imports:
                out.add((p.ecosystem.value, p.name))
        elif (
            p.ecosystem is Ecosystem.PYPI
            and facts.python_sources
            and not _PY_NEVER.match(p.name.lower())
            and not (_py_names(p.name) & py_imports)
        ):
            out.add((p.ecosystem.value, p.name))
    return out
