"""boto3 (unchanged) against the emulator: Directory Service snapshots, IP routes, conditional forwarders,
domain controllers, alias/SSO and RADIUS, with paginators and error codes.

Run: EMULATOR_ENDPOINT=http://127.0.0.1:4566 python3 boto3_ds_extras.py
Exits non-zero with a message on the first failed check. Uses its own account, so it never resets the emulator.
"""
import socket
import sys
import time
from emulator_client import client as _client, expect_error, wait


ACCOUNT = "210987654321"


def client(service, region="eu-west-1"):
    return _client(service, ACCOUNT, region)

def describe(ds, d):
    return ds.describe_directories(DirectoryIds=[d])["DirectoryDescriptions"][0]


def main():
    ec2, ds = client("ec2"), client("ds")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    s1 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24", AvailabilityZone=zones[0])["Subnet"]["SubnetId"]
    s2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.2.0/24", AvailabilityZone=zones[1])["Subnet"]["SubnetId"]
    vpc_settings = {"VpcId": vpc, "SubnetIds": [s1, s2]}

    simple = ds.create_directory(Name="simple.example.com", Password="Sup3rSecret!", Size="Small", VpcSettings=vpc_settings)["DirectoryId"]
    msad = ds.create_microsoft_ad(Name="corp.example.com", Password="Sup3rSecret!", Edition="Standard", VpcSettings=vpc_settings)["DirectoryId"]
    for d in (simple, msad):
        wait(f"{d} Active", lambda d=d: describe(ds, d)["Stage"] == "Active")

    # Snapshots: five manual ones, then the limit; the paginator walks them; Creating -> Completed.
    snaps = [ds.create_snapshot(DirectoryId=simple, Name=f"snap{i}")["SnapshotId"] for i in range(5)]
    expect_error("SnapshotLimitExceededException", ds.create_snapshot, DirectoryId=simple)
    limits = ds.get_snapshot_limits(DirectoryId=simple)["SnapshotLimits"]
    assert limits == {"ManualSnapshotsLimit": 5, "ManualSnapshotsCurrentCount": 5, "ManualSnapshotsLimitReached": True}, limits
    paged = [s["SnapshotId"] for page in ds.get_paginator("describe_snapshots").paginate(DirectoryId=simple, PaginationConfig={"PageSize": 2})
             for s in page["Snapshots"]]
    assert sorted(paged) == sorted(snaps), paged
    wait("snapshots Completed", lambda: all(s["Status"] == "Completed" for s in ds.describe_snapshots(DirectoryId=simple)["Snapshots"]))
    ds.restore_from_snapshot(SnapshotId=snaps[0])
    wait("restored directory Active", lambda: describe(ds, simple)["Stage"] == "Active")
    assert ds.delete_snapshot(SnapshotId=snaps[1])["SnapshotId"] == snaps[1]
    expect_error("EntityDoesNotExistException", ds.delete_snapshot, SnapshotId=snaps[1])

    # IP routes.
    ds.add_ip_routes(DirectoryId=msad, IpRoutes=[{"CidrIp": "12.12.12.12/32", "Description": "dns"}, {"CidrIp": "203.0.113.0/24"}],
                     UpdateSecurityGroupForDirectoryControllers=True)
    expect_error("EntityAlreadyExistsException", ds.add_ip_routes, DirectoryId=msad, IpRoutes=[{"CidrIp": "12.12.12.12/32"}])
    routes = [r for page in ds.get_paginator("list_ip_routes").paginate(DirectoryId=msad, PaginationConfig={"PageSize": 1})
              for r in page["IpRoutesInfo"]]
    assert [r["CidrIp"] for r in routes] == ["12.12.12.12/32", "203.0.113.0/24"], routes
    assert all(r["IpRouteStatusMsg"] == "Added" and r["AddedDateTime"] for r in routes), routes
    ds.remove_ip_routes(DirectoryId=msad, CidrIps=["12.12.12.12/32"])
    assert [r["CidrIp"] for r in ds.list_ip_routes(DirectoryId=msad)["IpRoutesInfo"]] == ["203.0.113.0/24"]

    # Conditional forwarders.
    ds.create_conditional_forwarder(DirectoryId=msad, RemoteDomainName="remote.example.org", DnsIpAddrs=["10.1.0.5"])
    ds.update_conditional_forwarder(DirectoryId=msad, RemoteDomainName="remote.example.org", DnsIpAddrs=["10.1.0.6"])
    fwd = ds.describe_conditional_forwarders(DirectoryId=msad)["ConditionalForwarders"]
    assert fwd == [{"RemoteDomainName": "remote.example.org", "DnsIpAddrs": ["10.1.0.6"], "ReplicationScope": "Domain"}], fwd
    ds.delete_conditional_forwarder(DirectoryId=msad, RemoteDomainName="remote.example.org")
    expect_error("EntityDoesNotExistException", ds.delete_conditional_forwarder, DirectoryId=msad, RemoteDomainName="remote.example.org")

    # Domain controllers.
    desc = describe(ds, msad)
    dcs = ds.describe_domain_controllers(DirectoryId=msad)["DomainControllers"]
    assert [dc["DnsIpAddr"] for dc in dcs] == desc["DnsIpAddrs"], dcs
    assert all(dc["Status"] == "Active" and dc["SubnetId"] in (s1, s2) for dc in dcs), dcs
    ds.update_number_of_domain_controllers(DirectoryId=msad, DesiredNumber=3)
    assert describe(ds, msad)["DesiredNumberOfDomainControllers"] == 3
    wait("third controller Active", lambda: [dc["Status"] for dc in ds.describe_domain_controllers(DirectoryId=msad)["DomainControllers"]] == ["Active"] * 3)
    expect_error("UnsupportedOperationException", ds.update_number_of_domain_controllers, DirectoryId=simple, DesiredNumber=3)

    # Alias and SSO.
    alias = "dsx" + str(int(time.time() * 1000))
    assert ds.create_alias(DirectoryId=msad, Alias=alias)["Alias"] == alias
    assert describe(ds, msad)["AccessUrl"] == f"{alias}.awsapps.com"
    expect_error("EntityAlreadyExistsException", ds.create_alias, DirectoryId=msad, Alias=alias + "b")
    expect_error("EntityAlreadyExistsException", ds.create_alias, DirectoryId=simple, Alias=alias)
    ds.enable_sso(DirectoryId=msad)
    assert describe(ds, msad)["SsoEnabled"] is True
    ds.disable_sso(DirectoryId=msad)
    assert describe(ds, msad)["SsoEnabled"] is False

    # RADIUS: the emulator really probes the servers, so point it at an unused UDP port on 127.0.0.1 (nothing
    # answers: Failed); RadiusMfaTests covers Completed against FreeRADIUS.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    unused_port = probe.getsockname()[1]
    probe.close()
    radius = {"RadiusServers": ["127.0.0.1"], "RadiusPort": unused_port, "RadiusTimeout": 1, "RadiusRetries": 0,
              "SharedSecret": "s3cret-shared", "AuthenticationProtocol": "PAP", "DisplayLabel": "MFA", "UseSameUsername": True}
    expect_error("UnsupportedOperationException", ds.enable_radius, DirectoryId=simple, RadiusSettings=radius)
    ds.enable_radius(DirectoryId=msad, RadiusSettings=radius)
    wait("RADIUS probe Failed", lambda: describe(ds, msad).get("RadiusStatus") == "Failed")
    assert describe(ds, msad)["RadiusSettings"]["RadiusServers"] == ["127.0.0.1"]
    ds.update_radius(DirectoryId=msad, RadiusSettings=dict(radius, RadiusTimeout=2))
    wait("RADIUS updated and probed", lambda: describe(ds, msad).get("RadiusStatus") == "Failed"
         and describe(ds, msad)["RadiusSettings"]["RadiusTimeout"] == 2)
    ds.disable_radius(DirectoryId=msad)
    assert "RadiusStatus" not in describe(ds, msad)

    for d in (simple, msad):
        ds.delete_directory(DirectoryId=d)
    print("boto3 ds extras checks passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
