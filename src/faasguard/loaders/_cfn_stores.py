"""Data stores a template declares (databases, caches, search domains, clusters, file systems).

Rules only need to know that a logical id names a data store reached over
the network, what kind it is and whether it lives in a VPC, so that a
function's ``!GetAtt Db.Endpoint.Address`` can be recognised for what it is.
"""

from __future__ import annotations

from typing import Any

from faasguard.loaders._nodes import LDict
from faasguard.model import DataStore, Location, Unknown

__all__ = ["STORE_TYPES", "data_store"]

#: resource type -> the kind of data store it declares
STORE_TYPES: dict[str, str] = {
    "AWS::RDS::DBInstance": "RDS",
    "AWS::RDS::DBCluster": "RDS",
    "AWS::RDS::DBProxy": "RDS",
    "AWS::RDS::DBProxyEndpoint": "RDS",
    "AWS::ElastiCache::CacheCluster": "ElastiCache",
    "AWS::ElastiCache::ReplicationGroup": "ElastiCache",
    "AWS::ElastiCache::ServerlessCache": "ElastiCache",
    "AWS::MemoryDB::Cluster": "MemoryDB",
    "AWS::Redshift::Cluster": "Redshift",
    "AWS::RedshiftServerless::Workgroup": "Redshift",
    "AWS::OpenSearchService::Domain": "OpenSearch",
    "AWS::Elasticsearch::Domain": "OpenSearch",
    "AWS::DocDB::DBCluster": "DocumentDB",
    "AWS::DocDB::DBInstance": "DocumentDB",
    "AWS::DocDBElastic::Cluster": "DocumentDB",
    "AWS::Neptune::DBCluster": "Neptune",
    "AWS::Neptune::DBInstance": "Neptune",
    "AWS::MSK::Cluster": "MSK",
    "AWS::MSK::ServerlessCluster": "MSK",
    "AWS::EFS::FileSystem": "EFS",
    "AWS::DAX::Cluster": "DAX",
}

#: kinds that can live outside a VPC: in one only when their VPC options name subnets
#: (``VPCOptions`` in CloudFormation, ``vpc_options`` compiled from Terraform)
_VPC_OPTIONAL = {"OpenSearch": ("VPCOptions", "VpcOptions")}


def _in_vpc(lid: str, props: LDict, keys: tuple[str, ...]) -> bool | Unknown:
    options: Any = next((props[k] for k in keys if k in props), None)
    if options is None:
        return False
    if isinstance(options, Unknown):
        return Unknown(f"VPCOptions of {lid}: {options.reason}")
    subnets = options.get("SubnetIds") if isinstance(options, dict) else None
    if isinstance(subnets, Unknown):
        return Unknown(f"VPCOptions.SubnetIds of {lid}: {subnets.reason}")
    return bool(subnets)


def data_store(lid: str, rtype: str, props: LDict, location: Location) -> DataStore:
    """The data store an ``rtype`` resource declares (``rtype`` must be in :data:`STORE_TYPES`)."""
    kind = STORE_TYPES[rtype]
    keys = _VPC_OPTIONAL.get(kind)
    public = props.get("PubliclyAccessible")
    return DataStore(
        lid,
        kind,
        rtype,
        location,
        _in_vpc(lid, props, keys) if keys else True,
        public if isinstance(public, bool) else None,
    )
