"""FG-DEP-006: a function ships a package version with a published vulnerability."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

_LEVELS = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
}


@rule(
    "FG-DEP-006",
    Layer.DEPENDENCIES,
    Severity.HIGH,
    rows=("DEP1",),
    references=(
        "https://owasp.org/www-project-serverless-top-10/",
        "https://osv.dev/",
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-security.html",
    ),
)
def vulnerable_packages(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function ships a package with a known vulnerability.

    Why: AWS patches the runtime, but the function's own dependencies are
    the team's to patch.  A vulnerable version in the deployment package is
    reachable by every event the function accepts — deserialisation, template
    and prototype-pollution bugs in popular packages have been exploited
    through Lambda handlers.  The finding's severity is the advisory's.
    Fix: upgrade the package to a fixed version (the finding names one), update
    the lockfile, and redeploy; if no fix exists, replace the package or
    prove the vulnerable code path is unreachable and suppress with a reason.
    """
    for code in workload.code:
        unchecked = [p for p in code.packages if p.unchecked and p.version]
        if unchecked:
            names = ", ".join(f"{p.name} {p.version}" for p in unchecked[:3])
            more = f" and {len(unchecked) - 3} more" if len(unchecked) > 3 else ""
            reason = f"{names}{more} not checked for advisories: {unchecked[0].unchecked}"
            yield Undecided(code.function_id, code.location, reason)
        for package in (p for p in code.packages if p.vulnerabilities):
            worst = max(
                (_LEVELS.get((v.level or "").lower(), Severity.MEDIUM) for v in package.vulnerabilities),
                default=Severity.MEDIUM,
            )
            ids = []
            for v in package.vulnerabilities[:4]:
                alias = next((a for a in v.aliases if a.startswith("CVE-")), "")
                ids.append(f"{v.id} ({alias})" if alias and alias != v.id else v.id)
            extra = len(package.vulnerabilities) - len(ids)
            fixed = sorted({f for v in package.vulnerabilities for f in v.fixed})
            first = package.vulnerabilities[0]
            summary = f": {first.summary}" if first.summary else ""
            shared = f" (also shipped by {', '.join(code.shared_with)})" if code.shared_with else ""
            message = (
                f"{code.function_id} ships {package.name} {package.version} ({package.ecosystem}): "
                f"{', '.join(ids)}{f' and {extra} more' if extra > 0 else ''}{summary}"
                f"{'; fixed in ' + ', '.join(fixed[:3]) if fixed else '; no fixed version published'}{shared}"
            )
            detail = f"{package.ecosystem}:{package.name}@{package.version}"
            yield Hit(code.function_id, "AWS::Lambda::Function", package.location, message, detail, worst)
