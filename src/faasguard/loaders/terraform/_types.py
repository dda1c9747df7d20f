"""What Terraform attributes known only after apply stand for, and the data sources read offline.

A resource's ``arn``/``id``/``name`` is not in the configuration, but it is
the same thing CloudFormation's ``Ref``/``Fn::GetAtt`` stands for, so that
is what the evaluator returns: the template loader then links a function
to its role, a permission to its function, exactly as in a template.
"""

from __future__ import annotations

from typing import Any

from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders.terraform._values import JsonDoc, LStr, intrinsic, is_intrinsic
from faasguard.model import ExternalRef, SourceLine, Unknown

__all__ = ["identity", "known_data", "policy_document"]

# attributes that are the resource's CloudFormation Ref
_REF: dict[str, frozenset[str]] = {
    "aws_lambda_function": frozenset({"id", "function_name"}),
    "aws_iam_role": frozenset({"id", "name"}),
    "aws_iam_user": frozenset({"id", "name"}),
    "aws_iam_group": frozenset({"id", "name"}),
    "aws_iam_policy": frozenset({"id", "arn"}),
    "aws_s3_bucket": frozenset({"id", "bucket"}),
    "aws_sqs_queue": frozenset({"id", "url"}),
    "aws_sns_topic": frozenset({"id", "arn"}),
    "aws_kms_key": frozenset({"id", "key_id"}),
    "aws_kms_replica_key": frozenset({"id", "key_id"}),
    "aws_kms_replica_external_key": frozenset({"id", "key_id"}),
    "aws_cloudwatch_log_group": frozenset({"id", "name"}),
    "aws_dynamodb_table": frozenset({"id", "name"}),
    "aws_kinesis_stream": frozenset({"name"}),
    "aws_lambda_layer_version": frozenset({"id", "arn"}),
    "aws_lambda_alias": frozenset({"id", "arn"}),
    "aws_secretsmanager_secret": frozenset({"id", "arn"}),
    "aws_cloudwatch_event_rule": frozenset({"id", "name"}),
    "aws_lb_target_group": frozenset({"id", "arn"}),
}
# attributes that are Fn::GetAtt of the resource
_GETATT: dict[str, dict[str, str]] = {
    "aws_iam_role": {"unique_id": "RoleId"},
    "aws_dynamodb_table": {"stream_arn": "StreamArn"},
    "aws_kinesis_stream": {"id": "Arn"},
    "aws_api_gateway_rest_api": {"root_resource_id": "RootResourceId"},
    "aws_lambda_function": {"qualified_arn": "Arn"},
    "aws_ecr_repository": {"repository_url": "RepositoryUri"},
    # network endpoints of data stores (computed, never written in the configuration)
    "aws_db_instance": {"address": "Endpoint.Address", "endpoint": "Endpoint"},
    "aws_rds_cluster": {"endpoint": "Endpoint.Address", "reader_endpoint": "ReadEndpoint.Address"},
    "aws_rds_cluster_instance": {"endpoint": "Endpoint.Address"},
    "aws_db_proxy": {"endpoint": "Endpoint"},
    "aws_db_proxy_endpoint": {"endpoint": "Endpoint"},
    "aws_elasticache_cluster": {
        "cluster_address": "ConfigurationEndpoint.Address",
        "configuration_endpoint": "ConfigurationEndpoint",
    },
    "aws_elasticache_replication_group": {
        "primary_endpoint_address": "PrimaryEndPoint.Address",
        "reader_endpoint_address": "ReaderEndPoint.Address",
        "configuration_endpoint_address": "ConfigurationEndPoint.Address",
    },
    "aws_redshift_cluster": {"endpoint": "Endpoint.Address", "dns_name": "Endpoint.Address"},
    "aws_opensearch_domain": {"endpoint": "DomainEndpoint"},
    "aws_elasticsearch_domain": {"endpoint": "DomainEndpoint"},
    "aws_docdb_cluster": {"endpoint": "Endpoint", "reader_endpoint": "ReadEndpoint"},
    "aws_docdb_cluster_instance": {"endpoint": "Endpoint"},
    "aws_neptune_cluster": {"endpoint": "Endpoint", "reader_endpoint": "ReadEndpoint"},
    "aws_neptune_cluster_instance": {"endpoint": "Endpoint"},
    "aws_msk_cluster": {
        "bootstrap_brokers": "BootstrapBrokers",
        "bootstrap_brokers_tls": "BootstrapBrokersTls",
        "bootstrap_brokers_sasl_iam": "BootstrapBrokersSaslIam",
        "bootstrap_brokers_sasl_scram": "BootstrapBrokersSaslScram",
    },
    "aws_efs_file_system": {"dns_name": "DnsName"},
    "aws_dax_cluster": {
        "cluster_address": "ClusterDiscoveryEndpoint",
        "configuration_endpoint": "ClusterDiscoveryEndpointURL",
    },
}
_EXECUTION_ARN = frozenset({"aws_api_gateway_rest_api", "aws_apigatewayv2_api"})


