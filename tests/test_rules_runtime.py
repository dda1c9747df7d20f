"""Runtime rules FG-RT-001..006 against hand-built workloads."""

from __future__ import annotations

from typing import Any

from faasguard.model import (
    Api,
    ApiKind,
    ApiStage,
    Derived,
    Function,
    Location,
    Route,
    Trigger,
    TriggerKind,
    Unknown,
    WafAssociation,
    Workload,
)
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.runtime.api_throttling import api_throttling
from faasguard.rules.runtime.api_waf import api_waf
from faasguard.rules.runtime.async_failure_destination import async_failure_destination
from faasguard.rules.runtime.recursive_loop import recursive_loop
from faasguard.rules.runtime.reserved_concurrency import reserved_concurrency
from faasguard.rules.runtime.timeout import timeout

F = "template.yaml"


def at(line: int) -> Location:
    return Location(F, line)


def fn(fid: str = "Fn", line: int = 10, **kw: Any) -> Function:
    return Function(fid, at(line), **kw)


def wl(**kw: Any) -> Workload:
    return Workload(F, "cloudformation", **kw)


def trig(kind: TriggerKind, fid: str = "Fn", line: int = 15) -> Trigger:
    return Trigger(kind, fid, at(line))


def hits(rule: Rule, workload: Workload) -> list[tuple[str, str, int, str]]:
    return [
        (rule.id, h.resource, h.location.line, h.detail) for h in rule.check(workload) if isinstance(h, Hit)
    ]


def messages(rule: Rule, workload: Workload) -> list[str]:
    return [h.message for h in rule.check(workload) if isinstance(h, Hit)]


def undecided(rule: Rule, workload: Workload) -> list[tuple[str, int]]:
    return [(u.resource, u.location.line) for u in rule.check(workload) if isinstance(u, Undecided)]


def stage(sid: str = "Stage", api: str = "Api", line: int = 33, name: Any = "prod", **kw: Any) -> ApiStage:
    return ApiStage(sid, api, at(line), name, **kw)


# -- FG-RT-001 ----------------------------------------------------------------


def test_rt001_rest_api_caller() -> None:
    f = fn(timeout=60, field_lines={"Timeout": 12})
    w = wl(functions=(f,), triggers=(trig(TriggerKind.API),))
    assert hits(timeout, w) == [("FG-RT-001", "Fn", 12, "caller")]
    assert "REST API (29 s)" in messages(timeout, w)[0]


def test_rt001_http_api_limit_is_30_and_routes_count() -> None:
    api = Api(
        "H",
        ApiKind.HTTP,
        at(40),
        "AWS::ApiGatewayV2::Api",
        routes=(Route("H", "GET", "/", "NONE", at(41), "Fn"),),
    )
    thirty = wl(functions=(fn(timeout=30),), apis=(api,))
    assert hits(timeout, thirty) == []
    w = wl(
        functions=(fn(timeout=Derived("31", "parameter:Timeout"), field_lines={"Timeout": 12}),), apis=(api,)
    )
    assert hits(timeout, w) == [("FG-RT-001", "Fn", 12, "caller")]
    assert "HTTP API (30 s)" in messages(timeout, w)[0] and "parameter Timeout" in messages(timeout, w)[0]


def test_rt001_maximum_without_sync_caller_and_one_hit_only() -> None:
    queue = wl(functions=(fn(timeout=900, field_lines={"Timeout": 12}),), triggers=(trig(TriggerKind.SQS),))
    assert hits(timeout, queue) == [("FG-RT-001", "Fn", 12, "maximum")]
    both = wl(functions=(fn(timeout=900),), triggers=(trig(TriggerKind.WEBSOCKET),))
    assert hits(timeout, both) == [("FG-RT-001", "Fn", 10, "caller")]


def test_rt001_lookalikes_pass() -> None:
    w = wl(
        functions=(fn("Short", timeout=20), fn("Alb", timeout=120), fn("Url", timeout=300), fn("Default")),
        triggers=(
            trig(TriggerKind.API, "Short"),
            trig(TriggerKind.ALB, "Alb"),
            trig(TriggerKind.FUNCTION_URL, "Url"),
        ),
    )
    assert hits(timeout, w) == []


