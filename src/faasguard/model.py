"""The normalised workload model every loader produces and every rule reads.

Values are plain Python values when they are known.  Three wrappers carry
what a plain value cannot say:

* :class:`Unknown` - the loader could not decide the value (an import from
  another stack, a parameter without default, an undecidable condition).
  Rules must neither fire nor pass on an unknown value.
* :class:`Derived` - a string that was *computed* from the template (a
  ``Ref`` to a parameter, an ``Fn::Sub``, a resource attribute) rather than
  written literally; it remembers where it came from.
* :class:`DynamicRef` - a ``{{resolve:...}}`` reference, resolved by the
  deployment service, never a literal secret.

Every item carries a :class:`Location`; ``field_lines`` gives the line of
each property the item was built from, so findings point at the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeGuard

__all__ = [
    "Alarm",
    "Api",
    "ApiDomain",
    "ApiKind",
    "ApiRoute",
    "ApiStage",
    "Authorizer",
    "Bucket",
    "DataStore",
    "DeclaredResource",
    "Derived",
    "DynamicRef",
    "EnvVar",
    "EventRule",
    "ExternalRef",
    "Function",
    "FunctionCode",
    "FunctionUrl",
    "Group",
    "IgnoreDeclaration",
    "KmsKey",
    "Location",
    "LogGroup",
    "LooseDependency",
    "MessageResource",
    "MetricFilter",
    "Permission",
    "Policy",
    "Principal",
    "Role",
    "Route",
    "Secret",
    "SecurityGroup",
    "SecurityGroupRule",
    "ShippedPackage",
    "SourceLine",
    "Statement",
    "Subnet",
    "Trail",
    "Trigger",
    "TriggerKind",
    "Unknown",
    "User",
    "VpcConfig",
    "Vulnerability",
    "WafAssociation",
    "Workload",
    "is_known",
]


class SourceLine(int):
    """A line number that also names its file.

    Sources spread over several files (a Terraform configuration) put these
    in the line tables of their nodes, so a :class:`Location` built from one
    points at the right file whichever file the workload came from.
    """

    file: str

    def __new__(cls, line: int, file: str) -> SourceLine:
        obj = super().__new__(cls, line)
        obj.file = file
        return obj


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a source file: path (as given to the scanner) and 1-based line."""

    file: str
    line: int = 0

    def __post_init__(self) -> None:
        if type(self.line) is SourceLine:  # the line knows its own file
            object.__setattr__(self, "file", self.line.file)
            object.__setattr__(self, "line", int(self.line))

    def at(self, line: int | None) -> Location:
        """The same file at another line (unchanged when ``line`` is falsy)."""
        return Location(self.file, line) if line else self


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value faasguard could not resolve, with the reason in words."""

    reason: str

    def __bool__(self) -> bool:  # an unknown is never "set" nor "unset"
        raise TypeError("the truth of an unknown value is undecided; test is_known() first")

    def __str__(self) -> str:
        return f"<unknown: {self.reason}>"


@dataclass(frozen=True, slots=True)
class ExternalRef(Unknown):
    """A value the deployment tool fetches from elsewhere: unknown here, but known to be a reference.

    ``source`` names the store (``ssm``, ``secretsmanager``, ``cf``, ``s3``,
    ``aws``, ``import``), ``key`` what is read from it.  Rules treat it as
    unknown; data-protection rules can still tell that a secret store is read
    into a plain setting at deploy time.
    """

    source: str = ""
    key: str = ""


class Derived(str):
    """A string computed from the template rather than written literally.

    ``origin`` names how (``parameter:DbPassword``, ``sub``, ``getatt``,
    ``ref``); ``refs`` holds the logical ids of the resources it refers to.
    """

    __slots__ = ("origin", "refs")
    origin: str
    refs: frozenset[str]

    def __new__(cls, text: str, origin: str, refs: frozenset[str] = frozenset()) -> Derived:
        obj = super().__new__(cls, text)
        obj.origin = origin
        obj.refs = refs
        return obj


class DynamicRef(str):
    """A ``{{resolve:service:...}}`` dynamic reference (a reference, not a secret)."""

    __slots__ = ()


def is_known(value: object) -> TypeGuard[Any]:
    """True when ``value`` is not :class:`Unknown` (``None`` counts as known: absent)."""
    return not isinstance(value, Unknown)


def _lines() -> dict[str, int]:
    return {}


@dataclass(frozen=True, slots=True)
class Principal:
    """One principal of a policy statement, normalised.

    ``kind`` is ``AWS``, ``Service``, ``Federated``, ``CanonicalUser`` or ``*``
    (the bare string ``"*"``).
    """

    kind: str
    value: str | Unknown


@dataclass(frozen=True, slots=True)
class Statement:
    """An IAM policy statement with every key in list form."""

    effect: str | Unknown
    actions: tuple[str | Unknown, ...] = ()
    not_actions: tuple[str | Unknown, ...] = ()
    resources: tuple[str | Unknown, ...] = ()
    not_resources: tuple[str | Unknown, ...] = ()
    principals: tuple[Principal, ...] = ()
    not_principals: tuple[Principal, ...] = ()
    # operator -> condition key -> values, keys lower-cased as IAM compares them
    conditions: dict[str, dict[str, tuple[Any, ...]]] | Unknown = field(default_factory=dict)
    sid: str | None = None
    location: Location = Location("")
    field_lines: dict[str, int] = field(default_factory=_lines)

    @property
    def allows(self) -> bool:
        """True for an explicit ``Allow`` (an unknown effect is not an allow)."""
        return isinstance(self.effect, str) and self.effect == "Allow"

    def condition_keys(self) -> frozenset[str]:
        """The lower-cased condition keys of this statement (empty when unknown)."""
        if isinstance(self.conditions, Unknown):
            return frozenset()
        return frozenset(k for keys in self.conditions.values() for k in keys)


@dataclass(frozen=True, slots=True)
class Policy:
    """A policy document: inline, customer-managed, AWS-managed or a SAM template."""

    name: str
    statements: tuple[Statement, ...] | Unknown
    location: Location
    source: str = "inline"  # inline | managed | aws-managed | sam-template | resource
    arn: str | Unknown | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """An IAM role.  ``implicit`` roles are created by SAM for a function."""

    id: str
    location: Location
    name: str | Unknown | None = None
    trust: Policy | None = None
    policies: tuple[Policy, ...] = ()
    managed_policy_arns: tuple[tuple[str | Unknown, Location], ...] = ()
    permissions_boundary: str | Unknown | None = None
    implicit: bool = False
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class User:
    """An IAM user (a human or a long-lived key) with the policies that reach it."""

    id: str
    location: Location
    name: Any = None
    policies: tuple[Policy, ...] = ()
    managed_policy_arns: tuple[tuple[str | Unknown, Location], ...] = ()
    groups: tuple[Any, ...] = ()  # logical ids or names of the groups it belongs to
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class Group:
    """An IAM group and its policies."""

    id: str
    location: Location
    name: Any = None
    policies: tuple[Policy, ...] = ()
    managed_policy_arns: tuple[tuple[str | Unknown, Location], ...] = ()
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class EnvVar:
    """One environment variable of a function."""

    name: str
    value: Any
    location: Location


@dataclass(frozen=True, slots=True)
class VpcConfig:
    """A function's VPC attachment."""

    subnet_ids: tuple[str | Unknown, ...] | Unknown
    security_group_ids: tuple[str | Unknown, ...] | Unknown
    location: Location


