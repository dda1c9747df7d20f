"""FG-DEP-003: container image referenced by tag instead of digest."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import param_note
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text


def _tag(uri: str) -> str:
    """The tag of an image reference (``latest`` when none is written)."""
    last = uri.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else "latest"


@rule(
    "FG-DEP-003",
    Layer.DEPENDENCIES,
    Severity.LOW,
    rows=("DEP4",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/images-create.html",),
)
def image_digest(workload: Workload) -> Iterator[Hit | Undecided]:
    """Container image not pinned by digest.

    Why: a tag can be moved to another image at any time.  Lambda resolves
    the tag to a digest when the function is deployed, so the template does
    not say which image runs, a redeploy can silently pick up a different
    (unreviewed, unscanned) image, and a rollback may not restore the old
    one.  Code signing does not apply to images, so the digest is the only
    integrity pin.
    Fix: reference the image as ``repository@sha256:<digest>`` (the build
    pipeline can write the digest it pushed).
    CloudFormation: ``Code: {ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:...}``.
    SAM: ``ImageUri: ...@sha256:...`` (or let ``sam build`` and ``sam deploy`` manage the image).
    Terraform: ``image_uri = "${aws_ecr_repository.app.repository_url}@${var.image_digest}"`` with the
    digest the build pushed.
    """
    for fn in workload.functions:
        package = text(fn.package_type)
        if fn.image_uri is None or (isinstance(package, str) and package.strip().lower() != "image"):
            continue
        if fn.build == "docker":  # sam build builds it and sam deploy pins the pushed image's digest tag
            continue
        where = fn.location.at(fn.field_lines.get("ImageUri") or fn.field_lines.get("Code"))
        uri = text(fn.image_uri)
        if isinstance(uri, Unknown):
            yield Undecided(fn.id, where, f"ImageUri: {uri.reason}")
        elif uri is not None and not uri.strip():
            yield Undecided(fn.id, where, "ImageUri is empty: a placeholder the deployment tooling fills in")
        elif uri is not None and "@sha256:" not in uri:
            message = f"image of {fn.id} is referenced by tag {_tag(uri)!r}, not by digest{param_note(uri)}"
            yield Hit(fn.id, fn.resource_type, where, message)