def identity(type_: str, attr: str, lid: str, line: SourceLine) -> Any:
    """The intrinsic an identity attribute of a resource stands for; None for other attributes."""
    if attr in _REF.get(type_, ()):
        return intrinsic("Ref", LStr(lid, line), line)
    getatt = _GETATT.get(type_, {}).get(attr)
    if getatt:
        return _getatt(lid, getatt, line)
    if attr == "arn":
        return _getatt(lid, "Arn", line)
    if attr == "id":
        return intrinsic("Ref", LStr(lid, line), line)
    if type_ == "aws_secretsmanager_secret_version" and attr in ("secret_string", "secret_binary"):
        # whatever it was written from, whoever reads this attribute receives the secret's value
        return ExternalRef(f"{lid}.{attr} is the value of a secret", "secretsmanager", lid)
    if type_ == "aws_lambda_function" and attr in ("invoke_arn", "qualified_invoke_arn"):
        return _join(
            line,
            "arn:aws:apigateway:",
            _pseudo("AWS::Region", line),
            ":lambda:path/2015-03-31/functions/",
            _getatt(lid, "Arn", line),
            "/invocations",
        )
    if type_ in _EXECUTION_ARN and attr == "execution_arn":
        return _join(
            line,
            "arn:aws:execute-api:",
            _pseudo("AWS::Region", line),
            ":",
            _pseudo("AWS::AccountId", line),
            ":",
            intrinsic("Ref", LStr(lid, line), line),
        )
    return None


def _getatt(lid: str, attr: str, line: SourceLine) -> LDict:
    args = LList([LStr(lid, line), LStr(attr, line)], line=line)
    args.lines = [line, line]
    return intrinsic("Fn::GetAtt", args, line)


def _pseudo(name: str, line: SourceLine) -> LDict:
    return intrinsic("Ref", LStr(name, line), line)


def _join(line: SourceLine, *parts: Any) -> LDict:
    items = LList([LStr(p, line) if isinstance(p, str) else p for p in parts], line=line)
    items.lines = [line] * len(items)
    args = LList([LStr("", line), items], line=line)
    args.lines = [line, line]
    return intrinsic("Fn::Join", args, line)


