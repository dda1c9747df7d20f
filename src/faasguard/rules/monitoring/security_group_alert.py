"""FG-MON-014: no alert on security-group changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from faasguard.model import EventRule, MetricFilter, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text
from faasguard.rules.monitoring._alarms import any_true, same_name
from faasguard.rules.monitoring._patterns import matches, pattern_of

#: the change that matters most: a group opened to inbound traffic
_CALL = "AuthorizeSecurityGroupIngress"
#: the events an EventBridge rule sees for that change: the API call via CloudTrail, the Config item
_EVENTS: tuple[dict[str, Any], ...] = (
    {
        "source": "aws.ec2",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {"eventSource": "ec2.amazonaws.com", "eventName": _CALL},
    },
    {
        "source": "aws.config",
        "detail-type": "Config Configuration Item Change",
        "detail": {
            "messageType": "ConfigurationItemChangeNotification",
            "configurationItem": {"resourceType": "AWS::EC2::SecurityGroup"},
        },
    },
)
_EVENT_NAME = re.compile(r"\$\.eventName\s*=\s*\"?([A-Za-z*]+)")


def _rule_alerts(item: EventRule) -> bool | Unknown:
    """Whether an EventBridge rule is on, has a target and matches a security-group change."""
    pattern = pattern_of(item.pattern)
    if pattern is None:
        return False  # a schedule
    state = text(item.state)
    if isinstance(state, Unknown):
        return Unknown(f"State of {item.id}: {state.reason}")
    if state is not None and state.strip().upper() == "DISABLED":
        return False
    if isinstance(item.targets, Unknown):
        return Unknown(f"Targets of {item.id}: {item.targets.reason}")
    if not item.targets:
        return False  # nobody is told
    if isinstance(pattern, Unknown):
        return Unknown(f"EventPattern of {item.id}: {pattern.reason}")
    return any_true(matches(pattern, event) for event in _EVENTS)


def _filter_matches(item: MetricFilter) -> bool | Unknown:
    pattern = item.pattern
    if isinstance(pattern, Unknown):
        return Unknown(f"FilterPattern of {item.id}: {pattern.reason}")
    if not isinstance(pattern, str):
        return False
    if _CALL in pattern:
        return True
    names = [n for n in _EVENT_NAME.findall(pattern) if "*" in n]
    return any(re.fullmatch(n.replace("*", ".*"), _CALL) for n in names)


def _alarmed(workload: Workload, namespace: Any, metric: Any) -> bool | Unknown:
    """Whether an alarm of the workload watches the custom metric ``namespace``/``metric``."""
    if isinstance(namespace, Unknown) or isinstance(metric, Unknown):
        return Unknown("the metric a metric filter publishes is unknown")
    if not (isinstance(namespace, str) and isinstance(metric, str)):
        return False
    found: list[bool | Unknown] = []
    for alarm in workload.alarms:
        queries = alarm.metrics if not isinstance(alarm.metrics, Unknown) else ((alarm.metrics,) * 3,)
        for ns, name, _ in ((alarm.namespace, alarm.metric, None), *queries):
            if isinstance(ns, Unknown) or isinstance(name, Unknown):
                found.append(Unknown(f"the metric alarm {alarm.id} watches is unknown"))
            elif isinstance(ns, str) and isinstance(name, str):
                found.append(_all_same(same_name(ns, namespace), same_name(name, metric)))
    return any_true(found)


def _all_same(a: bool | Unknown, b: bool | Unknown) -> bool | Unknown:
    return False if a is False or b is False else (a if isinstance(a, Unknown) else b)


def _filter_alerts(workload: Workload, item: MetricFilter) -> bool | Unknown:
    found = _filter_matches(item)
    if found is False:
        return False
    if isinstance(item.metrics, Unknown):
        return Unknown(f"MetricTransformations of {item.id}: {item.metrics.reason}")
    alarmed = any_true(_alarmed(workload, ns, name) for ns, name in item.metrics)
    return alarmed if found is True else (found if alarmed is not False else False)


@rule(
    "FG-MON-014",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON6",),
    references=(
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
        "CIS AWS Foundations Benchmark v1.4.0, 4.10 (security group changes)",
    ),
)
def security_group_alert(workload: Workload) -> Iterator[Hit | Undecided]:
    """No alert on security-group changes.

    Why: opening a security group (``AuthorizeSecurityGroupIngress``) is how
    an intruder, or a hurried engineer, exposes what sits in a VPC; without an
    alert it goes unnoticed until it is exploited.  Only templates that
    declare a CloudTrail trail are checked (account-level monitoring lives
    there) and the finding is reported once, on the first trail.  Counts: an
    enabled EventBridge rule with a target matching the call via CloudTrail
    (``source: aws.ec2``) or the AWS Config change of an
    ``AWS::EC2::SecurityGroup``, or a CloudWatch Logs metric filter on the
    call with an alarm on the metric it publishes.
    Fix: add an EventBridge rule on ``AuthorizeSecurityGroupIngress``,
    ``AuthorizeSecurityGroupEgress``, ``RevokeSecurityGroupIngress``,
    ``RevokeSecurityGroupEgress``, ``CreateSecurityGroup`` and
    ``DeleteSecurityGroup`` that notifies a topic, or the CIS metric filter on
    the trail's log group with an alarm.
    CloudFormation: an ``AWS::Events::Rule`` with ``EventPattern: {source: [aws.ec2], detail-type:
    [AWS API Call via CloudTrail], detail: {eventSource: [ec2.amazonaws.com], eventName:
    [AuthorizeSecurityGroupIngress, ...]}}`` and an SNS topic as target.
    SAM: the same rule, or an ``EventBridgeRule`` event with that ``Pattern`` on a function.
    Serverless: the same rule under ``resources.Resources``, or an ``eventBridge`` event with
    that ``pattern``.
    Terraform: an ``aws_cloudwatch_event_rule`` whose ``event_pattern`` is the ``jsonencode()`` of that
    pattern (``source = ["aws.ec2"]``, ``detail-type = ["AWS API Call via CloudTrail"]``,
    ``detail = { eventName = [...] }``) with an ``aws_cloudwatch_event_target`` sending to an
    ``aws_sns_topic``, or an ``aws_cloudwatch_log_metric_filter`` on the trail's log group with an
    ``aws_cloudwatch_metric_alarm`` on its metric.
    """
    # only a trail that records management events can feed such an alert; without one, this is not our stack
    if not workload.trails or not any(t.management_events is not False for t in workload.trails):
        return
    found = any_true(
        [
            *(_rule_alerts(r) for r in workload.event_rules),
            *(_filter_alerts(workload, f) for f in workload.metric_filters),
        ]
    )
    if found is True:
        return
    trail = workload.trails[0]
    if isinstance(found, Unknown):
        yield Undecided(
            trail.id, trail.location, f"whether security-group changes raise an alert: {found.reason}"
        )
        return
    yield Hit(
        trail.id,
        "AWS::CloudTrail::Trail",
        trail.location,
        f"no EventBridge rule or metric-filter alarm alerts on security-group changes "
        f"({_CALL}) recorded by trail {trail.id}",
    )
