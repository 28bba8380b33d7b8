"""Strict mode (EMULATOR_STRICT=true) driven by unchanged boto3: SigV4 is verified, and the AWS rules test suites
usually skip are enforced. The emulator runs with EMULATOR_CREDENTIALS=AKIDSTRICTA:secretA:111122223333 and
EMULATOR_ADMIN_TOKEN=admintoken (see StrictModeSdkTests.cs)."""
import datetime
import json
import os
import urllib.error
import urllib.request

import boto3
import botocore.auth
from botocore import UNSIGNED
from botocore.config import Config

from emulator_client import ENDPOINT, CONFIG, expect_error_status, wait

KEY, SECRET, ACCOUNT = "AKIDSTRICTA", "secretA", "111122223333"


def client(service, secret=SECRET, key=KEY, region="us-east-1", config=CONFIG):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=region, config=config,
                        aws_access_key_id=key, aws_secret_access_key=secret)


def signed_with_skew(fn, *args, **kwargs):
    """Signs with a clock 20 minutes slow (botocore's signer reads botocore.auth.get_current_datetime)."""
    real = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda *a, **k: real(*a, **k) - datetime.timedelta(minutes=20)
    try:
        return fn(*args, **kwargs)
    finally:
        botocore.auth.get_current_datetime = real


def tamper_body(request, **_):
    # Runs after signing: the body no longer matches the signed payload hash.
    if request.body:
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        request.body = body.replace(": 5", ": 6").replace("=5", "=6").encode()
        request.headers["Content-Length"] = str(len(request.body))