def known_data(inst: Any, attr: str, line: SourceLine) -> Any:
    """What a data source offers offline (caller identity, region, policy documents ...); None otherwise."""
    t = inst.type
    store = _SECRET_VALUES.get((t, attr))
    if store is not None:
        return _secret_value(inst, attr, *store)
    if t == "aws_iam_policy_document" and attr in ("json", "minified_json"):
        return JsonDoc(policy_document(inst))
    if t == "aws_caller_identity" and attr == "account_id":
        return _pseudo("AWS::AccountId", line)
    if t == "aws_region" and attr in ("name", "id", "region"):
        return _pseudo("AWS::Region", line)
    if t == "archive_file" and attr == "output_path":
        body = inst.body()
        out = body.get("output_path") if isinstance(body, dict) else None
        source = body.get("source_dir", body.get("source_file")) if isinstance(body, dict) else None
        if isinstance(out, str) and isinstance(source, str):
            from faasguard.loaders.terraform._values import ArchivePath

            return ArchivePath(out, line, str(source))
        return None
    if t == "aws_partition" and attr == "partition":
        return _pseudo("AWS::Partition", line)
    if t == "aws_partition" and attr == "dns_suffix":
        return "amazonaws.com"
    if t == "aws_iam_policy" and attr == "arn":
        body = inst.body()
        arn = body.get("arn") if isinstance(body, dict) else None
        if isinstance(arn, str):
            return arn
        name = body.get("name") if isinstance(body, dict) else None
        if isinstance(name, str):
            from faasguard.iam.catalog import managed_policy_arn

            found = managed_policy_arn(name)
            if found:
                return LStr(found, line)
        return ExternalRef(f"{inst.address}.arn is read when Terraform plans", "data", inst.address)
    return None


#: data-source attributes that hand over a secret store's value at plan time:
#: (type, attribute) -> (store, the argument naming the secret or parameter)
_SECRET_VALUES: dict[tuple[str, str], tuple[str, str]] = {
    ("aws_secretsmanager_secret_version", "secret_string"): ("secretsmanager", "secret_id"),
    ("aws_secretsmanager_secret_version", "secret_binary"): ("secretsmanager", "secret_id"),
    ("aws_ssm_parameter", "value"): ("ssm", "name"),
    ("aws_ssm_parameter", "insecure_value"): ("ssm", "name"),
}


def _secret_value(inst: Any, attr: str, store: str, arg: str) -> ExternalRef:
    """The value of a secret or parameter Terraform reads when it plans: unknown, but known to be it."""
    body = inst.body()
    named = body.get(arg) if isinstance(body, dict) else None
    if isinstance(named, dict) and is_intrinsic(named):  # a secret of this configuration: its address
        ((fn, target),) = named.items()
        if fn == "Fn::GetAtt" and isinstance(target, list) and target:
            target = target[0]
        named = target if fn in ("Ref", "Fn::GetAtt") else None
    key = str(named) if isinstance(named, str) and named else inst.address
    if store == "ssm" and isinstance(body, dict) and body.get("with_decryption") is False:
        store, key = "data", inst.address  # a SecureString's ciphertext, not its value
    return ExternalRef(f"{inst.address}.{attr} is read when Terraform plans", store, key)


# --- aws_iam_policy_document ---------------------------------------------------------------------

_STATEMENT_KEYS = (
    ("sid", "Sid"),
    ("effect", "Effect"),
    ("actions", "Action"),
    ("not_actions", "NotAction"),
    ("resources", "Resource"),
    ("not_resources", "NotResource"),
)


def policy_document(inst: Any) -> Any:
    """The IAM policy an ``aws_iam_policy_document`` data source renders, with its lines."""
    body = inst.body()
    if not isinstance(body, LDict):
        return body
    line = inst.line
    doc = LDict(line=line)
    doc["Version"] = body.get("version") or "2012-10-17"
    doc.lines["Version"] = body.lines.get("version", line)
    statements = LList(line=body.lines.get("statement", line))
    for source in _documents(body.get("source_policy_documents")):
        _add_statements(statements, source, replace=False)
    own = body.get("statement")
    if isinstance(own, Unknown):
        statements.append(own)
        statements.lines.append(line)
    elif isinstance(own, list):
        rendered = LList(line=statements.line)
        for item in own:
            rendered.append(_statement(item))
            rendered.lines.append(getattr(item, "line", line))
        _add_statements(statements, {"Statement": rendered}, replace=True)
    for override in _documents(body.get("override_policy_documents")):
        _add_statements(statements, override, replace=True)
    doc["Statement"] = statements
    doc.lines["Statement"] = statements.line
    if isinstance(body.get("policy_id"), str):
        doc["Id"] = body["policy_id"]
    return doc


