// The unchanged AWS SDK for JavaScript v3 against the emulator: EC2 default subnets, a Simple AD and an
// AD Connector (Directory Service), registration, CreateWorkspaces with a per-item failure, the SDK's own
// paginator, deserialized shapes (Date timestamps), tags, AUTO_STOP stop, modelled errors, clean-up.
//
// Run: EMULATOR_ENDPOINT=http://127.0.0.1:4566 node workspaces.test.mjs
// Exits non-zero with the failure on the first failed check; prints "js sdk checks passed" when all pass.
//
// There is no JavaScript client for Directory Service Data on npm, so no user can be created in the Simple AD
// through an SDK: the WorkSpaces are launched in an AD Connector (whose users live in the on-premises
// directory, so every name is accepted) and the Simple AD, which has no users, provides the per-item failure.
import assert from "node:assert/strict";
import {
  EC2Client,
  DescribeSubnetsCommand,
} from "@aws-sdk/client-ec2";
import {
  DirectoryServiceClient,
  CreateDirectoryCommand,
  ConnectDirectoryCommand,
  DescribeDirectoriesCommand,
  DeleteDirectoryCommand,
  EntityDoesNotExistException,
} from "@aws-sdk/client-directory-service";
import {
  WorkSpacesClient,
  RegisterWorkspaceDirectoryCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspaceBundlesCommand,
  CreateWorkspacesCommand,
  DescribeWorkspacesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  CreateTagsCommand,
  DescribeTagsCommand,
  DeleteTagsCommand,
  paginateDescribeWorkspaces,
  ResourceNotFoundException,
  ValidationException,
} from "@aws-sdk/client-workspaces";

const endpoint = process.env.EMULATOR_ENDPOINT;
if (!endpoint) {
  console.error("FAILED: set EMULATOR_ENDPOINT (for example http://127.0.0.1:4566)");
  process.exit(2);
}
const config = {
  endpoint,
  region: "us-west-2",
  credentials: { accessKeyId: "123456789012", secretAccessKey: "test" },
  maxAttempts: 1,
};
const ec2 = new EC2Client(config);
const ds = new DirectoryServiceClient(config);
const ws = new WorkSpacesClient(config);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last.done) return last.value;
    await sleep(100);
  }
  throw new assert.AssertionError({ message: `timed out waiting for ${what}; last seen: ${JSON.stringify(last?.value)}` });
}

/** Runs a call that must fail with a modelled error and checks what the SDK made of it. */
async function expectError(errorClass, httpStatusCode, call) {
  try {
    await call();
  } catch (err) {
    assert.equal(err.name, errorClass.name, `expected ${errorClass.name}, got ${err.name}: ${err.message}`);
    assert.ok(err instanceof errorClass, `${err.name} should deserialize to the modelled class ${errorClass.name}`);
    assert.equal(err.$fault, "client");
    assert.equal(err.$metadata.httpStatusCode, httpStatusCode);
    assert.match(err.$metadata.requestId ?? "", /\S/, `${err.name} without a request id`);
    assert.ok(err.message && err.message !== "UnknownError", `${err.name} without a message`);
    return err;
  }
  assert.fail(`expected ${errorClass.name}, but the call succeeded`);
}

function assertDate(value, what) {
  assert.ok(value instanceof Date, `${what} should be a Date, got ${typeof value}: ${value}`);
  assert.ok(!Number.isNaN(value.getTime()), `${what} is an invalid Date`);
  // Epoch seconds misread as milliseconds (or the reverse) land far from now.
  assert.ok(Math.abs(value.getTime() - Date.now()) < 366 * 24 * 3600 * 1000 * 20, `${what} is implausible: ${value.toISOString()}`);
}

const describeDirectory = async (id) =>
  (await ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [id] }))).DirectoryDescriptions[0];

const waitDirectoryActive = (id) =>
  waitFor(`directory ${id} Active`, async () => {
    const d = await describeDirectory(id);
    assert.notEqual(d.Stage, "Failed", `directory ${id} failed: ${d.StageReason}`);
    return { done: d.Stage === "Active", value: d };
  });