def admin(path, method="GET", token=None):
    req = urllib.request.Request(ENDPOINT + path, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def main():
    checks = 0
    # Admin endpoints need the token; health stays open and names no file.
    status, health = admin("/_emulator/health")
    assert status == 200 and health["strict"] is True and "data" not in health, health
    assert admin("/_emulator/reset", "POST")[0] == 401
    assert admin("/_emulator/reset", "POST", token="wrong")[0] == 401
    assert admin("/_emulator/reset", "POST", token="admintoken") == (200, {"status": "reset"})
    checks += 4

    ws, ec2, ds, dsd, iam, sts, kms = (client(s) for s in ("workspaces", "ec2", "ds", "ds-data", "iam", "sts", "kms"))

    # Correct credentials pass on every protocol; the account is the credential's.
    assert ws.describe_workspaces(Limit=5)["Workspaces"] == []
    assert {v["OwnerId"] for v in ec2.describe_vpcs()["Vpcs"]} == {ACCOUNT}
    assert sts.get_caller_identity()["Account"] == ACCOUNT
    kms.list_keys()
    expect_error_status("ResourceNotFoundException", 404, dsd.list_users, DirectoryId="d-1234567890")
    checks += 5

    # Wrong secret, per protocol.
    expect_error_status("InvalidSignatureException", 400, client("workspaces", secret="nope").describe_workspaces)
    expect_error_status("SignatureDoesNotMatch", 403, client("ec2", secret="nope").describe_vpcs)
    expect_error_status("SignatureDoesNotMatch", 403, client("iam", secret="nope").list_roles)
    expect_error_status("InvalidSignatureException", 403, client("ds-data", secret="nope").list_users, DirectoryId="d-1234567890")
    checks += 4

    # Unknown access key.
    expect_error_status("UnrecognizedClientException", 400, client("workspaces", key="AKIDUNKNOWN").describe_workspaces)
    expect_error_status("AuthFailure", 401, client("ec2", key="AKIDUNKNOWN").describe_vpcs)
    expect_error_status("InvalidClientTokenId", 403, client("sts", key="AKIDUNKNOWN").get_caller_identity)
    checks += 3

    # Tampered body (changed after signing).
    tampered = client("workspaces")
    tampered.meta.events.register("before-send.workspaces.DescribeWorkspaces", tamper_body)
    e = expect_error_status("InvalidSignatureException", 400, tampered.describe_workspaces, Limit=5)
    assert "does not match" in e.response["Error"]["Message"], e.response
    tampered_ec2 = client("ec2")
    tampered_ec2.meta.events.register("before-send.ec2.DescribeVpcs", tamper_body)
    expect_error_status("SignatureDoesNotMatch", 403, tampered_ec2.describe_vpcs, MaxResults=5)
    checks += 2

    # Expired: signed 20 minutes ago (JSON services allow 5 minutes, EC2 and IAM/STS 15).
    e = expect_error_status("InvalidSignatureException", 400, signed_with_skew, ws.describe_workspaces)
    assert e.response["Error"]["Message"].startswith("Signature expired: "), e.response
    expect_error_status("RequestExpired", 400, signed_with_skew, ec2.describe_vpcs)
    e = expect_error_status("SignatureDoesNotMatch", 403, signed_with_skew, sts.get_caller_identity)
    assert "Signature expired" in e.response["Error"]["Message"], e.response
    checks += 3

    # Unsigned.
    unsigned = Config(signature_version=UNSIGNED, retries={"max_attempts": 1})
    expect_error_status("MissingAuthenticationTokenException", 400, client("workspaces", config=unsigned).describe_workspaces)
    expect_error_status("MissingAuthenticationToken", 401, client("ec2", config=unsigned).describe_vpcs)
    expect_error_status("MissingAuthenticationToken", 403, client("sts", config=unsigned).get_caller_identity)
    checks += 3

    # Presigned URL (query-string SigV4): valid passes, expired fails.
    url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    with urllib.request.urlopen(url) as r:
        assert ACCOUNT.encode() in r.read()
    old = signed_with_skew(sts.generate_presigned_url, "get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    try:
        urllib.request.urlopen(old)
        raise AssertionError("an expired presigned URL was accepted")
    except urllib.error.HTTPError as err:
        assert err.code == 403 and b"Signature expired" in err.read()
    checks += 2

    # A browser page of another origin cannot drive the emulator, even with valid credentials.
    foreign = client("workspaces")
    foreign.meta.events.register("before-sign.workspaces.*", lambda request, **_: request.headers.__setitem__("Origin", "https://evil.example"))
    expect_error_status("AccessDeniedException", 403, foreign.describe_workspaces)
    checks += 1

    # Strict rules: workspaces_DefaultRole must exist, and subnets must be in AZs WorkSpaces supports.
    vpc = ec2.create_vpc(CidrBlock="10.71.0.0/16")["Vpc"]["VpcId"]
    zones = {z["ZoneId"]: z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}
    bad = ec2.create_subnet(VpcId=vpc, CidrBlock="10.71.1.0/24", AvailabilityZoneId="use1-az1")["Subnet"]["SubnetId"]
    s2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.71.2.0/24", AvailabilityZoneId="use1-az2")["Subnet"]["SubnetId"]
    s4 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.71.4.0/24", AvailabilityZoneId="use1-az4")["Subnet"]["SubnetId"]
    assert "use1-az2" in zones
    d = ds.create_directory(Name="strict.example.com", Password="Sup3rSecret!", Size="Small",
                            VpcSettings={"VpcId": vpc, "SubnetIds": [s2, s4]})["DirectoryId"]
    wait("directory Active", lambda: ds.describe_directories(DirectoryIds=[d])["DirectoryDescriptions"][0]["Stage"] == "Active")
    expect_error_status("WorkspacesDefaultRoleNotFoundException", 400, ws.register_workspace_directory, DirectoryId=d)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "workspaces.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="workspaces_DefaultRole", AssumeRolePolicyDocument=json.dumps(trust))
    for policy in ("AmazonWorkSpacesServiceAccess", "AmazonWorkSpacesSelfServiceAccess"):
        iam.attach_role_policy(RoleName="workspaces_DefaultRole", PolicyArn=f"arn:aws:iam::aws:policy/{policy}")
    role = iam.get_role(RoleName="workspaces_DefaultRole")["Role"]
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT}:role/workspaces_DefaultRole" and role["AssumeRolePolicyDocument"] == trust, role
    expect_error_status("InvalidParameterValuesException", 400, ws.register_workspace_directory, DirectoryId=d, SubnetIds=[bad, s2])
    ws.register_workspace_directory(DirectoryId=d, SubnetIds=[s2, s4])
    wait("registered", lambda: ws.describe_workspace_directories(DirectoryIds=[d])["Directories"][0]["State"] == "REGISTERED")
    checks += 4

    # A WorkSpace whose volume key is disabled or missing fails; the aws/workspaces managed key works.
    dsd.create_user(DirectoryId=d, SAMAccountName="jdoe")
    bundle = next(b for b in ws.describe_workspace_bundles(Owner="AMAZON")["Bundles"] if b["ComputeType"]["Name"] == "STANDARD")["BundleId"]
    key = kms.create_key(Description="volumes")["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=key)
    req = {"DirectoryId": d, "UserName": "jdoe", "BundleId": bundle, "UserVolumeEncryptionEnabled": True, "RootVolumeEncryptionEnabled": True}
    failed = ws.create_workspaces(Workspaces=[dict(req, VolumeEncryptionKey=key)])["FailedRequests"]
    assert [f["ErrorCode"] for f in failed] == ["InvalidResourceState.KmsKey"], failed
    failed = ws.create_workspaces(Workspaces=[dict(req, VolumeEncryptionKey="alias/does-not-exist")])["FailedRequests"]
    assert [f["ErrorCode"] for f in failed] == ["ResourceNotFound.KmsKey"], failed
    ok = ws.create_workspaces(Workspaces=[dict(req, VolumeEncryptionKey="alias/aws/workspaces")])
    assert len(ok["PendingRequests"]) == 1 and not ok["FailedRequests"], ok
    assert kms.describe_key(KeyId="alias/aws/workspaces")["KeyMetadata"]["KeyManager"] == "AWS"
    checks += 4

    # The admin view needs the token too.
    wid = ok["PendingRequests"][0]["WorkspaceId"]
    assert admin(f"/_emulator/workspaces/{wid}")[0] == 401
    assert admin(f"/_emulator/workspaces/{wid}", token="admintoken")[0] == 200
    checks += 2
    print(f"boto3 strict: {checks} checks passed")


if __name__ == "__main__":
    main()
