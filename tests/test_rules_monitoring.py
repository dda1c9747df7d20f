"""Monitoring rules FG-MON-001..009 against hand-built workloads."""

from __future__ import annotations

from typing import Any

from faasguard.model import (
    Api,
    ApiKind,
    ApiStage,
    Derived,
    Function,
    Location,
    LogGroup,
    Trail,
    Unknown,
    Workload,
)
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.monitoring.api_access_logging import api_access_logging
from faasguard.rules.monitoring.api_data_trace import api_data_trace
from faasguard.rules.monitoring.api_tracing import api_tracing
from faasguard.rules.monitoring.function_log_retention import function_log_retention
from faasguard.rules.monitoring.function_tracing import function_tracing
from faasguard.rules.monitoring.log_group_retention import log_group_retention
from faasguard.rules.monitoring.trail_kms import trail_kms
from faasguard.rules.monitoring.trail_log_validation import trail_log_validation
from faasguard.rules.monitoring.trail_multi_region import trail_multi_region

F = "template.yaml"


def at(line: int) -> Location:
    return Location(F, line)


def fn(fid: str = "Fn", line: int = 10, **kw: Any) -> Function:
    return Function(fid, at(line), **kw)


def wl(**kw: Any) -> Workload:
    return Workload(F, "cloudformation", **kw)


def hits(rule: Rule, workload: Workload) -> list[tuple[str, str, int, str]]:
    return [
        (rule.id, h.resource, h.location.line, h.detail) for h in rule.check(workload) if isinstance(h, Hit)
    ]


def undecided(rule: Rule, workload: Workload) -> list[tuple[str, int]]:
    return [(u.resource, u.location.line) for u in rule.check(workload) if isinstance(u, Undecided)]


def rest_api(stage: ApiStage, resource_type: str = "AWS::ApiGateway::RestApi", **kw: Any) -> Api:
    return Api("Api", ApiKind.REST, at(30), resource_type, stages=(stage,), **kw)


# -- FG-MON-001 ---------------------------------------------------------------


def test_mon001_fires_on_passthrough_and_unset() -> None:
    w = wl(functions=(fn("A", tracing="PassThrough", field_lines={"TracingConfig": 12}), fn("B", line=20)))
    assert hits(function_tracing, w) == [("FG-MON-001", "A", 12, ""), ("FG-MON-001", "B", 20, "")]
    assert function_tracing.id == "FG-MON-001" and function_tracing.rows == ("MON7",)


def test_mon001_active_passes_and_unknown_is_undecided() -> None:
    w = wl(
        functions=(
            fn("A", tracing=Derived("Active", "parameter:Mode")),
            fn(
                "B",
                line=20,
                tracing=Unknown("parameter Mode has no default"),
                field_lines={"TracingConfig": 22},
            ),
        )
    )
    assert hits(function_tracing, w) == []
    assert undecided(function_tracing, w) == [("B", 22)]


# -- FG-MON-002 / FG-MON-003 ------------------------------------------------------


def test_mon002_function_without_declared_group() -> None:
    w = wl(functions=(fn("A", name="orders"),))
    [hit] = [h for h in function_log_retention.check(w) if isinstance(h, Hit)]
    assert (hit.resource, hit.location.line, hit.detail) == ("A", 10, "")
    assert "/aws/lambda/orders" in hit.message and "forever" in hit.message


def test_mon002_declared_group_by_sub_is_left_to_mon003() -> None:
    group = LogGroup("AGroup", at(40), Derived("/aws/lambda/${A}", "sub", frozenset({"A"})))
    w = wl(functions=(fn("A"),), log_groups=(group,))
    assert hits(function_log_retention, w) == []
    assert hits(log_group_retention, w) == [("FG-MON-003", "AGroup", 40, "")]
    [hit] = [h for h in log_group_retention.check(w) if isinstance(h, Hit)]
    assert "logs of A" in hit.message


def test_mon002_group_matched_by_literal_name_and_by_logging_config() -> None:
    by_name = LogGroup("G1", at(40), "/aws/lambda/orders", 30)
    custom = LogGroup("G2", at(50), Derived("shared", "ref", frozenset({"G2"})), 14)
    w = wl(
        functions=(
            fn("A", name="orders"),
            fn("B", line=20, log_group=Derived("shared", "ref", frozenset({"G2"}))),
        ),
        log_groups=(by_name, custom),
    )
    assert hits(function_log_retention, w) == []
    assert hits(log_group_retention, w) == []


