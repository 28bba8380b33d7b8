"""Example tests of provisioning code, run against the emulator (see conftest.py for the fixtures)."""
import pytest
from botocore.exceptions import ClientError

from conftest import wait_until


def standard_bundle(workspaces):
    bundles = workspaces.describe_workspace_bundles(Owner="AMAZON")["Bundles"]
    return next(b["BundleId"] for b in bundles if b["ComputeType"]["Name"] == "STANDARD")


def provision_desktop(workspaces, directory_id, user):
    """The code under test: a WorkSpace for the user, returns the WorkSpace id."""
    result = workspaces.create_workspaces(Workspaces=[{
        "DirectoryId": directory_id, "UserName": user, "BundleId": standard_bundle(workspaces),
        "WorkspaceProperties": {"RunningMode": "AUTO_STOP"},
    }])
    if result["FailedRequests"]:
        raise RuntimeError(result["FailedRequests"][0]["ErrorMessage"])
    return result["PendingRequests"][0]["WorkspaceId"]


def test_a_new_workspace_becomes_available(workspaces, connector):
    workspace_id = provision_desktop(workspaces, connector, "jdoe")
    workspace = wait_until(lambda: workspaces.describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"][0],
                           lambda w: w["State"] == "AVAILABLE")
    assert workspace["UserName"] == "jdoe"
    assert workspace["IpAddress"]


def test_stop_and_start(workspaces, connector):
    workspace_id = provision_desktop(workspaces, connector, "asmith")
    state = lambda: workspaces.describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"][0]["State"]
    wait_until(state, lambda s: s == "AVAILABLE")
    assert workspaces.stop_workspaces(StopWorkspaceRequests=[{"WorkspaceId": workspace_id}])["FailedRequests"] == []
    wait_until(state, lambda s: s == "STOPPED")
    workspaces.start_workspaces(StartWorkspaceRequests=[{"WorkspaceId": workspace_id}])
    wait_until(state, lambda s: s == "AVAILABLE")


def test_an_unknown_user_is_a_per_item_failure(workspaces, simple_ad):
    result = workspaces.create_workspaces(Workspaces=[{
        "DirectoryId": simple_ad, "UserName": "nobody", "BundleId": standard_bundle(workspaces)}])
    assert result["PendingRequests"] == []
    assert len(result["FailedRequests"]) == 1
    with pytest.raises(RuntimeError):
        provision_desktop(workspaces, simple_ad, "nobody")


def test_each_test_starts_empty(ds, workspaces):
    # The reset fixture ran: nothing from the tests before is left.
    assert ds.describe_directories()["DirectoryDescriptions"] == []
    assert workspaces.describe_workspaces()["Workspaces"] == []


def test_modelled_errors_are_aws_errors(ds):
    with pytest.raises(ClientError) as error:
        ds.describe_directories(DirectoryIds=["d-0123456789"])
    assert error.value.response["Error"]["Code"] == "EntityDoesNotExistException"
