"""Monitoring rules FG-MON-010..014 and their helpers, on hand-built workloads."""

from __future__ import annotations

from typing import Any

import pytest

from faasguard.model import (
    Alarm,
    Bucket,
    Derived,
    EventRule,
    Function,
    Location,
    MetricFilter,
    Trail,
    Unknown,
    Workload,
)
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.monitoring._alarms import same_name, watches, watches_function
from faasguard.rules.monitoring._patterns import matches, pattern_of
from faasguard.rules.monitoring.concurrency_alarm import concurrency_alarm
from faasguard.rules.monitoring.function_alarms import function_alarms
from faasguard.rules.monitoring.security_group_alert import security_group_alert
from faasguard.rules.monitoring.trail_bucket_object_lock import trail_bucket_object_lock
from faasguard.rules.monitoring.trail_lambda_data_events import trail_lambda_data_events

F = "template.yaml"
SG_CALL = {
    "source": "aws.ec2",
    "detail-type": "AWS API Call via CloudTrail",
    "detail": {"eventSource": "ec2.amazonaws.com", "eventName": "AuthorizeSecurityGroupIngress"},
}


def at(line: int) -> Location:
    return Location(F, line)


def wl(**kw: Any) -> Workload:
    return Workload(F, "cloudformation", **kw)


def run(r: Rule, w: Workload) -> tuple[list[Hit], list[Undecided]]:
    out = list(r.check(w))
    return [o for o in out if isinstance(o, Hit)], [o for o in out if isinstance(o, Undecided)]


def ref(lid: str) -> Derived:
    return Derived("${" + lid + "}", "ref", frozenset({lid}))


def lam(metric: str, *dims: tuple[str, Any], aid: str = "A") -> Alarm:
    return Alarm(aid, at(50), "AWS/Lambda", metric, tuple(dims))


# -- name comparison ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("orders", "orders", True),
        ("orders", "refunds", False),
        ("${AWS::StackName}-api", "${AWS::StackName}-api", True),
        ("${AWS::StackName}-api", "${AWS::StackName}-worker", False),  # same placeholders, other text
        ("prod-api", "${AWS::StackName}-api", None),  # may be: the stack name decides
        ("prod-worker", "${AWS::StackName}-api", False),
        ("${Env}-api", "${AWS::StackName}-api", None),
    ],
)
def test_same_name(text: str, name: str, expected: bool | None) -> None:
    got = same_name(text, name)
    assert isinstance(got, Unknown) if expected is None else got is expected


# -- alarms and functions ----------------------------------------------------


def test_alarm_binds_by_reference_literal_name_and_qualified_resource() -> None:
    named = Function("Fn", at(10), name="billing-export")
    assert watches_function(lam("Errors", ("FunctionName", ref("Fn"))), named, frozenset({"Errors"})) is True
    assert (
        watches_function(lam("Errors", ("FunctionName", "billing-export")), named, frozenset({"Errors"}))
        is True
    )
    resource = lam("Errors", ("Resource", "billing-export:live"))
    assert watches_function(resource, named, frozenset({"Errors"})) is True
    other = lam("Errors", ("FunctionName", ref("Other")))
    assert watches_function(other, named, frozenset({"Errors"})) is False
    # the right function, another metric
    assert (
        watches_function(lam("Duration", ("FunctionName", ref("Fn"))), named, frozenset({"Errors"})) is False
    )


def test_generated_function_name_is_reached_only_by_reference() -> None:
    fn = Function("Fn", at(10))  # no FunctionName: CloudFormation generates one
    assert (
        watches_function(lam("Errors", ("FunctionName", "stack-Fn-ABC")), fn, frozenset({"Errors"})) is False
    )


def test_account_wide_alarm_counts_for_every_function() -> None:
    assert watches_function(lam("Throttles"), Function("Fn", at(10)), frozenset({"Throttles"})) is True