@dataclass(frozen=True, slots=True)
class FunctionUrl:
    """A Lambda function URL (``AWS::Lambda::Url`` or SAM ``FunctionUrlConfig``)."""

    id: str
    function_id: str | Unknown
    auth_type: str | Unknown
    location: Location
    cors_origins: tuple[str | Unknown, ...] | Unknown | None = None
    qualifier: Any = None  # alias or version the URL is on (None: the unqualified function)
    field_lines: dict[str, int] = field(default_factory=_lines)


class TriggerKind(StrEnum):
    """What invokes a function."""

    API = "api"
    API_ASYNC = "api_async"  # an API route that invokes the function asynchronously
    HTTP_API = "http_api"
    WEBSOCKET = "websocket"
    FUNCTION_URL = "function_url"
    ALB = "alb"
    S3 = "s3"
    SNS = "sns"
    SQS = "sqs"
    KINESIS = "kinesis"
    DYNAMODB = "dynamodb"
    MSK = "msk"
    MQ = "mq"
    SCHEDULE = "schedule"
    EVENTBRIDGE = "eventbridge"
    CLOUDWATCH_LOGS = "cloudwatch_logs"
    IOT = "iot"
    COGNITO = "cognito"
    ALEXA = "alexa"
    OTHER = "other"


#: Triggers the Lambda service invokes asynchronously (retries, then drops).
ASYNC_TRIGGERS = frozenset(
    {
        TriggerKind.S3,
        TriggerKind.SNS,
        TriggerKind.SCHEDULE,
        TriggerKind.EVENTBRIDGE,
        TriggerKind.CLOUDWATCH_LOGS,
        TriggerKind.IOT,
        TriggerKind.API_ASYNC,
    }
)
#: Triggers whose caller waits for the answer (and gives up after a limit).
SYNC_TRIGGERS = frozenset(
    {TriggerKind.API, TriggerKind.HTTP_API, TriggerKind.WEBSOCKET, TriggerKind.ALB, TriggerKind.FUNCTION_URL}
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """An event source of a function."""

    kind: TriggerKind
    function_id: str
    location: Location
    source: Any = None  # the source ARN / logical id when known
    api_id: str | None = None  # for API triggers: the API the route belongs to
    has_failure_destination: bool | Unknown = False  # event-source-mapping level


@dataclass(frozen=True, slots=True)
class Function:
    """A Lambda function with the settings the checklist cares about.

    A field is ``None`` when the template does not set it (AWS's default
    applies), :class:`Unknown` when it is set but cannot be resolved.
    """

    id: str
    location: Location
    resource_type: str = "AWS::Lambda::Function"
    name: Any = None
    runtime: Any = None
    handler: Any = None
    package_type: Any = None  # Zip | Image
    code_uri: Any = None
    image_uri: Any = None
    role: Any = None  # logical id of a Role in this workload, an ARN, or Unknown
    environment: tuple[EnvVar, ...] | Unknown = ()
    kms_key: Any = None
    timeout: Any = None
    memory: Any = None
    reserved_concurrency: Any = None
    vpc: VpcConfig | Unknown | None = None
    tracing: Any = None  # Active | PassThrough
    dead_letter_target: Any = None
    on_failure_destination: Any = None
    on_success_destination: Any = None
    code_signing_config: Any = None
    layers: tuple[Any, ...] | Unknown = ()
    layer_lines: tuple[int, ...] = ()  # the line of each layer, item for item (empty: unknown)
    url: FunctionUrl | None = None
    ephemeral_storage: Any = None
    tags: tuple[tuple[str, Any, Location], ...] = ()
    log_group: Any = None  # LoggingConfig.LogGroup when set
    recursive_loop: Any = None
    # the template condition the function exists under when it could not be decided (None: always exists)
    condition: str | None = None
    build: str | None = None  # how `sam build` builds it (its Metadata): a BuildMethod, or "docker"
    field_lines: dict[str, int] = field(default_factory=_lines)

    def line_of(self, key: str) -> Location:
        """Location of property ``key`` (the resource itself when absent)."""
        return self.location.at(self.field_lines.get(key))


@dataclass(frozen=True, slots=True)
class Permission:
    """A resource-based permission on a function or layer (who may invoke it)."""

    id: str
    location: Location
    target: Any  # function logical id / ARN / layer
    action: Any
    principal: Any
    source_arn: Any = None
    source_account: Any = None
    principal_org_id: Any = None
    function_url_auth_type: Any = None
    event_source_token: Any = None
    implicit: bool = False  # created by SAM from an event
    resource_type: str = "AWS::Lambda::Permission"
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class Authorizer:
    """An API authorizer (Lambda, Cognito, JWT, IAM)."""

    id: str
    kind: str  # token | request | cognito | jwt | iam
    location: Location
    query_sources: tuple[tuple[str, Location], ...] = ()  # query-string parameters it reads the identity from


class ApiKind(StrEnum):
    """API Gateway flavours."""

    REST = "rest"
    HTTP = "http"
    WEBSOCKET = "websocket"


@dataclass(frozen=True, slots=True)
class Route:
    """One route/method of an API and how it is authorised."""

    api_id: str
    method: str
    path: str
    authorization: Any  # NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS | JWT | Unknown
    location: Location
    function_id: str | None = None
    api_key_required: Any = None
    request_validator: Any = None
    asynchronous: bool = False  # the integration invokes the function with InvocationType Event
    # query-string parameters the route declares (or an API-key scheme reads from the query string)
    query_parameters: tuple[tuple[str, Location], ...] = ()


# Kept as an alias so the model reads naturally for APIs.
ApiRoute = Route


@dataclass(frozen=True, slots=True)
class ApiStage:
    """A deployed stage of an API."""

    id: str
    api_id: str
    location: Location
    name: Any = None
    access_log_destination: Any = None
    access_log_format: Any = None
    tracing: Any = None
    throttling_rate: Any = None
    throttling_burst: Any = None
    logging_level: Any = None
    data_trace: Any = None
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class ApiDomain:
    """A custom domain name of an API."""

    id: str
    location: Location
    domain_name: Any = None
    security_policy: Any = None
    mutual_tls: Any = None
    endpoint_type: Any = None
    resource_type: str = ""  # AWS::ApiGateway::DomainName | AWS::ApiGatewayV2::DomainName
    apis: tuple[Any, ...] = ()  # the APIs mapped to it (logical ids; unknown when not decidable)
    tags: tuple[tuple[str, Any], ...] = ()
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class Api:
    """An API Gateway API (REST, HTTP or WebSocket)."""

    id: str
    kind: ApiKind
    location: Location
    resource_type: str = ""
    endpoint_type: Any = None  # EDGE | REGIONAL | PRIVATE
    routes: tuple[Route, ...] = ()
    stages: tuple[ApiStage, ...] = ()
    authorizers: tuple[Authorizer, ...] = ()
    default_authorizer: Any = None
    disable_execute_api_endpoint: Any = None
    has_resource_policy: bool = False
    resource_policy: Policy | None = None  # the statements, when the template writes them
    cors_origins: tuple[Any, ...] | Unknown | None = None  # allowed origins when CORS is configured
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class KmsKey:
    """A customer-managed KMS key."""

    id: str
    location: Location
    rotation: Any = None
    pending_window_days: Any = None
    key_spec: Any = None
    policy: Policy | None = None
    origin: Any = None  # AWS_KMS (default) | EXTERNAL | AWS_CLOUDHSM | EXTERNAL_KEY_STORE
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class Secret:
    """A Secrets Manager secret and its rotation."""

    id: str
    location: Location
    kms_key: Any = None
    rotation_id: str | Unknown | None = None  # the rotation schedule resource when present
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class Trail:
    """A CloudTrail trail."""

    id: str
    location: Location
    multi_region: Any = None
    log_validation: Any = None
    kms_key: Any = None
    bucket: Any = None
    is_logging: Any = None
    lambda_data_events: bool | Unknown = False
    management_events: bool | Unknown = True  # False when every event selector leaves them out
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class Bucket:
    """An S3 bucket and its policy statements."""

    id: str
    location: Location
    name: Any = None
    object_lock: Any = None
    policy: Policy | None = None
    # PublicAccessBlockConfiguration.RestrictPublicBuckets: when true, a public policy admits
    # only AWS services and this account's principals (None: not set)
    restrict_public: Any = None
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class LogGroup:
    """A CloudWatch Logs log group."""

    id: str
    location: Location
    name: Any = None
    retention_days: Any = None
    kms_key: Any = None
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class Alarm:
    """A CloudWatch metric alarm."""

    id: str
    location: Location
    namespace: Any = None
    metric: Any = None
    dimensions: tuple[tuple[str, Any], ...] | Unknown = ()
    # metric-math alarms (``Metrics``): each ``MetricStat.Metric`` as (namespace, metric, dimensions)
    metrics: tuple[tuple[Any, Any, tuple[tuple[str, Any], ...] | Unknown], ...] | Unknown = ()
    expressions: tuple[Any, ...] = ()  # the ``Expression`` of each metric-math query


@dataclass(frozen=True, slots=True)
class MetricFilter:
    """A CloudWatch Logs metric filter: log events matching ``pattern`` become a metric."""

    id: str
    location: Location
    log_group: Any = None
    pattern: Any = None
    metrics: tuple[tuple[Any, Any], ...] | Unknown = ()  # (namespace, metric name) it publishes


@dataclass(frozen=True, slots=True)
class EventRule:
    """An EventBridge rule (schedules and event patterns)."""

    id: str
    location: Location
    pattern: Any = None
    schedule: Any = None
    targets: tuple[Any, ...] | Unknown = ()
    state: Any = None  # ENABLED (the default) | DISABLED | ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS


@dataclass(frozen=True, slots=True)
class WafAssociation:
    """A WAFv2 web ACL associated with a resource (an API stage, an ALB)."""

    id: str
    location: Location
    resource_arn: Any
    web_acl: Any


@dataclass(frozen=True, slots=True)
class SecurityGroupRule:
    """One ingress or egress rule."""

    direction: str  # ingress | egress
    protocol: Any
    cidr: Any
    from_port: Any
    to_port: Any
    location: Location


@dataclass(frozen=True, slots=True)
class SecurityGroup:
    """An EC2 security group with its rules (inline and separate)."""

    id: str
    location: Location
    egress: tuple[SecurityGroupRule, ...] | Unknown | None = None  # None: the AWS default (all out)
    ingress: tuple[SecurityGroupRule, ...] | Unknown = ()


@dataclass(frozen=True, slots=True)
class Subnet:
    """A subnet and whether it routes to an internet gateway."""

    id: str
    location: Location
    vpc: Any = None
    map_public_ip: Any = None
    routes_to_igw: bool | Unknown = False


@dataclass(frozen=True, slots=True)
class MessageResource:
    """A queue, topic, stream or table (things that feed functions)."""

    id: str
    kind: str  # sqs | sns | kinesis | dynamodb
    location: Location
    encryption: Any = None  # kms key id, "aws-managed", or None
    visibility_timeout: Any = None  # SQS: seconds a received message stays hidden (AWS default 30)
    field_lines: dict[str, int] = field(default_factory=_lines)


@dataclass(frozen=True, slots=True)
class DataStore:
    """A database, cache, search domain, stream cluster or file system reached over the network.

    ``in_vpc`` says whether it lives in a VPC: always for VPC-only services
    (RDS, ElastiCache, DocumentDB ...), only with ``VPCOptions`` for an
    OpenSearch domain.
    """

    id: str
    kind: str  # RDS | ElastiCache | MemoryDB | Redshift | OpenSearch | DocumentDB | Neptune | MSK | EFS | DAX
    resource_type: str
    location: Location
    in_vpc: bool | Unknown = True
    public: bool | None = None  # PubliclyAccessible when the source says (None: not said)


@dataclass(frozen=True, slots=True)
class IgnoreDeclaration:
    """A suppression written on a resource in the source (CloudFormation ``Metadata: faasguard``).

    Kept as written: the suppression step checks the rule ids, the reason and the date.
    """

    rule_ids: tuple[str, ...]
    reason: str
    location: Location
    until: str = ""  # ISO date as written, "" when none
    problem: str = ""  # why the entry cannot be read ("" when it can); such an entry suppresses nothing


@dataclass(frozen=True, slots=True)
class DeclaredResource:
    """A resource as written in the source: the line of its logical id and what was generated from it.

    ``covers`` holds its own id and the ids of the resources SAM (or the
    Serverless compiler) generated from it, so a suppression on it covers them too.
    """

    id: str
    location: Location
    covers: tuple[str, ...]
    ignores: tuple[IgnoreDeclaration, ...] = ()


@dataclass(frozen=True, slots=True)
class Vulnerability:
    """A published advisory that affects a shipped package version."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    level: str | None  # critical | high | medium | low, from the advisory's severity when it has one
    score: float | None  # CVSS base score when the advisory gives a vector
    fixed: tuple[str, ...]  # versions that fix it
    source: str  # which service answered


@dataclass(frozen=True, slots=True)
class ShippedPackage:
    """One package a function ships: name, version, where it is declared, and its advisories."""

    ecosystem: str
    name: str
    version: str | None
    location: Location  # the lockfile or manifest line
    direct: bool
    vulnerabilities: tuple[Vulnerability, ...] = ()
    unchecked: str = ""  # why no advisory service could check this version (empty: checked)


@dataclass(frozen=True, slots=True)
class LooseDependency:
    """A declared dependency whose installed version nothing fixes (a range, a URL, no lockfile)."""

    name: str
    spec: str
    location: Location
    why: str


@dataclass(frozen=True, slots=True)
class FunctionCode:
    """The code a function ships, as its folder's manifests and lockfiles describe it.

    ``advisories`` names the service that checked the packages (empty when
    none could: each package then says why in ``unchecked``).
    """

    function_id: str
    folder: str
    location: Location  # where the function names its code (CodeUri, filename, handler)
    packages: tuple[ShippedPackage, ...] = ()
    loose: tuple[LooseDependency, ...] = ()
    unlocked: tuple[Location, ...] = ()  # manifests that declare packages and have no lockfile
    advisories: str = ""
    shared_with: tuple[str, ...] = ()  # other functions shipping the same folder
    # what the folder's files say (read, never run): imported modules, size, dev files that would ship
    python_imports: frozenset[str] | None = None  # None: no Python source read
    js_imports: frozenset[str] | None = None  # None: no JavaScript/TypeScript source read
    dynamic_imports: bool = False  # some import names are computed: imports are not all known
    size: int | None = None  # bytes under the folder (None: not measured in full)
    dev_files: tuple[str, ...] = ()  # relative paths
    unused: tuple[LooseDependency, ...] = ()  # direct dependencies no source imports (manifest lines)


@dataclass(frozen=True, slots=True)
class Workload:
    """Everything one source (a template, a project) declares."""

    source: str  # the file or project the workload was loaded from
    format: str  # cloudformation | sam | serverless | terraform | aws
    functions: tuple[Function, ...] = ()
    roles: tuple[Role, ...] = ()
    users: tuple[User, ...] = ()
    groups: tuple[Group, ...] = ()
    permissions: tuple[Permission, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    apis: tuple[Api, ...] = ()
    domains: tuple[ApiDomain, ...] = ()
    keys: tuple[KmsKey, ...] = ()
    secrets: tuple[Secret, ...] = ()
    trails: tuple[Trail, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    log_groups: tuple[LogGroup, ...] = ()
    alarms: tuple[Alarm, ...] = ()
    metric_filters: tuple[MetricFilter, ...] = ()
    event_rules: tuple[EventRule, ...] = ()
    waf_associations: tuple[WafAssociation, ...] = ()
    security_groups: tuple[SecurityGroup, ...] = ()
    subnets: tuple[Subnet, ...] = ()
    message_resources: tuple[MessageResource, ...] = ()
    data_stores: tuple[DataStore, ...] = ()
    # every function URL, also those on aliases and on functions outside this source
    function_urls: tuple[FunctionUrl, ...] = ()
    notes: tuple[tuple[Location, str], ...] = ()  # parts not analysed, with why
    # broken parts of a source that was otherwise scanned (a resource without Type, a duplicate key):
    # each is reported as an input error, so the run cannot look clean
    problems: tuple[tuple[Location, str], ...] = ()
    # the resources as written (logical-id lines, generated resources, Metadata ignores), for suppressions
    declared: tuple[DeclaredResource, ...] = ()
    # what each function ships (its code folder's packages and their advisories), when analysed
    code: tuple[FunctionCode, ...] = ()

    def role(self, ref: object) -> Role | None:
        """The role a function's ``role`` field points at, when it is in this workload."""
        if isinstance(ref, str):
            for role in self.roles:
                if role.id == ref:
                    return role
        return None

    def function(self, ref: object) -> Function | None:
        """The function with logical id ``ref``, when it is in this workload."""
        if isinstance(ref, str):
            for fn in self.functions:
                if fn.id == ref:
                    return fn
        return None
