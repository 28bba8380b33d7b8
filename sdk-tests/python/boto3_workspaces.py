"""boto3 (unchanged) against the emulator: paging, tags, per-item failures, lifecycle, errors, moto reset.

Run: EMULATOR_ENDPOINT=http://127.0.0.1:4566 python3 boto3_workspaces.py
Exits non-zero with a message on the first failed check.
"""
import sys
import urllib.request
from emulator_client import client as _client, ENDPOINT, expect_error, wait


def client(service, account="123456789012", region="eu-west-1"):
    return _client(service, account, region)

def main():
    # moto's server-mode reset works unchanged.
    urllib.request.urlopen(urllib.request.Request(ENDPOINT + "/moto-api/reset", method="POST")).read()

    ec2, ds, dsd, ws = client("ec2"), client("ds"), client("ds-data"), client("workspaces")

    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    s1 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone=zones[0])["Subnet"]["SubnetId"]
    s2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.2.0/24", AvailabilityZone=zones[1])["Subnet"]["SubnetId"]
    s3 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.3.0/24", AvailabilityZone=zones[0])["Subnet"]["SubnetId"]

    # Directory validation: two subnets in the same AZ are refused.
    expect_error("ClientException", ds.create_directory, Name="bad.example.com", Password="Sup3rSecret!", Size="Small",
                 VpcSettings={"VpcId": vpc, "SubnetIds": [s1, s3]})

    d = ds.create_directory(Name="corp.example.com", ShortName="CORP", Password="Sup3rSecret!", Size="Small",
                            VpcSettings={"VpcId": vpc, "SubnetIds": [s1, s2]})["DirectoryId"]
    wait("directory Active", lambda: ds.describe_directories(DirectoryIds=[d])["DirectoryDescriptions"][0]["Stage"] == "Active")
    desc = ds.describe_directories(DirectoryIds=[d])["DirectoryDescriptions"][0]
    assert all(ip.startswith("10.20.") for ip in desc["DnsIpAddrs"]), desc["DnsIpAddrs"]
    enis = ec2.describe_network_interfaces(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkInterfaces"]
    assert {e["PrivateIpAddress"] for e in enis} >= set(desc["DnsIpAddrs"]), enis

    # Directory tags.
    ds.add_tags_to_resource(ResourceId=d, Tags=[{"Key": "owner", "Value": "qa"}])
    assert ds.list_tags_for_resource(ResourceId=d)["Tags"] == [{"Key": "owner", "Value": "qa"}]

    # Users, paged with the ds-data paginator.
    users = [f"user{i:02d}" for i in range(30)]
    for u in users:
        dsd.create_user(DirectoryId=d, SAMAccountName=u, GivenName="Test")
    listed = [u["SAMAccountName"] for page in dsd.get_paginator("list_users").paginate(DirectoryId=d, PaginationConfig={"PageSize": 7}) for u in page["Users"]]
    assert set(users) <= set(listed), listed
    expect_error("ConflictException", dsd.create_user, DirectoryId=d, SAMAccountName="user01")
    expect_error("ResourceNotFoundException", dsd.describe_user, DirectoryId=d, SAMAccountName="ghost")

    ws.register_workspace_directory(DirectoryId=d)
    wait("registered", lambda: ws.describe_workspace_directories(DirectoryIds=[d])["Directories"][0]["State"] == "REGISTERED")

    bundle = next(b for b in ws.describe_workspace_bundles(Owner="AMAZON")["Bundles"] if b["ComputeType"]["Name"] == "VALUE")["BundleId"]

    # 25 per batch is the maximum; 26 is a validation error.
    reqs = [{"DirectoryId": d, "UserName": u, "BundleId": bundle, "WorkspaceProperties": {"RunningMode": "AUTO_STOP"}} for u in users]
    expect_error("ValidationException", ws.create_workspaces, Workspaces=reqs[:26])
    first = ws.create_workspaces(Workspaces=reqs[:25])
    assert len(first["PendingRequests"]) == 25 and not first["FailedRequests"], first["FailedRequests"]
    rest = ws.create_workspaces(Workspaces=reqs[25:] + [{"DirectoryId": d, "UserName": "ghost", "BundleId": bundle}])
    assert len(rest["PendingRequests"]) == 5, rest
    assert len(rest["FailedRequests"]) == 1 and rest["FailedRequests"][0]["WorkspaceRequest"]["UserName"] == "ghost", rest["FailedRequests"]

    ids = [w["WorkspaceId"] for w in first["PendingRequests"] + rest["PendingRequests"]]
    ips = {w["IpAddress"] for w in ws.describe_workspaces(WorkspaceIds=ids[:25])["Workspaces"] if w.get("IpAddress")}
    assert len(ips) == len([1 for _ in ips]), "IP addresses must be unique"

    # Paging with the boto3 paginator and Limit.
    paged = [w["WorkspaceId"] for page in ws.get_paginator("describe_workspaces").paginate(DirectoryId=d, PaginationConfig={"PageSize": 4}) for w in page["Workspaces"]]
    assert sorted(paged) == sorted(ids), (len(paged), len(ids))
    page = ws.describe_workspaces(DirectoryId=d, Limit=10)
    assert len(page["Workspaces"]) == 10 and "NextToken" in page
    expect_error("InvalidParameterValuesException", ws.describe_workspaces, WorkspaceIds=ids[:1], DirectoryId=d)

    wait("all AVAILABLE", lambda: all(w["State"] == "AVAILABLE" for p in ws.get_paginator("describe_workspaces").paginate(DirectoryId=d) for w in p["Workspaces"]))
    all_ws = [w for p in ws.get_paginator("describe_workspaces").paginate(DirectoryId=d) for w in p["Workspaces"]]
    assert len({w["IpAddress"] for w in all_ws}) == 30, "30 distinct addresses"
    assert not set(desc["DnsIpAddrs"]) & {w["IpAddress"] for w in all_ws}, "directory DNS addresses are reserved"

    # Per-item failures on state changes: unknown id and wrong state.
    target = ids[0]
    stop = ws.stop_workspaces(StopWorkspaceRequests=[{"WorkspaceId": target}, {"WorkspaceId": "ws-000000000"}])
    assert len(stop["FailedRequests"]) == 1 and stop["FailedRequests"][0]["WorkspaceId"] == "ws-000000000", stop
    wait("stopped", lambda: ws.describe_workspaces(WorkspaceIds=[target])["Workspaces"][0]["State"] == "STOPPED")
    reboot = ws.reboot_workspaces(RebootWorkspaceRequests=[{"WorkspaceId": target}])
    assert len(reboot["FailedRequests"]) == 1, "a STOPPED WorkSpace cannot be rebooted"
    ws.start_workspaces(StartWorkspaceRequests=[{"WorkspaceId": target}])
    wait("available again", lambda: ws.describe_workspaces(WorkspaceIds=[target])["Workspaces"][0]["State"] == "AVAILABLE")

    # Maintenance, properties, connection status.
    ws.modify_workspace_state(WorkspaceId=target, WorkspaceState="ADMIN_MAINTENANCE")
    assert ws.describe_workspaces(WorkspaceIds=[target])["Workspaces"][0]["State"] == "ADMIN_MAINTENANCE"
    ws.modify_workspace_state(WorkspaceId=target, WorkspaceState="AVAILABLE")
    ws.modify_workspace_properties(WorkspaceId=target, WorkspaceProperties={"RunningMode": "ALWAYS_ON"})
    wait("ALWAYS_ON", lambda: ws.describe_workspaces(WorkspaceIds=[target])["Workspaces"][0]["WorkspaceProperties"]["RunningMode"] == "ALWAYS_ON")
    status = ws.describe_workspaces_connection_status(WorkspaceIds=[target])["WorkspacesConnectionStatus"]
    assert status[0]["WorkspaceId"] == target and status[0]["ConnectionState"] in ("CONNECTED", "DISCONNECTED", "UNKNOWN"), status

    # Tags on a WorkSpace.
    ws.create_tags(ResourceId=target, Tags=[{"Key": "cost-center", "Value": "42"}])
    assert {"Key": "cost-center", "Value": "42"} in ws.describe_tags(ResourceId=target)["TagList"]
    expect_error("ResourceNotFoundException", ws.describe_tags, ResourceId="ws-000000000")

    # Terminate everything; the directory can then be deregistered and deleted.
    for i in range(0, len(ids), 25):
        res = ws.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": x} for x in ids[i:i + 25]])
        assert not res["FailedRequests"], res
    wait("all terminated", lambda: not ws.describe_workspaces(DirectoryId=d)["Workspaces"])
    ws.deregister_workspace_directory(DirectoryId=d)
    wait("deregistered", lambda: not ws.describe_workspace_directories(DirectoryIds=[d])["Directories"])
    ds.delete_directory(DirectoryId=d)
    wait("directory deleted", lambda: not [x for x in ds.describe_directories()["DirectoryDescriptions"] if x["DirectoryId"] == d])

    # Nothing leaks into another account or Region.
    assert not client("ds", account="999999999999").describe_directories()["DirectoryDescriptions"]
    assert not client("workspaces", region="us-west-2").describe_workspaces()["Workspaces"]
    print("boto3 checks passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