def _documents(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, Unknown):
        return [value]
    out: list[Any] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, JsonDoc):
            out.append(item.value)
        elif isinstance(item, str) and not is_intrinsic(item):
            from faasguard.loaders.terraform._json_text import decode
            from faasguard.loaders.terraform._values import EvalError

            try:
                out.append(decode(item, getattr(item, "line", 0)))
            except EvalError as exc:
                out.append(Unknown(str(exc)))
        else:
            out.append(item if isinstance(item, Unknown) else Unknown("a policy document not known"))
    return out


def _add_statements(statements: LList, doc: Any, replace: bool) -> None:
    if isinstance(doc, Unknown):
        statements.append(doc)
        statements.lines.append(statements.line)
        return
    items = doc.get("Statement") if isinstance(doc, dict) else None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return
    for i, stmt in enumerate(items):
        line = items.line_of(i) if isinstance(items, LList) else statements.line
        sid = stmt.get("Sid") if isinstance(stmt, dict) else None
        if replace and isinstance(sid, str) and sid:
            index = next(
                (j for j, s in enumerate(statements) if isinstance(s, dict) and s.get("Sid") == sid), None
            )
            if index is not None:
                statements[index] = stmt
                statements.lines[index] = line
                continue
        statements.append(stmt)
        statements.lines.append(line)


def _statement(item: Any) -> Any:
    if not isinstance(item, LDict):
        return item
    out = LDict(line=item.line)
    out["Effect"] = "Allow"
    out.lines["Effect"] = item.line
    for tf, cfn in _STATEMENT_KEYS:
        if tf in item and item[tf] is not None:
            out[cfn] = item[tf]
            out.lines[cfn] = item.lines.get(tf, item.line)
    for tf, cfn in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        blocks = item.get(tf)
        if isinstance(blocks, list) and blocks:
            out[cfn] = _principal(blocks, item.lines.get(tf, item.line))
            out.lines[cfn] = item.lines.get(tf, item.line)
        elif isinstance(blocks, Unknown):
            out[cfn] = blocks
            out.lines[cfn] = item.lines.get(tf, item.line)
    conditions = item.get("condition")
    if isinstance(conditions, list) and conditions:
        cond = LDict(line=item.lines.get("condition", item.line))
        for c in conditions:
            if not isinstance(c, dict):
                continue
            test, variable, values = c.get("test"), c.get("variable"), c.get("values")
            if not isinstance(test, str) or not isinstance(variable, str):
                cond[f"unknown{len(cond)}"] = Unknown("condition not known")
                continue
            block = cond.setdefault(test, LDict(line=getattr(c, "line", cond.line)))
            block[variable] = values
            block.lines[variable] = getattr(c, "line", cond.line)
            cond.lines[test] = getattr(c, "line", cond.line)
        out["Condition"] = cond
        out.lines["Condition"] = cond.line
    elif isinstance(conditions, Unknown):
        out["Condition"] = conditions
    return out


def _principal(blocks: list[Any], line: int) -> Any:
    out = LDict(line=line)
    for block in blocks:
        if isinstance(block, Unknown):
            return block
        if not isinstance(block, dict):
            continue
        kind, ids = block.get("type"), block.get("identifiers")
        if isinstance(kind, Unknown):
            return kind
        if kind == "*":
            return (
                LStr("*", SourceLine(int(line), getattr(line, "file", ""))) if hasattr(line, "file") else "*"
            )
        if isinstance(kind, str):
            existing = out.get(kind)
            if isinstance(existing, LList) and isinstance(ids, list):
                merged = LList(existing, line=existing.line)
                merged.lines = list(existing.lines)
                for i, v in enumerate(ids):
                    merged.append(v)
                    merged.lines.append(ids.line_of(i) if isinstance(ids, LList) else line)
                out[kind] = merged
            else:
                out[kind] = ids
            out.lines[kind] = getattr(block, "line", line)
    return out