def test_rt001_unknown_timeout_undecided() -> None:
    w = wl(functions=(fn(timeout=Unknown("parameter T has no default"), field_lines={"Timeout": 12}),))
    assert undecided(timeout, w) == [("Fn", 12)]
    assert hits(timeout, w) == []


# -- FG-RT-002 ------------------------------------------------------------------


def test_rt002_reserved_concurrency() -> None:
    w = wl(functions=(fn("A"), fn("B", reserved_concurrency="5"), fn("C", reserved_concurrency=0)))
    assert hits(reserved_concurrency, w) == [("FG-RT-002", "A", 10, "")]
    unknown = fn("D", reserved_concurrency=Unknown("x"), field_lines={"ReservedConcurrentExecutions": 14})
    assert undecided(reserved_concurrency, wl(functions=(unknown,))) == [("D", 14)]


# -- FG-RT-003 -------------------------------------------------------------------


def test_rt003_async_trigger_without_destination() -> None:
    w = wl(functions=(fn(),), triggers=(trig(TriggerKind.SNS), trig(TriggerKind.S3)))
    assert hits(async_failure_destination, w) == [("FG-RT-003", "Fn", 10, "")]
    assert "(s3, sns)" in messages(async_failure_destination, w)[0]


def test_rt003_lookalikes_pass() -> None:
    dlq = wl(
        functions=(fn(dead_letter_target="arn:aws:sqs:eu-west-1:123456789012:dlq"),),
        triggers=(trig(TriggerKind.S3),),
    )
    dest = wl(
        functions=(fn(on_failure_destination=Derived("${Q}", "ref", frozenset({"Q"}))),),
        triggers=(trig(TriggerKind.EVENTBRIDGE),),
    )
    sync_only = wl(functions=(fn(),), triggers=(trig(TriggerKind.API), trig(TriggerKind.SQS)))
    for w in (dlq, dest, sync_only):
        assert hits(async_failure_destination, w) == []


def test_rt003_unknown_destination_undecided() -> None:
    w = wl(functions=(fn(dead_letter_target=Unknown("imported")),), triggers=(trig(TriggerKind.SCHEDULE),))
    assert undecided(async_failure_destination, w) == [("Fn", 10)]
    known = wl(
        functions=(fn(dead_letter_target=Unknown("imported"), on_failure_destination="arn:x"),),
        triggers=(trig(TriggerKind.SCHEDULE),),
    )
    assert undecided(async_failure_destination, known) == [] and hits(async_failure_destination, known) == []


# -- FG-RT-004 -------------------------------------------------------------------------


def rest(*stages: ApiStage, **kw: Any) -> Api:
    return Api(
        "Api", ApiKind.REST, at(30), kw.pop("resource_type", "AWS::ApiGateway::RestApi"), stages=stages, **kw
    )


def waf(arn: Any, wid: str = "Waf") -> WafAssociation:
    return WafAssociation(wid, at(60), arn, "arn:aws:wafv2:...:webacl/x")


def test_rt004_public_rest_stage_without_waf() -> None:
    w = wl(apis=(rest(stage(), endpoint_type="REGIONAL"),))
    assert hits(api_waf, w) == [("FG-RT-004", "Stage", 33, "")]
    sam = wl(apis=(rest(stage("ApiProdStage", line=30, name="Prod"), resource_type="AWS::Serverless::Api"),))
    assert hits(api_waf, sam) == [("FG-RT-004", "Api", 30, "Prod")]


def test_rt004_association_by_stage_ref_api_ref_or_literal() -> None:
    by_stage = waf(
        Derived(
            "arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}",
            "sub",
            frozenset({"Api", "Stage"}),
        )
    )
    by_name = waf(
        Derived("arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod", "sub", frozenset({"Api"}))
    )
    sam_attr = waf(
        Derived(
            "arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Api.Stage}",
            "sub",
            frozenset({"Api"}),
        )
    )
    for assoc in (by_stage, by_name, sam_attr):
        assert hits(api_waf, wl(apis=(rest(stage()),), waf_associations=(assoc,))) == []


