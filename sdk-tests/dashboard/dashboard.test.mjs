// The dashboard (/_emulator/ui) in Debian's Chromium: a WorkSpace created and stopped through the AWS SDK for
// JavaScript v3 changes state on the page without a reload (server-sent events).
//   EMULATOR_ENDPOINT=http://127.0.0.1:4566 node dashboard.test.mjs     (CHROMIUM=/usr/bin/chromium by default)
// Prints "dashboard checks passed" when every check passes; DASHBOARD_SCREENSHOT=path.png saves a picture.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { EC2Client, DescribeSubnetsCommand } from "@aws-sdk/client-ec2";
import { DirectoryServiceClient, ConnectDirectoryCommand, DescribeDirectoriesCommand } from "@aws-sdk/client-directory-service";
import {
  WorkSpacesClient, RegisterWorkspaceDirectoryCommand, DescribeWorkspaceDirectoriesCommand, DescribeWorkspaceBundlesCommand,
  CreateWorkspacesCommand, StopWorkspacesCommand,
} from "@aws-sdk/client-workspaces";

const endpoint = process.env.EMULATOR_ENDPOINT?.replace(/\/$/, "");
if (!endpoint) { console.error("FAILED: set EMULATOR_ENDPOINT"); process.exit(2); }
const config = { endpoint, region: "eu-west-1", credentials: { accessKeyId: "123456789012", secretAccessKey: "test" }, maxAttempts: 1 };
const ec2 = new EC2Client(config), ds = new DirectoryServiceClient(config), ws = new WorkSpacesClient(config);

async function until(fetchValue, done) {
  for (const deadline = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 200))) {
    const v = await fetchValue();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(v)}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const failedRequests = [];
  page.on("requestfailed", (r) => { if (!r.url().includes("/_emulator/ui/events")) failedRequests.push(r.url()); });
  await page.goto(`${endpoint}/_emulator/ui`);
  await page.waitForSelector("#live.on", { timeout: 30_000 });
  // Only requests to the emulator itself: everything is embedded (no CDN).
  await page.evaluate(() => { window.loadedOnce = "yes"; });

  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }))).Subnets.slice(0, 2);
  const { DirectoryId } = await ds.send(new ConnectDirectoryCommand({
    Name: "corp.example.com", ShortName: "CORP", Password: "Sup3rSecret!", Size: "Small",
    ConnectSettings: { VpcId: subnets[0].VpcId, SubnetIds: subnets.map((s) => s.SubnetId), CustomerDnsIps: ["10.0.0.10"], CustomerUserName: "Admin" },
  }));
  // The directory appears in its account/Region section without a reload.
  await page.waitForSelector(`section[data-scope="123456789012/eu-west-1"] tr[data-directory="${DirectoryId}"]`, { timeout: 30_000 });
  await until(async () => (await ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [DirectoryId] }))).DirectoryDescriptions[0].Stage, (s) => s === "Active");
  await ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId }));
  await until(async () => (await ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DirectoryId] }))).Directories[0].State, (s) => s === "REGISTERED");
  const code = (await ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DirectoryId] }))).Directories[0].RegistrationCode;
  await page.waitForSelector(`tr[data-directory="${DirectoryId}"] [data-state="REGISTERED"]`, { timeout: 30_000 });
  assert.ok((await page.textContent(`tr[data-directory="${DirectoryId}"]`)).includes(code), "the registration code is shown");
  assert.equal(await page.getAttribute(`tr[data-directory="${DirectoryId}"] a[href="/client/"]`, "href"), "/client/");

  const bundleId = (await ws.send(new DescribeWorkspaceBundlesCommand({ Owner: "AMAZON" }))).Bundles.find((b) => b.ComputeType.Name === "STANDARD").BundleId;
  const created = await ws.send(new CreateWorkspacesCommand({ Workspaces: [{ DirectoryId, UserName: "jdoe", BundleId: bundleId, WorkspaceProperties: { RunningMode: "AUTO_STOP" } }] }));
  const id = created.PendingRequests[0].WorkspaceId;

  // AVAILABLE in the table and in the topology drawing, with its desktop's streaming endpoints.
  await page.waitForSelector(`tr[data-workspace="${id}"][data-state="AVAILABLE"]`, { timeout: 60_000 });
  await page.waitForSelector(`svg circle[data-workspace="${id}"][data-state="AVAILABLE"]`, { timeout: 10_000 });
  assert.match(await page.textContent(`tr[data-workspace="${id}"]`), /PCOIP 127\.0\.0\.1:\d+/);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("tr[data-workspace] .ws-state .state")).backgroundColor), "rgb(29, 129, 2)", "AVAILABLE is green");
  if (process.env.DASHBOARD_SCREENSHOT) await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true });

  // Stopped through the API: the same page (no reload) shows STOPPED.
  await ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }));
  await page.waitForSelector(`tr[data-workspace="${id}"][data-state="STOPPED"]`, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.loadedOnce), "yes", "the page was not reloaded");
  assert.ok(await page.evaluate(() => window.dashboardUpdates) >= 3, "updates arrived as events");
  assert.deepEqual(failedRequests, []);
  const external = await page.evaluate((origin) => performance.getEntriesByType("resource").map((e) => e.name).filter((u) => !u.startsWith(origin)), endpoint);
  assert.deepEqual(external, [], "nothing is loaded from anywhere but the emulator");
  console.log("dashboard checks passed");
} finally {
  await browser.close();
}
