// Testing provisioning code against the WorkSpaces emulator with node:test and the AWS SDK for JavaScript v3.
//   npm ci && EMULATOR_ENDPOINT=http://localhost:4566 npm test
// Every test starts from an empty emulator (POST /_emulator/reset in beforeEach).
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { EC2Client, DescribeSubnetsCommand } from "@aws-sdk/client-ec2";
import {
  DirectoryServiceClient,
  ConnectDirectoryCommand,
  DescribeDirectoriesCommand,
  EntityDoesNotExistException,
} from "@aws-sdk/client-directory-service";
import {
  WorkSpacesClient,
  RegisterWorkspaceDirectoryCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspaceBundlesCommand,
  CreateWorkspacesCommand,
  DescribeWorkspacesCommand,
  TerminateWorkspacesCommand,
} from "@aws-sdk/client-workspaces";

const endpoint = (process.env.EMULATOR_ENDPOINT ?? "http://localhost:4566").replace(/\/$/, "");
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
const ec2 = new EC2Client(config);
const ds = new DirectoryServiceClient(config);
const workspaces = new WorkSpacesClient(config);

beforeEach(async () => {
  const response = await fetch(`${endpoint}/_emulator/reset`, { method: "POST" });
  assert.equal(response.status, 200);
});

async function waitUntil(fetchValue, done, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fetchValue();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// An AD Connector in the default VPC, registered with WorkSpaces. (There is no Directory Service Data client on npm,
// so no user can be created in a Simple AD from JavaScript; an AD Connector's users live on-premises and every
// name is accepted.)
async function registeredConnector() {
  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }))).Subnets.slice(0, 2);
  const { DirectoryId } = await ds.send(new ConnectDirectoryCommand({
    Name: "corp.example.com", ShortName: "CORP", Password: "Sup3rSecret!", Size: "Small",
    ConnectSettings: { VpcId: subnets[0].VpcId, SubnetIds: subnets.map((s) => s.SubnetId), CustomerDnsIps: ["10.0.0.10"], CustomerUserName: "Admin" },
  }));
  await waitUntil(async () => (await ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [DirectoryId] }))).DirectoryDescriptions[0].Stage, (s) => s === "Active");
  await workspaces.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId }));
  await waitUntil(async () => (await workspaces.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DirectoryId] }))).Directories[0].State, (s) => s === "REGISTERED");
  return DirectoryId;
}

// The code under test: one WorkSpace per user.
async function provisionDesktops(directoryId, users) {
  const bundles = (await workspaces.send(new DescribeWorkspaceBundlesCommand({ Owner: "AMAZON" }))).Bundles;
  const bundleId = bundles.find((b) => b.ComputeType.Name === "STANDARD").BundleId;
  const result = await workspaces.send(new CreateWorkspacesCommand({
    Workspaces: users.map((UserName) => ({ DirectoryId: directoryId, UserName, BundleId: bundleId })),
  }));
  return result.PendingRequests.map((p) => p.WorkspaceId);
}

test("provisioned WorkSpaces become AVAILABLE", async () => {
  const directoryId = await registeredConnector();
  const ids = await provisionDesktops(directoryId, ["jdoe", "asmith"]);
  assert.equal(ids.length, 2);
  const available = await waitUntil(
    async () => (await workspaces.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }))).Workspaces,
    (list) => list.length === 2 && list.every((w) => w.State === "AVAILABLE"));
  assert.deepEqual(available.map((w) => w.UserName).sort(), ["asmith", "jdoe"]);
  assert.ok(available.every((w) => w.IpAddress));
});

test("terminated WorkSpaces disappear", async () => {
  const directoryId = await registeredConnector();
  const [id] = await provisionDesktops(directoryId, ["jdoe"]);
  await waitUntil(async () => (await workspaces.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces[0].State, (s) => s === "AVAILABLE");
  await workspaces.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
  await waitUntil(async () => (await workspaces.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces.length, (n) => n === 0);
});

test("each test starts from an empty emulator", async () => {
  assert.deepEqual((await ds.send(new DescribeDirectoriesCommand({}))).DirectoryDescriptions, []);
});

test("modelled errors are the SDK's exception classes", async () => {
  await assert.rejects(ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ["d-0123456789"] })), EntityDoesNotExistException);
});