def test_mon002_group_for_another_function_does_not_count() -> None:
    # refs name another function: not A's group even though the text looks alike
    other = LogGroup("G", at(40), Derived("/aws/lambda/${A}", "sub", frozenset({"B"})), 7)
    w = wl(functions=(fn("A"),), log_groups=(other,))
    assert hits(function_log_retention, w) == [("FG-MON-002", "A", 10, "")]


def test_mon002_undecidable_names_are_undecided() -> None:
    unknown_group = LogGroup("G", at(40), Unknown("parameter LogName has no default"), 7)
    w = wl(functions=(fn("A", name="orders"),), log_groups=(unknown_group,))
    assert hits(function_log_retention, w) == []
    assert undecided(function_log_retention, w) == [("A", 10)]

    custom_outside = fn("B", log_group="central-logs")
    assert undecided(function_log_retention, wl(functions=(custom_outside,))) == [("B", 10)]

    nameless = fn("C", name=Unknown("parameter FnName has no default"))
    maybe = LogGroup("G", at(40), "/aws/lambda/prod-c", 7)
    assert undecided(function_log_retention, wl(functions=(nameless,), log_groups=(maybe,))) == [("C", 10)]
    # with no declared group at all the answer is decidable
    assert hits(function_log_retention, wl(functions=(nameless,))) == [("FG-MON-002", "C", 10, "")]


def test_mon003_any_group_and_unknown_retention() -> None:
    w = wl(
        log_groups=(
            LogGroup("Access", at(40)),
            LogGroup("Kept", at(50), "x", "30", field_lines={"RetentionInDays": 52}),
            LogGroup(
                "Param",
                at(60),
                "y",
                Unknown("parameter Days has no default"),
                field_lines={"RetentionInDays": 62},
            ),
        )
    )
    assert hits(log_group_retention, w) == [("FG-MON-003", "Access", 40, "")]
    assert undecided(log_group_retention, w) == [("Param", 62)]


# -- FG-MON-004 / 005 / 009 -----------------------------------------------------------


def test_mon004_stage_without_access_logs_cfn_and_sam() -> None:
    cfn = wl(apis=(rest_api(ApiStage("Stage", "Api", at(33), "prod")),))
    assert hits(api_access_logging, cfn) == [("FG-MON-004", "Stage", 33, "")]
    sam_stage = ApiStage("ApiProdStage", "Api", at(30), "Prod")
    sam = wl(apis=(rest_api(sam_stage, "AWS::Serverless::Api"),))
    assert hits(api_access_logging, sam) == [("FG-MON-004", "Api", 30, "Prod")]


def test_mon004_logging_on_passes_unknown_undecided() -> None:
    on = ApiStage(
        "S1", "Api", at(33), "prod", access_log_destination=Derived("arn:...", "getatt", frozenset({"L"}))
    )
    unknown = ApiStage(
        "S2",
        "Api",
        at(43),
        "dev",
        access_log_destination=Unknown("imported"),
        field_lines={"AccessLogSetting": 45},
    )
    api = Api("Api", ApiKind.HTTP, at(30), "AWS::ApiGatewayV2::Api", stages=(on, unknown))
    assert hits(api_access_logging, wl(apis=(api,))) == []
    assert undecided(api_access_logging, wl(apis=(api,))) == [("S2", 45)]


def test_mon005_rest_only() -> None:
    off = ApiStage("S", "Api", at(33), "prod", tracing=False, field_lines={"TracingEnabled": 36})
    http = Api(
        "H", ApiKind.HTTP, at(50), "AWS::ApiGatewayV2::Api", stages=(ApiStage("HS", "H", at(53), "$default"),)
    )
    w = wl(apis=(rest_api(off), http))
    assert hits(api_tracing, w) == [("FG-MON-005", "S", 36, "")]


def test_mon005_on_passes_and_unknown_undecided() -> None:
    on = ApiStage("S", "Api", at(33), "prod", tracing="true")
    assert hits(api_tracing, wl(apis=(rest_api(on),))) == []
    unknown = ApiStage("S", "Api", at(33), "prod", tracing=Unknown("Fn::If on undecidable condition"))
    assert undecided(api_tracing, wl(apis=(rest_api(unknown),))) == [("S", 33)]


def test_mon009_data_trace() -> None:
    on = ApiStage(
        "S", "Api", at(33), "prod", logging_level="INFO", data_trace=True, field_lines={"MethodSettings": 37}
    )
    assert hits(api_data_trace, wl(apis=(rest_api(on),))) == [("FG-MON-009", "S", 37, "")]
    off = ApiStage("S", "Api", at(33), "prod", logging_level="INFO", data_trace=False)
    unset = ApiStage("S", "Api", at(33), "prod")
    for stage in (off, unset):
        assert hits(api_data_trace, wl(apis=(rest_api(stage),))) == []
    unknown = ApiStage("S", "Api", at(33), "prod", data_trace=Unknown("parameter Trace has no default"))
    assert undecided(api_data_trace, wl(apis=(rest_api(unknown),))) == [("S", 33)]


