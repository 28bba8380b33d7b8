"""pytest fixtures for testing code against the WorkSpaces emulator with boto3.

Point them at an emulator with EMULATOR_ENDPOINT (default http://localhost:4566), e.g.
    docker run --rm -p 4566:4566 workspaces-emulator   and   python3 -m pytest samples/pytest
Every test starts from an empty emulator: the autouse fixture POSTs /_emulator/reset before it.
"""
import os
import time
import urllib.request

import boto3
import pytest

ENDPOINT = os.environ.get("EMULATOR_ENDPOINT", "http://localhost:4566").rstrip("/")


@pytest.fixture(scope="session")
def session():
    # Any credentials work; a 12-digit access key id would select that account.
    return boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")


@pytest.fixture(scope="session")
def workspaces(session):
    return session.client("workspaces", endpoint_url=ENDPOINT)


@pytest.fixture(scope="session")
def ds(session):
    return session.client("ds", endpoint_url=ENDPOINT)


@pytest.fixture(scope="session")
def ec2(session):
    return session.client("ec2", endpoint_url=ENDPOINT)


@pytest.fixture(autouse=True)
def reset_emulator():
    request = urllib.request.Request(ENDPOINT + "/_emulator/reset", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    yield


def wait_until(fetch, done, timeout=120, interval=0.2):
    """Polls fetch() until done(value); returns the value (AWS's lifecycles are asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; last value: {value!r}")
        time.sleep(interval)


def default_subnets(ec2):
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][:2]
    return {"VpcId": subnets[0]["VpcId"], "SubnetIds": [s["SubnetId"] for s in subnets]}


def register(ds, workspaces, directory_id):
    wait_until(lambda: ds.describe_directories(DirectoryIds=[directory_id])["DirectoryDescriptions"][0]["Stage"],
               lambda stage: stage == "Active")
    workspaces.register_workspace_directory(DirectoryId=directory_id)
    wait_until(lambda: workspaces.describe_workspace_directories(DirectoryIds=[directory_id])["Directories"][0]["State"],
               lambda state: state == "REGISTERED")
    return directory_id


@pytest.fixture
def connector(ec2, ds, workspaces):
    """An AD Connector in the default VPC, Active and registered with WorkSpaces; returns its id. Its users live in
    the (on-premises) directory it fronts, so WorkSpaces accepts any user name — no user needs creating. (With a
    Simple AD, users come from Directory Service Data: session.client("ds-data"), boto3 1.35 or later.)"""
    settings = default_subnets(ec2)
    directory_id = ds.connect_directory(
        Name="corp.example.com", ShortName="CORP", Password="Sup3rSecret!", Size="Small",
        ConnectSettings={**settings, "CustomerDnsIps": ["10.0.0.10"], "CustomerUserName": "Admin"},
    )["DirectoryId"]
    return register(ds, workspaces, directory_id)


@pytest.fixture
def simple_ad(ec2, ds, workspaces):
    """A Simple AD (no users yet), Active and registered with WorkSpaces; returns its id."""
    directory_id = ds.create_directory(Name="test.example.com", ShortName="TEST", Password="Sup3rSecret!",
                                       Size="Small", VpcSettings=default_subnets(ec2))["DirectoryId"]
    return register(ds, workspaces, directory_id)