const waitRegistered = (id) =>
  waitFor(`directory ${id} REGISTERED`, async () => {
    const d = (await ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [id] }))).Directories[0];
    return { done: d?.State === "REGISTERED", value: d };
  });

const waitWorkspaceState = (id, state) =>
  waitFor(`${id} ${state}`, async () => {
    const w = (await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces[0];
    assert.notEqual(w?.State, "ERROR", `${id} went to ERROR: ${w?.ErrorCode} ${w?.ErrorMessage}`);
    return { done: w?.State === state, value: w };
  });

async function main() {
  // --- EC2: the default subnets, one per Availability Zone -------------------------------------------------
  const subnetsOut = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }));
  assert.match(subnetsOut.$metadata.requestId ?? "", /\S/, "EC2 response without a request id");
  const subnets = subnetsOut.Subnets;
  assert.ok(subnets.length >= 2, `expected default subnets in at least two AZs, got ${subnets.length}`);
  for (const s of subnets) {
    assert.equal(s.DefaultForAz, true, `${s.SubnetId} DefaultForAz should deserialize to the boolean true`);
    assert.equal(typeof s.AvailableIpAddressCount, "number", "AvailableIpAddressCount should be a number");
    assert.match(s.AvailabilityZone, /^us-west-2[a-z]$/);
  }
  const a = subnets[0];
  const b = subnets.find((s) => s.AvailabilityZone !== a.AvailabilityZone);
  assert.ok(b, "default subnets should span two Availability Zones");
  assert.equal(a.VpcId, b.VpcId);
  const vpcId = a.VpcId;
  const subnetIds = [a.SubnetId, b.SubnetId];

  // --- Directory Service: a Simple AD and an AD Connector --------------------------------------------------
  const { DirectoryId: simpleAd } = await ds.send(new CreateDirectoryCommand({
    Name: "corp.example.com", ShortName: "CORP", Password: "Sup3rSecret!", Size: "Small",
    Description: "js sdk", VpcSettings: { VpcId: vpcId, SubnetIds: subnetIds },
  }));
  assert.match(simpleAd, /^d-[0-9a-f]{10}$/);
  const { DirectoryId: connector } = await ds.send(new ConnectDirectoryCommand({
    Name: "onprem.example.com", ShortName: "ONPREM", Password: "Conn3ctorSecret!", Size: "Small",
    ConnectSettings: { VpcId: vpcId, SubnetIds: subnetIds, CustomerDnsIps: ["10.0.0.10"], CustomerUserName: "svc-connector" },
  }));
  assert.match(connector, /^d-[0-9a-f]{10}$/);

  const simple = await waitDirectoryActive(simpleAd);
  assert.equal(simple.Type, "SimpleAD");
  assert.equal(simple.Size, "Small");
  assert.equal(simple.Name, "corp.example.com");
  assert.equal(simple.ShortName, "CORP");
  assertDate(simple.LaunchTime, "DirectoryDescription.LaunchTime");
  assertDate(simple.StageLastUpdatedDateTime, "DirectoryDescription.StageLastUpdatedDateTime");
  assert.ok(simple.StageLastUpdatedDateTime.getTime() >= simple.LaunchTime.getTime(), "stage changed before launch");
  assert.equal(simple.DnsIpAddrs.length, 2);
  assert.deepEqual([...simple.VpcSettings.SubnetIds].sort(), [...subnetIds].sort());
  assert.equal(simple.VpcSettings.VpcId, vpcId);

  const conn = await waitDirectoryActive(connector);
  assert.equal(conn.Type, "ADConnector");
  assert.equal(conn.ConnectSettings?.CustomerUserName, "svc-connector");
  assertDate(conn.LaunchTime, "AD Connector LaunchTime");

  // --- WorkSpaces: register both directories ---------------------------------------------------------------
  await ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: simpleAd }));
  await ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: connector }));
  const regSimple = await waitRegistered(simpleAd);
  const regConn = await waitRegistered(connector);
  assert.equal(regSimple.DirectoryType, "SIMPLE_AD");
  assert.equal(regConn.DirectoryType, "AD_CONNECTOR");
  assert.match(regConn.RegistrationCode, /^[A-Za-z]{2}[a-z]{3}\+[A-Z0-9]{6}$/);
  assert.deepEqual([...regConn.SubnetIds].sort(), [...subnetIds].sort());

  const bundles = (await ws.send(new DescribeWorkspaceBundlesCommand({ Owner: "AMAZON" }))).Bundles;
  assert.ok(bundles.length > 0, "AMAZON owns public bundles");
  const bundle = bundles.find((x) => x.ComputeType?.Name === "STANDARD") ?? bundles[0];
  assert.match(bundle.BundleId, /^wsb-[0-9a-z]{8,63}$/);
  // The API reference documents AMAZON for bundles AWS provides (never an account id).
  assert.match(bundle.Owner, /^amazon$/i);
  for (const member of ["CreationTime", "LastUpdatedTime"])
    if (bundle[member] !== undefined) assertDate(bundle[member], `WorkspaceBundle.${member}`);

  // --- CreateWorkspaces: two good requests, one unknown user --------------------------------------------------
  const properties = { RunningMode: "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes: 60 };
  const created = await ws.send(new CreateWorkspacesCommand({
    Workspaces: [
      { DirectoryId: connector, UserName: "alice", BundleId: bundle.BundleId, WorkspaceProperties: properties, Tags: [{ Key: "team", Value: "js" }] },
      { DirectoryId: connector, UserName: "bob", BundleId: bundle.BundleId, WorkspaceProperties: properties },
      { DirectoryId: simpleAd, UserName: "ghost", BundleId: bundle.BundleId },
    ],
  }));
  assert.equal(created.$metadata.httpStatusCode, 200);
  assert.equal(created.PendingRequests.length, 2, JSON.stringify(created));
  assert.equal(created.FailedRequests.length, 1, JSON.stringify(created));
  const failed = created.FailedRequests[0];
  assert.equal(failed.WorkspaceRequest.UserName, "ghost");
  assert.equal(failed.WorkspaceRequest.DirectoryId, simpleAd);
  assert.ok(failed.ErrorCode && failed.ErrorMessage, "a failed request carries ErrorCode and ErrorMessage");
  for (const p of created.PendingRequests) {
    assert.match(p.WorkspaceId, /^ws-[0-9a-z]{9}$/);
    assert.equal(p.State, "PENDING");
    assert.equal(p.DirectoryId, connector);
  }
  const ids = created.PendingRequests.map((p) => p.WorkspaceId);
  const alice = created.PendingRequests.find((p) => p.UserName === "alice").WorkspaceId;

  const available = [];
  for (const id of ids) available.push(await waitWorkspaceState(id, "AVAILABLE"));
  for (const w of available) {
    assert.match(w.IpAddress, /^\d+\.\d+\.\d+\.\d+$/);
    assert.ok(subnetIds.includes(w.SubnetId), `${w.WorkspaceId} is in ${w.SubnetId}, not a directory subnet`);
    assert.equal(w.WorkspaceProperties.RunningMode, "AUTO_STOP");
    assert.equal(w.WorkspaceProperties.RunningModeAutoStopTimeoutInMinutes, 60);
    assert.equal(typeof w.UserVolumeEncryptionEnabled, "boolean");
  }
  assert.notEqual(available[0].IpAddress, available[1].IpAddress, "IP addresses are unique");

  // --- The SDK's paginator, one WorkSpace per page ----------------------------------------------------------
  const paged = [];
  let pages = 0;
  for await (const page of paginateDescribeWorkspaces({ client: ws, pageSize: 1 }, { DirectoryId: connector })) {
    pages++;
    assert.ok(page.Workspaces.length <= 1, `page of ${page.Workspaces.length} with Limit 1`);
    paged.push(...page.Workspaces.map((w) => w.WorkspaceId));
    assert.ok(pages <= 10, "the paginator does not stop: NextToken never ends");
  }
  assert.deepEqual([...paged].sort(), [...ids].sort());
  assert.ok(pages >= 2, `expected at least two pages, got ${pages}`);

  // --- Tags ------------------------------------------------------------------------------------------------
  assert.deepEqual((await ws.send(new DescribeTagsCommand({ ResourceId: alice }))).TagList, [{ Key: "team", Value: "js" }]);
  await ws.send(new CreateTagsCommand({ ResourceId: alice, Tags: [{ Key: "cost-center", Value: "42" }] }));
  const tags = (await ws.send(new DescribeTagsCommand({ ResourceId: alice }))).TagList;
  assert.deepEqual([...tags].sort((x, y) => x.Key.localeCompare(y.Key)), [{ Key: "cost-center", Value: "42" }, { Key: "team", Value: "js" }]);
  await ws.send(new DeleteTagsCommand({ ResourceId: alice, TagKeys: ["team"] }));
  assert.deepEqual((await ws.send(new DescribeTagsCommand({ ResourceId: alice }))).TagList, [{ Key: "cost-center", Value: "42" }]);

  // --- Stop an AUTO_STOP WorkSpace; an unknown id fails per item ----------------------------------------------
  const stop = await ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: alice }, { WorkspaceId: "ws-000000000" }] }));
  assert.equal(stop.FailedRequests.length, 1, JSON.stringify(stop));
  assert.equal(stop.FailedRequests[0].WorkspaceId, "ws-000000000");
  await waitWorkspaceState(alice, "STOPPED");

  // --- Modelled errors as the SDK sees them -----------------------------------------------------------------
  const notFound = await expectError(ResourceNotFoundException, 400, () => ws.send(new DescribeTagsCommand({ ResourceId: "ws-000000000" })));
  assert.equal(notFound.ResourceId, "ws-000000000", "ResourceNotFoundException.ResourceId (a modelled member)");
  const missing = await expectError(EntityDoesNotExistException, 400,
    () => ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ["d-0000000000"] })));
  assert.match(missing.message, /d-0000000000/);
  // Directory Service errors model a RequestId member: the same id as the response header.
  assert.equal(missing.RequestId, missing.$metadata.requestId);
  const tooMany = Array.from({ length: 26 }, (_, i) => ({ DirectoryId: connector, UserName: `user${i}`, BundleId: bundle.BundleId }));
  const invalid = await expectError(ValidationException, 400, () => ws.send(new CreateWorkspacesCommand({ Workspaces: tooMany })));
  assert.match(invalid.message, /workspaces/i);
  // EC2's query protocol reports errors in XML; the SDK surfaces the code as the name.
  try {
    await ec2.send(new DescribeSubnetsCommand({ SubnetIds: ["subnet-00000000000000000"] }));
    assert.fail("DescribeSubnets of an unknown subnet should fail");
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    assert.equal(err.name, "InvalidSubnetID.NotFound", err.message);
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.match(err.$metadata.requestId ?? "", /\S/, "EC2 error without a request id");
  }

  // --- Clean-up: terminate, deregister, delete ------------------------------------------------------------
  const terminated = await ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: ids.map((WorkspaceId) => ({ WorkspaceId })) }));
  assert.deepEqual(terminated.FailedRequests, []);
  await waitFor("WorkSpaces terminated", async () => {
    const left = (await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }))).Workspaces;
    return { done: left.length === 0, value: left.map((w) => `${w.WorkspaceId}:${w.State}`) };
  });
  for (const id of [simpleAd, connector]) await ws.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: id }));
  await waitFor("directories deregistered", async () => {
    const left = (await ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [simpleAd, connector] }))).Directories;
    return { done: left.length === 0, value: left.map((d) => `${d.DirectoryId}:${d.State}`) };
  });
  for (const id of [simpleAd, connector]) await ds.send(new DeleteDirectoryCommand({ DirectoryId: id }));
  await waitFor("directories deleted", async () => {
    const left = (await ds.send(new DescribeDirectoriesCommand({}))).DirectoryDescriptions
      .filter((d) => d.DirectoryId === simpleAd || d.DirectoryId === connector);
    return { done: left.length === 0, value: left.map((d) => `${d.DirectoryId}:${d.Stage}`) };
  });

  console.log("js sdk checks passed");
}

try {
  await main();
} catch (err) {
  console.error(`FAILED: ${err instanceof assert.AssertionError ? err.message : err?.stack ?? err}`);
  if (err?.$metadata) console.error(`(${err.name}, HTTP ${err.$metadata.httpStatusCode}, request ${err.$metadata.requestId})`);
  process.exit(1);
}
