"""FG-MON-010: no CloudTrail trail of the template records Lambda data events."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Trail, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool
from faasguard.rules.monitoring._alarms import any_true


def _records(trail: Trail) -> bool | Unknown:
    """Whether ``trail`` records Lambda data events (selected, and the trail is logging)."""
    selected = trail.lambda_data_events
    if selected is not True:
        return selected
    logging = as_bool(trail.is_logging)
    if isinstance(logging, Unknown):
        return Unknown(f"IsLogging of {trail.id}: {logging.reason}")
    return logging is not False


def _line(trail: Trail) -> int | None:
    lines = trail.field_lines
    return lines.get("AdvancedEventSelectors") or lines.get("EventSelectors")


@rule(
    "FG-MON-010",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON2",),
    references=(
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html",
    ),
)
def trail_lambda_data_events(workload: Workload) -> Iterator[Hit | Undecided]:
    """No CloudTrail trail records Lambda data events.

    Why: a trail records management events only unless an event selector
    asks for data events, so nobody can later tell who invoked which function
    (``lambda:Invoke``) - the first question after a leaked key or a
    misused function.  Only templates that declare a trail are checked
    (organisations often run their trails elsewhere), and one trail recording
    Lambda data events is enough for the template.
    Fix: add a data-event selector for ``AWS::Lambda::Function`` to the trail
    (all functions, or the ARNs of the sensitive ones); data events are
    billed per event.
    CloudFormation: ``EventSelectors: [{DataResources: [{Type: AWS::Lambda::Function, Values:
    [!Sub "arn:${AWS::Partition}:lambda"]}]}]`` on the ``AWS::CloudTrail::Trail``, or an
    ``AdvancedEventSelectors`` entry with ``eventCategory = Data`` and
    ``resources.type = AWS::Lambda::Function``.
    SAM: the same on the ``AWS::CloudTrail::Trail`` resource.
    Serverless: the same on the trail under ``resources.Resources``.
    Terraform: an ``event_selector`` whose ``data_resource`` has ``type = "AWS::Lambda::Function"`` and
    ``values = ["arn:aws:lambda"]`` on the ``aws_cloudtrail``, or an ``advanced_event_selector`` with
    ``field_selector`` blocks ``eventCategory = ["Data"]`` and
    ``resources.type = ["AWS::Lambda::Function"]``.
    """
    trails = workload.trails
    if not workload.functions:
        return  # a stack without functions has no Lambda invocations to record
    found = any_true(_records(t) for t in trails)
    if found is True:
        return
    for trail in trails:
        where = trail.location.at(_line(trail))
        state = _records(trail)
        if isinstance(state, Unknown):
            yield Undecided(trail.id, where, f"whether {trail.id} records Lambda data events: {state.reason}")
        elif isinstance(found, Unknown):
            yield Undecided(trail.id, where, f"another trail may record Lambda data events: {found.reason}")
        elif trail.lambda_data_events is True:
            yield Hit(
                trail.id,
                "AWS::CloudTrail::Trail",
                trail.location.at(trail.field_lines.get("IsLogging")),
                f"trail {trail.id} selects Lambda data events but is not logging (IsLogging false)",
            )
        else:
            yield Hit(
                trail.id,
                "AWS::CloudTrail::Trail",
                where,
                f"trail {trail.id} does not record Lambda data events (lambda:Invoke), "
                "and no other trail of this template does",
            )
