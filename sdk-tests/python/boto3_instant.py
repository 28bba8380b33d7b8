"""boto3 (unchanged) against an emulator started with EMULATOR_TRANSITION_SECONDS=0: every read right after a
mutation already shows the final state, with no polling anywhere.

Run: EMULATOR_ENDPOINT=http://127.0.0.1:4566 python3 boto3_instant.py   (emulator with EMULATOR_TRANSITION_SECONDS=0)
"""
from emulator_client import client

ACCOUNT = "314159265358"


def main():
    ec2, ds, dsd, ws = (client(s, ACCOUNT) for s in ("ec2", "ds", "ds-data", "workspaces"))
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][:2]
    vpc = subnets[0]["VpcId"]

    d = ds.create_directory(Name="instant.example.com", Password="Sup3rSecret!", Size="Small",
                            VpcSettings={"VpcId": vpc, "SubnetIds": [s["SubnetId"] for s in subnets]})["DirectoryId"]
    stage = ds.describe_directories(DirectoryIds=[d])["DirectoryDescriptions"][0]["Stage"]
    assert stage == "Active", stage
    dsd.create_user(DirectoryId=d, SAMAccountName="jdoe", GivenName="John", Surname="Doe")

    ws.register_workspace_directory(DirectoryId=d)
    state = ws.describe_workspace_directories(DirectoryIds=[d])["Directories"][0]["State"]
    assert state == "REGISTERED", state

    bundle = ws.describe_workspace_bundles(Owner="AMAZON")["Bundles"][0]["BundleId"]
    created = ws.create_workspaces(Workspaces=[{"DirectoryId": d, "UserName": "jdoe", "BundleId": bundle,
                                                "WorkspaceProperties": {"RunningMode": "AUTO_STOP"}}])
    assert not created["FailedRequests"], created
    w = created["PendingRequests"][0]["WorkspaceId"]
    assert ws.describe_workspaces(WorkspaceIds=[w])["Workspaces"][0]["State"] == "AVAILABLE"
    ws.stop_workspaces(StopWorkspaceRequests=[{"WorkspaceId": w}])
    assert ws.describe_workspaces(WorkspaceIds=[w])["Workspaces"][0]["State"] == "STOPPED"
    ws.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": w}])
    assert ws.describe_workspaces(WorkspaceIds=[w])["Workspaces"] == []

    ws.deregister_workspace_directory(DirectoryId=d)
    assert ws.describe_workspace_directories(DirectoryIds=[d])["Directories"] == []
    ds.delete_directory(DirectoryId=d)
    assert ds.describe_directories()["DirectoryDescriptions"] == []
    print("boto3 instant-mode checks passed")


if __name__ == "__main__":
    main()