def test_metric_math_and_unknowns() -> None:
    fn = Function("Fn", at(10))
    math = Alarm("M", at(50), metrics=(("AWS/Lambda", "Errors", (("FunctionName", ref("Fn")),)),))
    assert watches_function(math, fn, frozenset({"Errors"})) is True
    search = Alarm("S", at(50), expressions=("SEARCH('{AWS/Lambda,FunctionName} Errors', 'Sum')",))
    assert isinstance(watches_function(search, fn, frozenset({"Errors"})), Unknown)
    imported = lam("Errors", ("FunctionName", Unknown("import")))
    assert isinstance(watches_function(imported, fn, frozenset({"Errors"})), Unknown)
    assert isinstance(watches(Alarm("N", at(50), Unknown("param"), "Errors"), frozenset({"Errors"})), Unknown)
    # another namespace is never a Lambda alarm, even with an unknown metric name
    assert watches(Alarm("Q", at(50), "AWS/SQS", Unknown("param")), frozenset({"Errors"})) is False


def test_function_alarms_scope_and_messages() -> None:
    a, b = Function("A", at(10)), Function("B", at(20))
    assert run(function_alarms, wl(functions=(a, b))) == ([], [])  # no alarm in the template: not judged
    w = wl(functions=(a, b), alarms=(lam("Errors", ("FunctionName", ref("A"))), lam("Throttles")))
    hits, undecided = run(function_alarms, w)
    assert [(h.resource, h.location.line) for h in hits] == [("B", 20)]
    assert "Errors" in hits[0].message and "Throttles" not in hits[0].message
    assert undecided == []


def test_function_alarms_unknown_is_undecided() -> None:
    w = wl(
        functions=(Function("A", at(10)),),
        alarms=(lam("Errors", ("FunctionName", Unknown("import"))), lam("Throttles")),
    )
    hits, undecided = run(function_alarms, w)
    assert hits == [] and [u.resource for u in undecided] == ["A"]


def test_concurrency_alarm_once_per_workload() -> None:
    fns = tuple(Function(f"F{i}", at(10 * i)) for i in range(1, 4))
    hits, _ = run(concurrency_alarm, wl(functions=fns, alarms=(lam("Errors"),)))
    assert [(h.resource, h.location.line) for h in hits] == [("F1", 10)]
    assert "3 function(s)" in hits[0].message
    per_function = lam("ConcurrentExecutions", ("FunctionName", ref("F2")))
    assert run(concurrency_alarm, wl(functions=fns, alarms=(per_function,))) == ([], [])
    assert run(concurrency_alarm, wl(functions=fns)) == ([], [])


# -- trails ------------------------------------------------------------------


FN = (Function("Fn", at(90)),)


def test_lambda_data_events_need_a_function() -> None:
    assert run(trail_lambda_data_events, wl(trails=(Trail("Plain", at(10)),))) == ([], [])


def test_lambda_data_events_one_trail_is_enough() -> None:
    plain = Trail("Plain", at(10))
    recording = Trail("Rec", at(20), is_logging=True, lambda_data_events=True)
    assert run(trail_lambda_data_events, wl(trails=(plain, recording), functions=FN)) == ([], [])
    hits, _ = run(trail_lambda_data_events, wl(trails=(plain,), functions=FN))
    assert [h.resource for h in hits] == ["Plain"]


def test_lambda_data_events_not_logging_and_unknown() -> None:
    off = Trail("Off", at(10), is_logging="false", lambda_data_events=True, field_lines={"IsLogging": 14})
    hits, _ = run(trail_lambda_data_events, wl(trails=(off,), functions=FN))
    assert [(h.resource, h.location.line) for h in hits] == [("Off", 14)]
    assert "not logging" in hits[0].message
    maybe = Trail("Maybe", at(30), lambda_data_events=Unknown("import"))
    hits, undecided = run(trail_lambda_data_events, wl(trails=(Trail("Plain", at(10)), maybe), functions=FN))
    assert hits == [] and sorted(u.resource for u in undecided) == ["Maybe", "Plain"]