def test_rt004_association_for_other_stage_does_not_count() -> None:
    dev = waf(
        Derived("arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/dev", "sub", frozenset({"Api"}))
    )
    w = wl(apis=(rest(stage(), stage("Dev", line=43, name="dev")),), waf_associations=(dev,))
    assert hits(api_waf, w) == [("FG-RT-004", "Stage", 33, "")]


def test_rt004_skips_private_http_and_policy_apis() -> None:
    private = rest(stage(), endpoint_type=["PRIVATE"])
    policy = rest(stage(), has_resource_policy=True)
    http = Api("H", ApiKind.HTTP, at(40), "AWS::ApiGatewayV2::Api", stages=(stage("HS", "H"),))
    for api in (private, policy, http):
        assert hits(api_waf, wl(apis=(api,))) == []


def test_rt004_unknowns_undecided() -> None:
    unknown_arn = wl(apis=(rest(stage()),), waf_associations=(waf(Unknown("imported")),))
    assert undecided(api_waf, unknown_arn) == [("Stage", 33)] and hits(api_waf, unknown_arn) == []
    unknown_endpoint = wl(apis=(rest(stage(), endpoint_type=Unknown("parameter E has no default")),))
    assert undecided(api_waf, unknown_endpoint) == [("Stage", 33)]


# -- FG-RT-005 ------------------------------------------------------------------------------


def test_rt005_no_throttling() -> None:
    rest_api = rest(stage())
    http = Api(
        "H",
        ApiKind.HTTP,
        at(40),
        "AWS::ApiGatewayV2::Api",
        stages=(stage("HS", "H", 43, "$default", throttling_burst=-1),),
    )
    assert hits(api_throttling, wl(apis=(rest_api, http))) == [
        ("FG-RT-005", "Stage", 33, ""),
        ("FG-RT-005", "HS", 43, ""),
    ]


def test_rt005_limits_pass_and_unknown_undecided() -> None:
    lines = {"MethodSettings": 36}
    ok = rest(stage(throttling_rate=100.5), stage("B", line=43, name="b", throttling_burst="50"))
    assert hits(api_throttling, wl(apis=(ok,))) == []
    unknown = rest(stage(throttling_rate=Unknown("parameter Rate has no default"), field_lines=lines))
    assert undecided(api_throttling, wl(apis=(unknown,))) == [("Stage", 36)]


# -- FG-RT-006 --------------------------------------------------------------------------------


def test_rt006_recursive_loop() -> None:
    w = wl(
        functions=(
            fn("A", recursive_loop="Allow", field_lines={"RecursiveLoop": 13}),
            fn("B", line=20, recursive_loop="Terminate"),
            fn("C", line=30),
            fn("D", line=40, recursive_loop=Unknown("x"), field_lines={"RecursiveLoop": 43}),
        )
    )
    assert hits(recursive_loop, w) == [("FG-RT-006", "A", 13, "")]
    assert undecided(recursive_loop, w) == [("D", 43)]


def test_rt004_api_outside_the_template_is_undecided_unless_covered() -> None:
    external = Api(
        "a1b2c3",
        ApiKind.REST,
        at(30),
        "AWS::ApiGateway::RestApi",
        Unknown("API defined outside this template"),
        stages=(stage(api="a1b2c3"),),
    )
    w = wl(apis=(external,))
    assert hits(api_waf, w) == [] and undecided(api_waf, w) == [("Stage", 33)]
    covered = wl(
        apis=(external,),
        waf_associations=(waf("arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod"),),
    )
    assert hits(api_waf, covered) == [] and undecided(api_waf, covered) == []


def test_rt005_points_at_the_deciding_key() -> None:
    lines = {"MethodSettings": 36, "ThrottlingBurstLimit": 40}
    w = wl(apis=(rest(stage(throttling_burst=-1, field_lines=lines)),))
    assert hits(api_throttling, w) == [("FG-RT-005", "Stage", 40, "")]
