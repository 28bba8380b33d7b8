"""Shared helpers of the boto3 scripts: clients pointed at the emulator, polling, and error assertions."""
import os
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["EMULATOR_ENDPOINT"]
CONFIG = Config(retries={"max_attempts": 1})


def client(service, account, region="eu-west-1"):
    """An unchanged boto3 client; a 12-digit access key id is the account the emulator scopes resources to."""
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=region, config=CONFIG,
                        aws_access_key_id=account, aws_secret_access_key="test")


def wait(what, fn, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def expect_error_status(code, status, fn, *args, **kwargs):
    """Calls fn and asserts it fails with the AWS error code (and HTTP status, unless None) and a request id."""
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        actual = e.response["Error"]["Code"]
        assert actual == code, f"expected {code}, got {actual}: {e}"
        if status is not None:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == status, e.response["ResponseMetadata"]
        assert e.response["ResponseMetadata"]["RequestId"], "error without request id"
        return e
    raise AssertionError(f"expected {code}, call succeeded")


def expect_error(code, fn, *args, **kwargs):
    return expect_error_status(code, None, fn, *args, **kwargs)