def test_object_lock_bucket_resolution() -> None:
    trail = Trail("T", at(10), bucket="Logs")
    open_bucket = Bucket("Logs", at(20))
    hits, _ = run(trail_bucket_object_lock, wl(trails=(trail,), buckets=(open_bucket,)))
    assert [(h.resource, h.location.line) for h in hits] == [("Logs", 20)]
    locked = Bucket("Logs", at(20), object_lock="true")
    assert run(trail_bucket_object_lock, wl(trails=(trail,), buckets=(locked,))) == ([], [])
    # a literal name of a bucket whose name depends on the stack: cannot be told
    by_name = Trail("T", at(10), bucket="prod-logs")
    sub = Bucket("Logs", at(20), name=Derived("${AWS::StackName}-logs", "sub"))
    hits, undecided = run(trail_bucket_object_lock, wl(trails=(by_name,), buckets=(sub,)))
    assert hits == [] and [u.resource for u in undecided] == ["T"]
    # two trails, one bucket: one finding
    twice = wl(trails=(trail, Trail("U", at(30), bucket="Logs")), buckets=(open_bucket,))
    assert len(run(trail_bucket_object_lock, twice)[0]) == 1


# -- event patterns and the security-group alert ----------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"source": ["aws.ec2"]}, True),
        ({"source": ["aws.iam"]}, False),
        ({"detail": {"eventName": [{"prefix": "Authorize"}]}}, True),
        ({"detail": {"eventName": [{"anything-but": ["AuthorizeSecurityGroupIngress"]}]}}, False),
        ({"detail": {"eventName": [{"anything-but": {"prefix": "Revoke"}}]}}, True),
        ({"detail": {"eventName": [{"wildcard": "*SecurityGroup*"}]}}, True),
        ({"detail": {"eventName": [{"equals-ignore-case": "authorizesecuritygroupingress"}]}}, True),
        ({"detail": {"errorCode": [{"exists": False}]}}, True),
        ({"$or": [{"source": ["aws.iam"]}, {"source": ["aws.ec2"]}]}, True),
        ({"detail": {"requestParameters": {"groupId": ["sg-1"]}}}, None),  # a field we do not sketch
        ({"detail": {"eventName": [{"numeric": [">", 0]}]}}, None),
    ],
)
def test_event_pattern_matching(pattern: dict[str, Any], expected: bool | None) -> None:
    got = matches(pattern, SG_CALL)
    assert isinstance(got, Unknown) if expected is None else got is expected


def test_pattern_of_json_string() -> None:
    assert pattern_of('{"source": ["aws.ec2"]}') == {"source": ["aws.ec2"]}
    assert isinstance(pattern_of("{not json"), Unknown)


def _rule(**kw: Any) -> EventRule:
    kw.setdefault(
        "pattern", {"source": ["aws.ec2"], "detail": {"eventName": ["AuthorizeSecurityGroupIngress"]}}
    )
    kw.setdefault("targets", ("arn:aws:sns:eu-west-1:1:alerts",))
    return EventRule("R", at(40), **kw)


def test_security_group_alert_rules() -> None:
    trail = Trail("T", at(10))
    assert run(security_group_alert, wl(event_rules=(_rule(),))) == ([], [])  # no trail: not judged
    assert run(security_group_alert, wl(trails=(trail,), event_rules=(_rule(),))) == ([], [])
    for silent in (_rule(state="DISABLED"), _rule(targets=()), _rule(schedule="rate(1 day)", pattern=None)):
        hits, _ = run(security_group_alert, wl(trails=(trail,), event_rules=(silent,)))
        assert [(h.resource, h.location.line) for h in hits] == [("T", 10)]
    _, undecided = run(security_group_alert, wl(trails=(trail,), event_rules=(_rule(targets=Unknown("x")),)))
    assert [u.resource for u in undecided] == ["T"]


def test_security_group_alert_metric_filter_needs_an_alarm() -> None:
    trail = Trail("T", at(10))
    flt = MetricFilter(
        "F", at(30), pattern="{ $.eventName = *SecurityGroup* }", metrics=(("CIS", "SecurityGroupChanges"),)
    )
    hits, _ = run(security_group_alert, wl(trails=(trail,), metric_filters=(flt,)))
    assert len(hits) == 1
    alarm = Alarm("Al", at(60), "CIS", "SecurityGroupChanges")
    assert run(security_group_alert, wl(trails=(trail,), metric_filters=(flt,), alarms=(alarm,))) == ([], [])
    other = MetricFilter("F", at(30), pattern="{ $.eventName = ConsoleLogin }", metrics=(("CIS", "Logins"),))
    hits, _ = run(
        security_group_alert,
        wl(trails=(trail,), metric_filters=(other,), alarms=(Alarm("L", at(60), "CIS", "Logins"),)),
    )
    assert len(hits) == 1