def test_mon009_http_api_has_no_execution_logs() -> None:
    # DataTraceEnabled is "supported only for WebSocket APIs" on ApiGatewayV2 stages
    stage = ApiStage("HS", "H", at(53), "$default", logging_level="INFO", data_trace=True)
    http = Api("H", ApiKind.HTTP, at(50), "AWS::ApiGatewayV2::Api", stages=(stage,))
    assert hits(api_data_trace, wl(apis=(http,))) == []
    socket = Api("W", ApiKind.WEBSOCKET, at(60), "AWS::ApiGatewayV2::Api", stages=(stage,))
    assert hits(api_data_trace, wl(apis=(socket,))) == [("FG-MON-009", "HS", 53, "")]


# -- FG-MON-006 / 007 / 008 -------------------------------------------------------------


def test_trail_rules_fire_on_defaults() -> None:
    w = wl(trails=(Trail("Trail", at(70)),))
    assert hits(trail_multi_region, w) == [("FG-MON-006", "Trail", 70, "")]
    assert hits(trail_log_validation, w) == [("FG-MON-007", "Trail", 70, "")]
    assert hits(trail_kms, w) == [("FG-MON-008", "Trail", 70, "")]


def test_trail_rules_explicit_false_points_at_property() -> None:
    lines = {"IsMultiRegionTrail": 72, "EnableLogFileValidation": 73}
    w = wl(trails=(Trail("Trail", at(70), multi_region="false", log_validation=False, field_lines=lines),))
    assert hits(trail_multi_region, w) == [("FG-MON-006", "Trail", 72, "")]
    assert hits(trail_log_validation, w) == [("FG-MON-007", "Trail", 73, "")]


def test_trail_rules_pass_when_set_and_unknown_undecided() -> None:
    good = Trail(
        "Good",
        at(70),
        multi_region=True,
        log_validation="true",
        kms_key=Derived("${Key}", "ref", frozenset({"Key"})),
    )
    assert hits(trail_multi_region, wl(trails=(good,))) == []
    assert hits(trail_log_validation, wl(trails=(good,))) == []
    assert hits(trail_kms, wl(trails=(good,))) == []
    lines = {"IsMultiRegionTrail": 82, "EnableLogFileValidation": 83, "KMSKeyId": 84}
    unknown = Trail("U", at(80), Unknown("a"), Unknown("b"), Unknown("c"), field_lines=lines)
    assert undecided(trail_multi_region, wl(trails=(unknown,))) == [("U", 82)]
    assert undecided(trail_log_validation, wl(trails=(unknown,))) == [("U", 83)]
    assert undecided(trail_kms, wl(trails=(unknown,))) == [("U", 84)]
    # no trail declared: nothing to say (the account's trails are not in the workload)
    assert hits(trail_multi_region, wl()) == []


def test_mon009_data_trace_on_one_method_fires_whatever_the_stage_wide_level() -> None:
    # the loader folds each method's own logging level into data_trace; the stage-wide level
    # (OFF here) does not silence a method that logs full payloads at INFO
    stage = ApiStage(
        "S",
        "Api",
        at(33),
        "prod",
        logging_level="OFF",
        data_trace=True,
        field_lines={"MethodSettings": 37, "DataTraceEnabled": 42},
    )
    assert hits(api_data_trace, wl(apis=(rest_api(stage),))) == [("FG-MON-009", "S", 42, "")]


def test_mon004_unknown_destination_points_at_destination_key() -> None:
    stage = ApiStage(
        "S",
        "Api",
        at(33),
        "prod",
        access_log_destination=Unknown("imported"),
        field_lines={"AccessLogSetting": 36, "DestinationArn": 37},
    )
    assert undecided(api_access_logging, wl(apis=(rest_api(stage),))) == [("S", 37)]


def test_api_stage_rules_on_an_api_outside_the_template() -> None:
    # stages of an imported API hang off a made-up API: findings go on the stage resource
    stage = ApiStage("S", "import:shared-RestApiId", at(33), "prod")
    api = Api(
        "import:shared-RestApiId",
        ApiKind.REST,
        at(33),
        "AWS::ApiGateway::RestApi",
        Unknown("API defined outside this template"),
        stages=(stage,),
    )
    assert hits(api_access_logging, wl(apis=(api,))) == [("FG-MON-004", "S", 33, "")]
    assert hits(api_tracing, wl(apis=(api,))) == [("FG-MON-005", "S", 33, "")]
