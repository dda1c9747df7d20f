"""FG-DEP-009: a deployment package that ships dev files, or is larger than Lambda accepts."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

#: Lambda's limit on a function's code and layers, unzipped
UNZIPPED_LIMIT = 250 * 1024 * 1024
_SECRET_LIKE = (".env", ".npmrc", ".pypirc", "id_rsa", ".pem")


@rule(
    "FG-DEP-009",
    Layer.DEPENDENCIES,
    Severity.LOW,
    rows=("DEP3",),
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html",
    ),
)
def package_contents(workload: Workload) -> Iterator[Hit | Undecided]:
    """Deployment package ships dev files (.env, .git, tests, source maps) or exceeds the size limit.

    Why: the whole code folder is zipped into the function, and anyone who
    may call ``lambda:GetFunction`` can download it: a ``.env`` file, a
    private key or an ``.npmrc`` token inside is a leaked secret, and tests,
    ``.git`` history and source maps hand out internals.  A folder above
    Lambda's 250 MB unzipped limit cannot be deployed at all.
    Fix: keep the function's code in a folder of its own and exclude dev
    files from the package.
    SAM: point ``CodeUri`` at a folder holding only the handler code, or build with ``sam build``.
    Serverless: ``package.patterns: ['!.env*', '!tests/**', '!**/*.map']``.
    Terraform: exclude them in ``archive_file`` (``excludes = [".env", "tests"]``).
    """
    seen: set[tuple[str, str]] = set()
    for code in workload.code:
        if (code.function_id, code.folder) in seen:
            continue
        seen.add((code.function_id, code.folder))
        # Serverless and Terraform packaging apply their own excludes (package.patterns,
        # archive_file excludes) the model does not carry: only SAM/CloudFormation folders ship as they are
        if code.dev_files and workload.format in ("sam", "cloudformation"):
            secret = [
                f
                for f in code.dev_files
                if f.rsplit("/", 1)[-1].startswith(_SECRET_LIKE) or f.endswith(".pem")
            ]
            shown = ", ".join((secret or list(code.dev_files))[:4])
            more = f" and {len(code.dev_files) - 4} more" if len(code.dev_files) > 4 else ""
            message = f"{code.function_id} ships {code.folder} with {shown}{more}"
            severity = Severity.MEDIUM if secret else None
            yield Hit(code.function_id, "AWS::Lambda::Function", code.location, message, shown, severity)
        if code.size is not None and code.size > UNZIPPED_LIMIT:
            megabytes = code.size / (1024 * 1024)
            message = (
                f"{code.function_id} ships {code.folder}: {megabytes:.0f} MB, "
                "above Lambda's 250 MB unzipped limit"
            )
            yield Hit(code.function_id, "AWS::Lambda::Function", code.location, message, "size")
