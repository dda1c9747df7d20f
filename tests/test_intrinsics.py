"""CloudFormation intrinsic evaluation: every function, known and unknown values."""

from __future__ import annotations

from typing import Any

import pytest

from faasguard.loaders._intrinsics import NOVALUE, Resolver
from faasguard.model import Derived, DynamicRef, Unknown

TEMPLATE: dict[str, Any] = {
    "Parameters": {
        "Stage": {"Type": "String", "Default": "prod"},
        "NoDefault": {"Type": "String"},
        "Subnets": {"Type": "CommaDelimitedList", "Default": "a, b"},
        "FromSsm": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/app/x"},
    },
    "Mappings": {"Env": {"prod": {"Timeout": 10}, "dev": {"Timeout": 30}}},
    "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
        "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
        "Undecided": {"Fn::Equals": [{"Ref": "NoDefault"}, "x"]},
        "InRegion": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
        "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "Undecided"}]},
        "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "Undecided"}]},
        "Loop": {"Condition": "Loop"},
    },
    "Resources": {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}},
        "Named": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "orders"}},
        "Bucket": {"Type": "AWS::S3::Bucket"},
        "Thing": {"Type": "Custom::Thing"},
    },
}


@pytest.fixture()
def r() -> Resolver:
    return Resolver(TEMPLATE)


def test_ref_parameter_default_is_derived(r: Resolver) -> None:
    value = r.resolve({"Ref": "Stage"})
    assert value == "prod" and isinstance(value, Derived) and value.origin == "parameter:Stage"


def test_ref_parameter_without_default_is_unknown(r: Resolver) -> None:
    assert isinstance(r.resolve({"Ref": "NoDefault"}), Unknown)


def test_ssm_parameter_is_unknown_not_its_name(r: Resolver) -> None:
    assert isinstance(r.resolve({"Ref": "FromSsm"}), Unknown)


def test_list_parameter_splits(r: Resolver) -> None:
    assert r.resolve({"Ref": "Subnets"}) == ["a", "b"]


def test_override_wins() -> None:
    assert Resolver(TEMPLATE, {"NoDefault": "x"}).resolve({"Ref": "NoDefault"}) == "x"


def test_ref_resource_and_pseudo(r: Resolver) -> None:
    fn = r.resolve({"Ref": "Fn"})
    assert isinstance(fn, Derived) and fn.refs == {"Fn"} and fn == "${Fn}"
    assert r.resolve({"Ref": "Named"}) == "orders"
    assert r.resolve({"Ref": "AWS::AccountId"}) == "${AWS::AccountId}"
    assert r.resolve({"Ref": "AWS::NoValue"}) is NOVALUE
    assert isinstance(r.resolve({"Ref": "Missing"}), Unknown)


def test_getatt_arn_shapes(r: Resolver) -> None:
    assert r.resolve({"Fn::GetAtt": ["Bucket", "Arn"]}) == "arn:aws:s3:::${Bucket}"
    arn = r.resolve({"Fn::GetAtt": "Named.Arn"})
    assert arn == "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:orders"
    other = r.resolve({"Fn::GetAtt": ["Thing", "Value"]})
    assert isinstance(other, Derived) and other.refs == {"Thing"}


def test_sub_both_forms(r: Resolver) -> None:
    one = r.resolve({"Fn::Sub": "/aws/lambda/${Fn}-${Stage}-${!Literal}"})
    assert one == "/aws/lambda/${Fn}-prod-${Literal}" and one.refs == {"Fn"}
    two = r.resolve({"Fn::Sub": ["${A}:${Bucket.Arn}", {"A": "x"}]})
    assert two == "x:arn:aws:s3:::${Bucket}"
    assert isinstance(r.resolve({"Fn::Sub": "${NoDefault}"}), Unknown)


def test_join_select_split(r: Resolver) -> None:
    assert r.resolve({"Fn::Join": ["-", ["a", "b"]]}) == "a-b"
    assert type(r.resolve({"Fn::Join": ["-", ["a", "b"]]})) is str
    assert isinstance(r.resolve({"Fn::Join": ["-", ["a", {"Ref": "Stage"}]]}), Derived)
    assert r.resolve({"Fn::Select": [1, ["a", "b"]]}) == "b"
    assert r.resolve({"Fn::Split": [",", "a,b"]}) == ["a", "b"]
    assert r.resolve({"Fn::Select": [0, {"Fn::Split": [",", "x,y"]}]}) == "x"


def test_find_in_map(r: Resolver) -> None:
    assert r.resolve({"Fn::FindInMap": ["Env", {"Ref": "Stage"}, "Timeout"]}) == 10
    assert isinstance(r.resolve({"Fn::FindInMap": ["Env", "qa", "Timeout"]}), Unknown)
    assert r.resolve({"Fn::FindInMap": ["Env", "qa", "Timeout", {"DefaultValue": 5}]}) == 5


def test_conditions(r: Resolver) -> None:
    assert r.condition("IsProd") is True
    assert r.condition("IsDev") is False
    assert isinstance(r.condition("Undecided"), Unknown)
    assert isinstance(r.condition("InRegion"), Unknown)
    assert isinstance(r.condition("Both"), Unknown)
    assert r.condition("Either") is True
    assert isinstance(r.condition("Loop"), Unknown)


def test_if(r: Resolver) -> None:
    assert r.resolve({"Fn::If": ["IsProd", "Active", "PassThrough"]}) == "Active"
    assert isinstance(r.resolve({"Fn::If": ["Undecided", "Active", "PassThrough"]}), Unknown)
    assert r.resolve({"Fn::If": ["Undecided", "same", "same"]}) == "same"
    assert r.resolve({"K": {"Fn::If": ["IsDev", "x", {"Ref": "AWS::NoValue"}]}}) == {}


def test_unknown_functions(r: Resolver) -> None:
    for node in ({"Fn::ImportValue": "x"}, {"Fn::GetAZs": ""}, {"Fn::Transform": {}}, {"Fn::Nope": 1}):
        assert isinstance(r.resolve(node), Unknown)


def test_dynamic_reference_is_a_reference(r: Resolver) -> None:
    value = r.resolve("{{resolve:secretsmanager:db:SecretString:password}}")
    assert isinstance(value, DynamicRef)
    sub = r.resolve({"Fn::Sub": "{{resolve:ssm:/x/${Stage}}}"})
    assert isinstance(sub, DynamicRef)


def test_condition_key_in_statement_is_not_intrinsic(r: Resolver) -> None:
    node = {"Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}
    assert r.resolve(node) == node
