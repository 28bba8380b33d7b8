"""boto3 (unchanged) against the emulator: Directory Service Data groups and group membership.

Run: EMULATOR_ENDPOINT=http://127.0.0.1:4566 python3 boto3_groups.py
Exits non-zero with a message on the first failed check. Works in its own account, so it needs no reset.
"""
import sys
from emulator_client import client as _client, expect_error_status, wait


ACCOUNT = "210987654321"


def client(service, account=ACCOUNT, region="eu-west-1"):
    return _client(service, account, region)

def names(items):
    return [i["SAMAccountName"] for i in items]


def main():
    ec2, ds, dsd = client("ec2"), client("ds"), client("ds-data")

    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    s1 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24", AvailabilityZone=zones[0])["Subnet"]["SubnetId"]
    s2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.2.0/24", AvailabilityZone=zones[1])["Subnet"]["SubnetId"]
    d = ds.create_microsoft_ad(Name="groups.example.com", ShortName="GROUPS", Password="Sup3rSecret!", Edition="Standard",
                               VpcSettings={"VpcId": vpc, "SubnetIds": [s1, s2]})["DirectoryId"]
    wait("directory Active", lambda: ds.describe_directories(DirectoryIds=[d])["DirectoryDescriptions"][0]["Stage"] == "Active")

    # Create and describe.
    created = dsd.create_group(DirectoryId=d, SAMAccountName="Engineering",
                               OtherAttributes={"description": {"S": "All engineers"}})
    assert created["SAMAccountName"] == "Engineering" and created["SID"].startswith("S-1-5-21-"), created
    group = dsd.describe_group(DirectoryId=d, SAMAccountName="engineering", OtherAttributes=["description"])
    assert group["GroupType"] == "Security" and group["GroupScope"] == "Global", group
    assert group["DistinguishedName"] == "CN=Engineering,OU=Users,OU=GROUPS,DC=groups,DC=example,DC=com", group
    assert group["OtherAttributes"]["description"]["S"] == "All engineers", group
    assert group["Realm"] == "groups.example.com", group
    expect_error_status("ConflictException", 409, dsd.create_group, DirectoryId=d, SAMAccountName="ENGINEERING")
    expect_error_status("ResourceNotFoundException", 404, dsd.describe_group, DirectoryId=d, SAMAccountName="ghosts")
    expect_error_status("ValidationException", 400, dsd.list_groups, DirectoryId=d, Realm="other.example.com")

    # Update type, scope and attributes.
    dsd.update_group(DirectoryId=d, SAMAccountName="Engineering", GroupScope="Universal", UpdateType="REPLACE",
                     OtherAttributes={"description": {"S": "Builders"}})
    group = dsd.describe_group(DirectoryId=d, SAMAccountName="Engineering", OtherAttributes=["description"])
    assert group["GroupScope"] == "Universal" and group["OtherAttributes"]["description"]["S"] == "Builders", group
    expect_error_status("ValidationException", 400, dsd.update_group, DirectoryId=d, SAMAccountName="Engineering", UpdateType="ADD",
                 OtherAttributes={"description": {"S": "again"}})

    # Many groups, paged with the boto3 paginators.
    teams = [f"team{i:02d}" for i in range(12)]
    for t in teams:
        dsd.create_group(DirectoryId=d, SAMAccountName=t, GroupType="Distribution")
    listed = [g for page in dsd.get_paginator("list_groups").paginate(DirectoryId=d, PaginationConfig={"PageSize": 5}) for g in page["Groups"]]
    assert names(listed) == ["Engineering"] + teams, names(listed)
    assert all(g["GroupType"] == "Distribution" for g in listed[1:]), listed
    first = dsd.list_groups(DirectoryId=d, MaxResults=5)
    assert len(first["Groups"]) == 5 and "NextToken" in first, first
    found = [g for page in dsd.get_paginator("search_groups").paginate(DirectoryId=d, SearchAttributes=["sAMAccountName"], SearchString="team0",
                                                                         PaginationConfig={"PageSize": 4}) for g in page["Groups"]]
    assert names(found) == teams[:10], names(found)

    # Membership: users and groups, listed both ways.
    for u in ("alice", "bob"):
        dsd.create_user(DirectoryId=d, SAMAccountName=u)
    dsd.add_group_member(DirectoryId=d, GroupName="Engineering", MemberName="alice")
    dsd.add_group_member(DirectoryId=d, GroupName="Engineering", MemberName="bob", MemberRealm="groups.example.com")
    dsd.add_group_member(DirectoryId=d, GroupName="Engineering", MemberName="team00")
    dsd.add_group_member(DirectoryId=d, GroupName="team01", MemberName="alice")
    expect_error_status("ConflictException", 409, dsd.add_group_member, DirectoryId=d, GroupName="Engineering", MemberName="ALICE")
    expect_error_status("ResourceNotFoundException", 404, dsd.add_group_member, DirectoryId=d, GroupName="Engineering", MemberName="nobody")
    expect_error_status("ValidationException", 400, dsd.add_group_member, DirectoryId=d, GroupName="Engineering", MemberName="alice", MemberRealm="other.example.com")

    members = [m for page in dsd.get_paginator("list_group_members").paginate(DirectoryId=d, SAMAccountName="Engineering",
                                                                               PaginationConfig={"PageSize": 2}) for m in page["Members"]]
    assert [(m["SAMAccountName"], m["MemberType"]) for m in members] == [("alice", "USER"), ("bob", "USER"), ("team00", "GROUP")], members
    assert all(m["SID"].startswith("S-1-5-21-") for m in members), members
    groups = [g for page in dsd.get_paginator("list_groups_for_member").paginate(DirectoryId=d, SAMAccountName="alice") for g in page["Groups"]]
    assert names(groups) == ["Engineering", "team01"], groups
    assert names(dsd.list_groups_for_member(DirectoryId=d, SAMAccountName="team00")["Groups"]) == ["Engineering"]
    expect_error_status("ResourceNotFoundException", 404, dsd.list_group_members, DirectoryId=d, SAMAccountName="ghosts")

    dsd.remove_group_member(DirectoryId=d, GroupName="Engineering", MemberName="bob")
    expect_error_status("ResourceNotFoundException", 404, dsd.remove_group_member, DirectoryId=d, GroupName="Engineering", MemberName="bob")

    # Deleting a user or a group removes its memberships.
    dsd.delete_user(DirectoryId=d, SAMAccountName="alice")
    dsd.delete_group(DirectoryId=d, SAMAccountName="team00")
    assert dsd.list_group_members(DirectoryId=d, SAMAccountName="Engineering")["Members"] == []
    assert dsd.list_group_members(DirectoryId=d, SAMAccountName="team01")["Members"] == []
    expect_error_status("ResourceNotFoundException", 404, dsd.delete_group, DirectoryId=d, SAMAccountName="team00")

    # Nothing leaks into another account.
    expect_error_status("ResourceNotFoundException", 404, client("ds-data", account="999999999998").list_groups, DirectoryId=d)

    ds.delete_directory(DirectoryId=d)
    wait("directory deleted", lambda: not [x for x in ds.describe_directories()["DirectoryDescriptions"] if x["DirectoryId"] == d])
    print("boto3 groups checks passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
