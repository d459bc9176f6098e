"""Pydantic models of the AKS Edge Essentials deployment JSON (GA layout, schema 1.5 to 1.16).

The models are the one source of the document's *structure*: which keys exist and what type each holds.
Aliases are the JSON's PascalCase keys. Labels, help and rules live elsewhere (fields.py, rules.py).
`extra="allow"` because the product ignores keys it does not know, and so must we (rules warn about them).
Strict mode: the product reads the file with ConvertFrom-Json, so a quoted number is a different thing.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True)


class KmsPlugin(_Section):
    enable: bool | None = Field(None, alias="Enable")


class Init(_Section):
    service_ip_range_start: str | None = Field(None, alias="ServiceIPRangeStart")
    service_ip_range_size: int | None = Field(None, alias="ServiceIPRangeSize")
    kms_plugin: KmsPlugin | None = Field(None, alias="KmsPlugin")


class Join(_Section):
    cluster_join_token: str | None = Field(None, alias="ClusterJoinToken")
    discovery_token_hash: str | None = Field(None, alias="DiscoveryTokenHash")
    certificate_key: str | None = Field(None, alias="CertificateKey")
    cluster_id: str | None = Field(None, alias="ClusterId")


class Arc(_Section):
    cluster_name: str | None = Field(None, alias="ClusterName")
    location: str | None = Field(None, alias="Location")
    resource_group_name: str | None = Field(None, alias="ResourceGroupName")
    subscription_id: str | None = Field(None, alias="SubscriptionId")
    tenant_id: str | None = Field(None, alias="TenantId")
    client_id: str | None = Field(None, alias="ClientId")
    client_secret: str | None = Field(None, alias="ClientSecret")
    custom_locations_oid: str | None = Field(None, alias="CustomLocationsOid")
    enable_workload_identity: bool | None = Field(None, alias="EnableWorkloadIdentity")


class Proxy(_Section):
    http: str | None = Field(None, alias="Http")
    https: str | None = Field(None, alias="Https")
    no: str | None = Field(None, alias="No")


class Network(_Section):
    control_plane_endpoint_ip: str | None = Field(None, alias="ControlPlaneEndpointIp")
    network_plugin: str | None = Field(None, alias="NetworkPlugin")
    ip4_gateway_address: str | None = Field(None, alias="Ip4GatewayAddress")
    ip4_prefix_length: int | None = Field(None, alias="Ip4PrefixLength")
    ip4_address_prefix: str | None = Field(None, alias="Ip4AddressPrefix")
    dns_servers: list[str] | None = Field(None, alias="DnsServers")
    internet_disabled: bool | None = Field(None, alias="InternetDisabled")
    skip_address_free_check: bool | None = Field(None, alias="SkipAddressFreeCheck")
    skip_dns_check: bool | None = Field(None, alias="SkipDnsCheck")
    proxy: Proxy | None = Field(None, alias="Proxy")


class VolumeLicense(_Section):
    enrollment_id: str | None = Field(None, alias="EnrollmentID")
    part_number: str | None = Field(None, alias="PartNumber")


class User(_Section):
    accept_eula: bool | None = Field(None, alias="AcceptEula")
    accept_optional_telemetry: bool | None = Field(None, alias="AcceptOptionalTelemetry")
    accept_gpu_warning: bool | None = Field(None, alias="AcceptGpuWarning")
    volume_license: VolumeLicense | None = Field(None, alias="VolumeLicense")


class NetworkConnection(_Section):
    adapter_name: str | None = Field(None, alias="AdapterName")
    mtu: int | None = Field(None, alias="Mtu")


class MemoryHugePages(_Section):
    size: int | None = Field(None, alias="Size")
    count: int | None = Field(None, alias="Count")


class SecondaryNetwork(_Section):
    vm_switch_name: str | None = Field(None, alias="VMSwitchName")
    ip4_address: str | None = Field(None, alias="Ip4Address")
    ip4_gateway_address: str | None = Field(None, alias="Ip4GatewayAddress")
    ip4_prefix_length: int | None = Field(None, alias="Ip4PrefixLength")


class GpuPassthrough(_Section):
    name: str | None = Field(None, alias="Name")
    type: str | None = Field(None, alias="Type")
    count: int | None = Field(None, alias="Count")


class LinuxNode(_Section):
    control_plane: bool | None = Field(None, alias="ControlPlane")
    cpu_count: int | None = Field(None, alias="CpuCount")
    memory_in_mb: int | None = Field(None, alias="MemoryInMB")
    memory_huge_pages: MemoryHugePages | None = Field(None, alias="MemoryHugePages")
    data_size_in_gb: int | None = Field(None, alias="DataSizeInGB")
    log_size_in_gb: int | None = Field(None, alias="LogSizeInGB")
    ip4_address: str | None = Field(None, alias="Ip4Address")
    mac_address: str | None = Field(None, alias="MacAddress")
    mtu: int | None = Field(None, alias="Mtu")
    timeout_seconds: int | None = Field(None, alias="TimeoutSeconds")
    tpm_passthrough: bool | None = Field(None, alias="TpmPassthrough")
    secondary_networks: list[SecondaryNetwork] | None = Field(None, alias="SecondaryNetworks")
    gpu_passthrough: GpuPassthrough | None = Field(None, alias="GpuPassthrough")


class WindowsNode(_Section):
    cpu_count: int | None = Field(None, alias="CpuCount")
    memory_in_mb: int | None = Field(None, alias="MemoryInMB")
    ip4_address: str | None = Field(None, alias="Ip4Address")
    mac_address: str | None = Field(None, alias="MacAddress")
    mtu: int | None = Field(None, alias="Mtu")
    timeout_seconds: int | None = Field(None, alias="TimeoutSeconds")


class Machine(_Section):
    arc_hybrid_compute_machine_id: str | None = Field(None, alias="ArcHybridComputeMachineId")
    network_connection: NetworkConnection | None = Field(None, alias="NetworkConnection")
    linux_node: LinuxNode | None = Field(None, alias="LinuxNode")
    windows_node: WindowsNode | None = Field(None, alias="WindowsNode")


class Deployment(_Section):
    """The whole deployment document, as `New-AksEdgeDeployment -JsonConfigFilePath` reads it."""

    schema_version: str | None = Field(None, alias="SchemaVersion")
    version: str | None = Field(None, alias="Version")
    deployment_type: str | None = Field(None, alias="DeploymentType")
    init: Init | None = Field(None, alias="Init")
    join: Join | None = Field(None, alias="Join")
    arc: Arc | None = Field(None, alias="Arc")
    network: Network | None = Field(None, alias="Network")
    user: User | None = Field(None, alias="User")
    machines: list[Machine] | None = Field(None, alias="Machines")


def _alias_tree(model: type[BaseModel]) -> dict[str, Any]:
    """{JsonKey: subtree or None} for a model; lists of models are marked with a one-item list."""
    tree: dict[str, Any] = {}
    for info in model.model_fields.values():
        tree[info.alias or ""] = _child_tree(info.annotation)
    return tree


def _child_tree(annotation: Any) -> Any:
    import typing

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _alias_tree(annotation)
    if origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return [_alias_tree(args[0])]
    for arg in args:
        sub = _child_tree(arg)
        if sub is not None:
            return sub
    return None


def alias_tree() -> dict[str, Any]:
    """The key tree the models describe: dict = object, [dict] = array of objects, None = a value."""
    return _alias_tree(Deployment)
