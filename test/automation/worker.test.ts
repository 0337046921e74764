import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runbookPermissions } from "../../src";
import { FakeAzure, SeenRequest, armAction, hosts, ids, modelHosts, serviceIssue, sub } from "./fake-azure";
import { Planned, againstFake, plan } from "./planned";

const worker = path.resolve(__dirname, "../../src/automation/runbooks/worker.py");
/** A PostgreSQL pair with a virtual endpoint, as PostgresStandby's `failover` output gives it. */
const pgPair = {
  primaryServerId: ids.pgPrimary,
  replicaServerId: ids.pgReplica,
  virtualEndpointId: `${ids.pgPrimary}/virtualendpoints/agents-pg`,
  highAvailability: "ZoneRedundant" as const,
};

interface Report {
  action: string;
  dryRun: boolean;
  startedBy: string | { operator: string | null; reason: string };
  decision: { act: boolean; reason: string };
  steps: { name: string; status: string; detail: string }[];
  events: { kind: string; detail: string }[];
  result: string;
}

/**
 * The worker runbook, run with python3 against a fake Azure on 127.0.0.1 that answers like the REST API specs'
 * examples and enforces the role assignments the plan creates: the configuration and the roles both come from
 * planning FailoverAutomation under the mocks, as a deployment would make them.
 */
describe("failover worker runbook (python3, fake Azure enforcing the plan's roles)", function () {
  this.timeout(60_000);
  const fake = new FakeAzure();
  let dir: string;
  let automatic: Planned;
  let approval: Planned;
  let withDatabase: Planned;
  const files: Record<string, string> = {};

  before(async () => {
    await fake.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-worker-"));
    automatic = await plan();
    approval = await plan({ mode: "approval" });
    withDatabase = await plan({ databases: { orders: pgPair } });
    const standalone = await plan({
      databases: { orders: { primaryServerId: ids.pgPrimary, replicaServerId: ids.pgReplica } },
    });
    fake.grants = automatic.grants;
    fake.storageAccounts.set(automatic.storageAccount.name, automatic.storageAccount.id);
    for (const [key, planned] of Object.entries({ automatic, approval, withDatabase, standalone })) {
      files[key] = path.join(dir, `${key}.json`);
      fs.writeFileSync(files[key], JSON.stringify(againstFake(planned.config, fake.url)));
    }
  });
  after(async () => {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake.reset();
    fake.requests.length = 0;
    fake.pollsBeforeDone = 1;
  });

  /** Runs the worker; resolves with its exit code, report and stderr log. Bounded by a 40 s kill timer. */
  function run(
    action: string,
    extra: string[] = [],
    config = "automatic",
  ): Promise<{ code: number; report: Report; log: string; seconds: number; stdout: string }> {
    const args = [
      worker,
      "--action",
      action,
      "--config-file",
      files[config],
      "--arm-endpoint",
      fake.url,
      "--backoff-base",
      "0.01",
      "--poll-interval",
      "0.01",
      "--timeout",
      "20",
      "--recovery-timeout",
      "20",
      "--health-wait",
      "1",
      "--event-wait",
      "0",
      ...extra,
    ];
    const started = Date.now();
    return new Promise((resolve, reject) => {
      execFile(
        "python3",
        args,
        {
          env: {
            ...process.env,
            IDENTITY_ENDPOINT: `${fake.url}/msi/token`,
            IDENTITY_HEADER: "test-identity-header",
          },
          timeout: 40_000,
        },
        (error, stdout, stderr) => {
          const code = error ? ((error as { code?: number }).code ?? 99) : 0;
          try {
            resolve({
              code: typeof code === "number" ? code : 99,
              report: JSON.parse(stdout) as Report,
              log: stderr,
              seconds: (Date.now() - started) / 1000,
              stdout,
            });
          } catch {
            reject(new Error(`worker printed no report (exit ${String(code)}):\n${stdout}\n${stderr}`));
          }
        },
      );
    });
  }

  const incident = () => {
    fake.events = [serviceIssue({ service: "Azure OpenAI Service", region: "East US 2", level: "Warning" })];
  };
  const steps = (report: Report) => report.steps.map((s) => [s.name, s.status]);
  const lease = (action: string) =>
    `PUT /blob/${automatic.storageAccount.name}/locks/failover.lock (${action})`;
  const failoverWrites = [
    `POST ${ids.plan}/unplannedFailover`,
    `PATCH ${ids.chat}`,
    `PATCH ${ids.gateway}`,
    `PATCH ${ids.primaryOrigin}`,
    `POST ${ids.plan}/failoverCommit`,
  ];

  it("fails over on an active service issue in the primary region, slowest step first, standby healthy before the primary is disabled", async () => {
    incident();
    const { code, report } = await run("failover");
    expect(code, JSON.stringify(report, null, 2)).to.equal(0);
    expect(report.result).to.equal("succeeded");
    expect(report.decision.act).to.equal(true);
    expect(report.decision.reason).to.equal(
      "active service issue in East US 2: BC_1-FXZ Azure OpenAI Service (Warning, East US 2)",
    );
    expect(fake.armWriteLines()).to.deep.equal(failoverWrites);
    // The lock is taken before the first write and released after the last; the run record is stored after it.
    const all = fake.writeLines();
    expect(all.indexOf(lease("acquire"))).to.be.below(all.indexOf(`POST ${ids.plan}/unplannedFailover`));
    expect(all.indexOf(lease("release"))).to.be.above(all.indexOf(`POST ${ids.plan}/failoverCommit`));
    const body = (line: string) => fake.armWrites().find((r) => `${r.method} ${r.path}` === line)!.body;
    expect(body(`POST ${ids.plan}/unplannedFailover`)).to.deep.equal({
      properties: {
        failoverDirection: "PrimaryToRecovery",
        sourceSiteOperations: "NotRequired",
        providerSpecificDetails: [{ instanceType: "A2A", recoveryPointType: "LatestProcessed" }],
      },
    });
    // Deployments - Update: only the sku changes, every other setting stays.
    expect(body(`PATCH ${ids.chat}`)).to.deep.equal({ sku: { name: "GlobalStandard", capacity: 150 } });
    expect(body(`PATCH ${ids.gateway}`)).to.deep.equal({ sku: { name: "StandardV2", capacity: 2 } });
    expect(body(`PATCH ${ids.primaryOrigin}`)).to.deep.equal({ properties: { enabledState: "Disabled" } });
    // The commit takes no body.
    expect(body(`POST ${ids.plan}/failoverCommit`)).to.equal(undefined);
    expect(steps(report)).to.deep.equal([
      ["site-recovery-failover", "started"],
      ["capacity:chat", "done"],
      ["gateway-capacity", "started"],
      ["frontdoor-enable-standby", "skipped"],
      ["frontdoor-standby-healthy", "done"],
      ["frontdoor-disable-primary", "done"],
      ["site-recovery-failover-wait", "done"],
      ["site-recovery-commit", "started"],
      ["site-recovery-commit-wait", "done"],
    ]);
    // Azure's state after the run: failed over and committed, origin off, capacity up.
    expect(fake.recoveryState()).to.deep.include({ side: "primary", activeLocation: "Recovery" });
    expect(fake.resources.get(ids.primaryOrigin)!.properties!.enabledState).to.equal("Disabled");
    expect(fake.resources.get(ids.chat)!.sku!.capacity).to.equal(150);
    // It never read an operation-status URL outside the roles' scopes: nothing was refused.
    expect(fake.denied).to.deep.equal([]);
    // The run's outcome, for the alert rules.
    expect(
      fake.metricPoints.map(
        (p) => (p.data as { baseData: { series: { dimValues: string[] }[] } }).baseData.series[0].dimValues,
      ),
    ).to.deep.equal([["failover", "succeeded"]]);
  });

  it("reads the events' pages until there is no nextLink", async () => {
    fake.eventsPageSize = 1;
    fake.events = [
      serviceIssue({ trackingId: "AAA-111", service: "Virtual Machines", region: "West Europe" }),
      serviceIssue({ trackingId: "BBB-222", service: "API Management", region: "East US 2", level: "Error" }),
    ];
    const { report } = await run("failover", ["--dry-run"]);
    expect(report.decision.reason).to.equal(
      "active service issue in East US 2: BBB-222 API Management (Error, East US 2)",
    );
    expect(fake.requests.filter((r) => r.path.endsWith("/Microsoft.ResourceHealth/events"))).to.have.length(
      2,
    );
  });

  it("acts on no request: with Azure's record empty, a webhook call changes nothing", async () => {
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    expect(report.result).to.equal("no-action");
    expect(report.decision.reason).to.match(
      /no active service issue at level Warning or above for a watched service in East US 2/,
    );
    expect(fake.armWrites()).to.deep.equal([]);
    expect(fake.writeLines().some((l) => l.includes("locks/"))).to.equal(false);
  });

  it("refuses an alert passed as a parameter (the request is never read), writing nothing", async () => {
    incident();
    const forged = Buffer.from(
      JSON.stringify({ data: { essentials: { monitoringService: "ServiceHealth" } } }),
    ).toString("base64");
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        "python3",
        [worker, "--action", "failover", "--config-file", files.automatic, forged],
        (error, _out, stderr) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr }),
      ),
    );
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/unknown arguments/);
    expect(fake.requests).to.deep.equal([]);
  });

  const noAction: [string, () => void, RegExp][] = [
    [
      "an incident in another region",
      () => (fake.events = [serviceIssue({ region: "West Europe" })]),
      /no active service issue/,
    ],
    [
      "a service not watched",
      () => (fake.events = [serviceIssue({ service: "Azure DevOps" })]),
      /no active service issue/,
    ],
    [
      "a resolved incident",
      () => (fake.events = [serviceIssue({ status: "Resolved" })]),
      /no active service issue/,
    ],
    [
      "a region already resolved",
      () => (fake.events = [serviceIssue({ regionStatus: "Resolved" })]),
      /no active service issue/,
    ],
    [
      "planned maintenance",
      () => (fake.events = [serviceIssue({ eventType: "PlannedMaintenance" })]),
      /no active service issue/,
    ],
    [
      "a security advisory",
      () => (fake.events = [serviceIssue({ eventType: "SecurityAdvisory" })]),
      /no active service issue/,
    ],
  ];
  for (const [what, arrange, reason] of noAction) {
    it(`does nothing for ${what}, says why, and exits 0`, async () => {
      arrange();
      const { code, report } = await run("failover");
      expect(code).to.equal(0);
      expect(report.result).to.equal("no-action");
      expect(report.decision.reason).to.match(reason);
      expect(fake.armWrites()).to.deep.equal([]);
    });
  }

  it("does nothing for an Informational service issue (not availability-impacting), and says so", async () => {
    fake.events = [serviceIssue({ level: "Informational" })];
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    expect(report.result).to.equal("no-action");
    expect(report.events.find((e) => e.kind === "below-threshold")!.detail).to.match(
      /BC_1-FXZ Azure OpenAI Service \(Informational/,
    );
    expect(fake.armWrites()).to.deep.equal([]);
  });

  it("handles a global service's incident explicitly: no regional failover, people are told", async () => {
    fake.events = [serviceIssue({ service: "Azure Front Door", region: "Global", level: "Error" })];
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    expect(report.result).to.equal("global-incident");
    expect(report.decision.reason).to.match(
      /global service: BC_1-FXZ Azure Front Door \(Error, Global\)\. Failing over regions does not move traffic off it/,
    );
    expect(fake.armWrites()).to.deep.equal([]);
    expect(JSON.stringify(fake.metricPoints)).to.include('"dimValues":["failover","global-incident"]');
  });

  it("fails over when a person asks, with no event, and records who and why", async () => {
    const { code, report } = await run("failover", [
      "--reason",
      "INC-42_east-us-2-unreachable",
      "--operator",
      "alice@contoso.com",
    ]);
    expect(code).to.equal(0);
    expect(report.startedBy).to.deep.equal({
      operator: "alice@contoso.com",
      reason: "INC-42_east-us-2-unreachable",
    });
    expect(report.decision.reason).to.equal(
      "started by hand by alice@contoso.com: INC-42_east-us-2-unreachable",
    );
    expect(fake.armWriteLines()).to.deep.equal(failoverWrites);
    expect(fake.requests.some((r) => r.path.endsWith("/events"))).to.equal(false);
    const record = [...fake.blobs.entries()].find(([k]) => k.startsWith("runs/"))!;
    expect(record[0]).to.match(/^runs\/\d{4}-\d{2}-\d{2}T\d{6}\+0000-failover\.json$/);
    expect(JSON.parse(record[1])).to.deep.include({ startedBy: report.startedBy, result: "succeeded" });
  });

  it("in approval mode reports the planned steps, alerts, and changes nothing until a person starts it", async () => {
    incident();
    const { code, report } = await run("failover", [], "approval");
    expect(code).to.equal(0);
    expect(report.result).to.equal("awaiting-approval");
    expect(report.steps.filter((s) => s.status === "would-do").map((s) => s.name)).to.deep.equal([
      "site-recovery-failover",
      "capacity:chat",
      "gateway-capacity",
      "frontdoor-standby-healthy",
      "frontdoor-disable-primary",
      "site-recovery-failover-wait",
      "site-recovery-commit",
    ]);
    expect(fake.armWrites()).to.deep.equal([]);
    expect(JSON.stringify(fake.metricPoints)).to.include('"dimValues":["failover","awaiting-approval"]');
    fake.requests.length = 0;
    const approved = await run("failover", ["--reason", "approved-INC-42", "--operator", "bob"], "approval");
    expect(approved.report.result).to.equal("succeeded");
    expect(fake.armWriteLines()).to.deep.equal(failoverWrites);
  });

  it("changes nothing in Azure when run again after a failover", async () => {
    incident();
    await run("failover");
    fake.requests.length = 0;
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    expect(report.result).to.equal("succeeded");
    expect(fake.armWrites()).to.deep.equal([]);
    expect(
      report.steps.filter((s) => s.status !== "skipped" && s.status !== "done").map((s) => s.name),
    ).to.deep.equal([]);
  });

  it("resumes a failover that stopped after the Site Recovery job: the rerun commits", async () => {
    incident();
    fake.setRecovery({ planAllowed: ["Commit"], itemAllowed: ["Commit"], activeLocation: "Recovery" });
    const { report } = await run("failover");
    expect(fake.armWriteLines().filter((l) => l.includes("replicationRecoveryPlans"))).to.deep.equal([
      `POST ${ids.plan}/failoverCommit`,
    ]);
    expect(report.result).to.equal("succeeded");
  });

  it("lets only one of two concurrent runs act; the other finds the lock taken", async () => {
    incident();
    fake.pollsBeforeDone = 30; // keeps the first run busy long enough for the second to start
    const [a, b] = await Promise.all([run("failover"), run("failover")]);
    expect([a.report.result, b.report.result].sort()).to.deep.equal(["locked", "succeeded"]);
    expect(fake.armWriteLines()).to.deep.equal(failoverWrites);
  });

  it("finds the lock taken when another first run creates and leases the lock blob between its two requests", async () => {
    incident();
    fake.raceLockCreation();
    const { code, report } = await run("failover");
    // Put Blob on the other run's leased blob answers 412 LeaseIdMissing; the second acquire answers 409.
    expect(report.result).to.equal("locked");
    expect(code).to.equal(0);
    expect(fake.armWrites()).to.deep.equal([]);
  });

  it("holds the lock when an acquire took effect but its answer was lost: the retry, with the same lease id, renews it", async () => {
    incident();
    fake.loseAcquireAnswers(1);
    const { report } = await run("failover");
    expect(report.result).to.equal("succeeded");
    const proposed = fake.requests
      .filter((r) => r.headers["x-ms-lease-action"] === "acquire")
      .map((r) => r.headers["x-ms-proposed-lease-id"]);
    expect(proposed.length).to.be.at.least(2);
    expect(proposed[0]).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(proposed).size).to.equal(1);
    expect(fake.armWriteLines()).to.deep.equal(failoverWrites);
  });

  it("stops as lock-lost, writing nothing more, when Blob Storage cannot be reached to renew the lease", async () => {
    incident();
    fake.pollsBeforeDone = 100000; // the Site Recovery job never ends by itself
    // Every renewal attempt loses its connection.
    fake.fault((r) => r.headers["x-ms-lease-action"] === "renew", ...Array(20).fill({ status: 0 }));
    const { code, report } = await run("failover", ["--recovery-timeout", "30"]);
    expect(code).to.equal(1);
    expect(report.result).to.equal("lock-lost");
    expect(report.steps.at(-1)!.detail).to.match(
      /renewing the lease .* failed .*has lapsed or lapses within 60 s of the last renewal and another run may act/,
    );
    expect(fake.armWriteLines()).not.to.include(`POST ${ids.plan}/failoverCommit`);
    // The lease may still be live: the run hands it back with one release, so the next run is not locked out.
    expect(fake.writeLines().filter((l) => l.endsWith("(release)"))).to.have.length(1);
    expect(fake.activeLeases()).to.equal(0);
  }).timeout(60_000);

  it("stops as lock-lost and hands the lease back when every renewal attempt answers 503", async () => {
    incident();
    fake.pollsBeforeDone = 100000; // the Site Recovery job never ends by itself
    fake.fault((r) => r.headers["x-ms-lease-action"] === "renew", ...Array(20).fill({ status: 503 }));
    const { code, report } = await run("failover", ["--recovery-timeout", "30"]);
    expect(code).to.equal(1);
    expect(report.result).to.equal("lock-lost");
    expect(report.steps.at(-1)!.detail).to.match(/renewing the lease .* answered 503/);
    expect(fake.armWriteLines()).not.to.include(`POST ${ids.plan}/failoverCommit`);
    expect(fake.writeLines().filter((l) => l.endsWith("(release)"))).to.have.length(1);
    expect(fake.activeLeases()).to.equal(0);
  }).timeout(60_000);

  it("hands back a lease one of its failed acquires took, when no acquire answer came back", async () => {
    incident();
    fake.loseAcquireAnswers(100); // every acquire takes the lease and answers 500
    const { code, report } = await run("failover");
    expect(code).to.equal(1);
    expect(report.result).to.equal("failed");
    expect(JSON.stringify(report)).to.match(/could not take the lock: HTTP 500 InternalError/);
    expect(fake.armWrites()).to.deep.equal([]);
    const lock = fake.requests.filter((r) => r.headers["x-ms-lease-action"]);
    const release = lock.at(-1)!;
    expect(release.headers["x-ms-lease-action"]).to.equal("release");
    expect(release.headers["x-ms-lease-id"]).to.equal(lock[0].headers["x-ms-proposed-lease-id"]);
    expect(fake.activeLeases()).to.equal(0);
  });

  it("stops at once, writing nothing more, when it loses the lock mid-run", async () => {
    incident();
    fake.pollsBeforeDone = 100000; // the Site Recovery job never ends by itself
    const running = run("failover", ["--recovery-timeout", "30"]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    fake.breakLease();
    // Another run takes the lock over: the first must notice at its next renewal and stop.
    const { code, report } = await running;
    expect(code).to.equal(1);
    expect(report.result).to.equal("lock-lost");
    expect(report.steps.at(-1)!.detail).to.match(
      /renewing the lease .* answered 409.*another run may be acting/,
    );
    expect(fake.armWriteLines()).not.to.include(`POST ${ids.plan}/failoverCommit`);
  }).timeout(60_000);

  it("waits as long as ARM's 429 Retry-After asks, then retries", async () => {
    incident();
    const isPatch = (r: SeenRequest) => r.method === "PATCH" && r.path === ids.primaryOrigin;
    fake.fault(isPatch, {
      status: 429,
      headers: { "Retry-After": "1" },
      body: { error: { code: "TooManyRequests", message: "throttled" } },
    });
    const { code, report, seconds } = await run("failover");
    expect(code).to.equal(0);
    expect(fake.requests.filter(isPatch)).to.have.length(2);
    expect(seconds).to.be.at.least(1);
    expect(
      report.events.some((e) => e.kind === "retry" && /answered 429; waiting 1\.00 s/.test(e.detail)),
    ).to.equal(true);
  });

  it("backs off and retries a 500, then goes on", async () => {
    incident();
    const isGet = (r: SeenRequest) => r.method === "GET" && r.path === ids.chat;
    fake.fault(isGet, { status: 500 }, { status: 503 });
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    expect(report.events.filter((e) => e.kind === "retry")).to.have.length(2);
  });

  it("fails a step at once on a 4xx while polling, goes on with the others, and exits non-zero", async () => {
    incident();
    fake.fault((r) => r.method === "GET" && r.path.includes("/replicationJobs/"), {
      status: 403,
      body: { error: { code: "AuthorizationFailed", message: "no access to the job" } },
    });
    const { code, report, seconds } = await run("failover", ["--recovery-timeout", "600"]);
    expect(code).to.equal(1);
    expect(seconds).to.be.below(20);
    expect(report.steps.find((s) => s.name === "site-recovery-failover-wait")).to.deep.include({
      status: "failed",
    });
    expect(report.steps.find((s) => s.name === "site-recovery-failover-wait")!.detail).to.match(
      /answered 403: AuthorizationFailed: no access to the job/,
    );
    // Front Door and capacity steps still ran.
    expect(fake.armWriteLines()).to.include(`PATCH ${ids.primaryOrigin}`);
    expect(report.result).to.equal("failed");
  });

  it("reports a failed Site Recovery job with Azure's error, does not commit, and alerts through the metric", async () => {
    incident();
    fake.failOperation((r) => r.path.endsWith("/unplannedFailover"));
    const { code, report } = await run("failover");
    expect(code).to.equal(1);
    expect(report.result).to.equal("failed");
    expect(report.steps.find((s) => s.name === "site-recovery-failover-wait")!.detail).to.match(
      /ended Failed: The fake made the job fail: capacity not available/,
    );
    expect(fake.armWriteLines()).not.to.include(`POST ${ids.plan}/failoverCommit`);
    expect(fake.writeLines()).to.include(lease("release"));
    expect(JSON.stringify(fake.metricPoints)).to.include('"dimValues":["failover","failed"]');
  });

  it("keeps the primary origin enabled when the standby is not healthy, and still commits the failover", async () => {
    incident();
    fake.originHealth[hosts.standby] = 0;
    const { code, report } = await run("failover");
    expect(code).to.equal(1);
    expect(report.steps.find((s) => s.name === "frontdoor-standby-healthy")!.detail).to.match(
      /health is 0 % after 1 s .*primary origin stays enabled/,
    );
    expect(steps(report)).to.deep.include(["frontdoor-disable-primary", "skipped"]);
    expect(fake.armWriteLines()).not.to.include(`PATCH ${ids.primaryOrigin}`);
    expect(fake.armWriteLines()).to.include(`POST ${ids.plan}/failoverCommit`);
  });

  it("enables a disabled standby origin and waits for it before disabling the primary", async () => {
    incident();
    fake.resources.get(ids.standbyOrigin)!.properties!.enabledState = "Disabled";
    const { report } = await run("failover");
    const lines = fake.armWriteLines();
    expect(lines.indexOf(`PATCH ${ids.standbyOrigin}`)).to.be.below(
      lines.indexOf(`PATCH ${ids.primaryOrigin}`),
    );
    expect(steps(report)).to.deep.include(["frontdoor-enable-standby", "done"]);
    expect(fake.resources.get(ids.standbyOrigin)!.properties!.enabledState).to.equal("Enabled");
  });

  it("never disables the last enabled origin", async () => {
    incident();
    fake.resources.get(ids.standbyOrigin)!.properties!.enabledState = "Disabled";
    fake.fault((r) => r.method === "PATCH" && r.path === ids.standbyOrigin, {
      status: 409,
      body: { error: { code: "Conflict", message: "busy" } },
    });
    const { code, report } = await run("failover");
    expect(code).to.equal(1);
    expect(fake.armWriteLines()).not.to.include(`PATCH ${ids.primaryOrigin}`);
    expect(steps(report)).to.deep.include(["frontdoor-disable-primary", "skipped"]);
  });

  it("writes nothing in a dry run, and reports what it would do", async () => {
    incident();
    const { code, report } = await run("failover", ["--dry-run"]);
    expect(code).to.equal(0);
    expect(report.result).to.equal("dry-run");
    expect(fake.armWrites()).to.deep.equal([]);
    expect(fake.writeLines()).to.deep.equal([]);
  });

  it("runs a drill: test failover into the drill network (Suspended until cleanup), test VMs up, models answer through the drill network, then cleanup", async () => {
    const { code, report } = await run("drill", ["--reason", "monthly-drill"]);
    expect(code, JSON.stringify(report, null, 2)).to.equal(0);
    expect(fake.armWriteLines()).to.deep.equal([
      `POST ${ids.plan}/testFailover`,
      // The probe runs on the test VM, inside the drill network, as a managed run command under the VM.
      `PUT ${ids.vmTest}/runCommands/aaf-drill-probe`,
      `POST ${ids.plan}/testFailoverCleanup`,
    ]);
    expect(steps(report)).to.deep.equal([
      ["drill-test-failover", "started"],
      ["drill-test-failover-wait", "done"],
      ["drill-vms-running", "done"],
      ["drill-models-answer", "done"],
      ["drill-cleanup", "started"],
      ["drill-cleanup-wait", "done"],
    ]);
    const probe = fake.armWrites()[1].body as {
      location: string;
      properties: { source: { script: string }; asyncExecution: boolean };
    };
    expect(probe.location).to.equal("centralus");
    expect(probe.properties.asyncExecution).to.equal(false);
    expect(probe.properties.source.script).to.include(`for h in '${modelHosts.standby}'; do`);
    expect(report.steps.find((s) => s.name === "drill-vms-running")!.detail).to.equal("app-1: running");
    expect(report.events.find((e) => e.kind === "probe")!.detail).to.equal(
      `${modelHosts.standby} resolved to 10.20.3.4, answered HTTP 401`,
    );
    // Every step says how long it took; the report lists what failed (nothing).
    const full = report as unknown as { steps: { seconds: number }[]; failedSteps: string[] };
    expect(full.steps.every((s) => typeof s.seconds === "number" && s.seconds >= 0)).to.equal(true);
    expect(full.failedSteps).to.deep.equal([]);
    // The report is stored with the run records, and the success is recorded for the overdue check.
    const stored = [...fake.blobs.keys()];
    expect(stored.some((k) => /^runs\/.*-drill\.json$/.test(k))).to.equal(true);
    expect(JSON.parse(fake.blobs.get("runs/drill-latest.json")!)).to.have.property("succeededAt");
    expect(fake.testVmExists).to.equal(false);
    const body = fake.armWrites()[0].body as { properties: Record<string, unknown> };
    expect(body.properties).to.deep.equal({
      failoverDirection: "PrimaryToRecovery",
      networkType: "VmNetworkAsInput",
      networkId: ids.drillNetwork,
      providerSpecificDetails: [{ instanceType: "A2A", recoveryPointType: "LatestProcessed" }],
    });
    expect(report.steps.find((s) => s.name === "drill-test-failover-wait")!.detail).to.match(/Suspended/);
    expect(fake.recoveryState().planAllowed).to.deep.equal(["UnplannedFailover", "TestFailover"]);
  });

  it("keeps a lock of its own for a drill, so a failover never waits for one", async () => {
    await run("drill", ["--reason", "monthly-drill"]);
    const leases = fake.writeLines().filter((l) => l.includes("/locks/"));
    expect(leases).to.deep.equal([
      `PUT /blob/${automatic.storageAccount.name}/locks/drill.lock (acquire)`,
      ...leases.slice(1, -1),
      `PUT /blob/${automatic.storageAccount.name}/locks/drill.lock (release)`,
    ]);
    expect(leases.every((l) => l.includes("/locks/drill.lock"))).to.equal(true);
  });

  it("fails a drill the plan does not allow (nothing tested), and records no success for the overdue check", async () => {
    fake.setRecovery({ planAllowed: ["UnplannedFailover"] });
    const { code, report } = await run("drill", ["--reason", "monthly-drill"]);
    expect(code).to.equal(1);
    expect(report.result).to.equal("failed");
    expect(report.steps.find((s) => s.name === "drill-verdict")).to.deep.include({ status: "failed" });
    expect(report.steps.find((s) => s.name === "drill-verdict")!.detail).to.match(
      /TestFailover is not allowed now/,
    );
    expect(fake.blobs.has("runs/drill-latest.json")).to.equal(false);
  });

  it("ends a test failover a drill left outstanding before failing over", async () => {
    incident();
    fake.setRecovery({ planAllowed: ["TestFailoverCleanup"] });
    const { report } = await run("failover");
    const writes = fake.armWriteLines();
    expect(writes.slice(0, 2)).to.deep.equal([
      `POST ${ids.plan}/testFailoverCleanup`,
      `POST ${ids.plan}/unplannedFailover`,
    ]);
    expect(steps(report).slice(0, 3)).to.deep.equal([
      ["site-recovery-end-drill", "started"],
      ["site-recovery-end-drill-wait", "done"],
      ["site-recovery-failover", "started"],
    ]);
  });

  it("cleans up a drill even when its test failover fails", async () => {
    fake.failOperation((r) => r.path.endsWith("/testFailover"));
    const { code, report } = await run("drill");
    expect(code).to.equal(1);
    expect(steps(report)).to.deep.include(["drill-test-failover", "failed"]);
    expect(steps(report)).to.deep.include(["drill-cleanup-wait", "done"]);
    expect(fake.armWriteLines()).to.include(`POST ${ids.plan}/testFailoverCleanup`);
    expect(fake.blobs.has("runs/drill-latest.json")).to.equal(false);
  });

  it("cleans up a drill whose models do not answer through the drill network, and reports which host failed", async () => {
    fake.probe = { [modelHosts.standby]: { ip: "20.42.1.1", code: 401 } };
    const { code, report } = await run("drill");
    expect(code).to.equal(1);
    expect(report.result).to.equal("failed");
    const failed = report.steps.find((s) => s.name === "drill-models-answer")!;
    expect(failed.status).to.equal("failed");
    expect(failed.detail).to.include(`${modelHosts.standby} -> 20.42.1.1 HTTP 401`);
    expect((report as unknown as { failedSteps: string[] }).failedSteps).to.deep.equal([
      "drill-models-answer",
    ]);
    expect(steps(report).slice(-2)).to.deep.equal([
      ["drill-cleanup", "started"],
      ["drill-cleanup-wait", "done"],
    ]);
    expect(fake.testVmExists).to.equal(false);
    // The failure is published for the drill-failed alert.
    expect(
      fake.metricPoints.map(
        (p) => (p.data as { baseData: { series: { dimValues: string[] }[] } }).baseData.series[0].dimValues,
      ),
    ).to.deep.equal([["drill", "failed"]]);
  });

  it("cleans up a drill whose test VM never runs, and skips the probe", async () => {
    fake.testVmPowerState = "PowerState/stopped";
    const { code, report } = await run("drill", ["--vm-wait", "0.2"]);
    expect(code).to.equal(1);
    expect(steps(report)).to.deep.include(["drill-vms-running", "failed"]);
    expect(steps(report)).to.deep.include(["drill-models-answer", "skipped"]);
    expect(fake.armWriteLines()).to.deep.equal([
      `POST ${ids.plan}/testFailover`,
      `POST ${ids.plan}/testFailoverCleanup`,
    ]);
  });

  it("checks daily whether a drill is overdue: on time after a drill, overdue when the last success is too old", async () => {
    await run("drill");
    fake.metricPoints.length = 0;
    const before = fake
      .writeLines()
      .filter((l) => !l.includes("/runs/") && !l.includes("/monitoring/")).length;
    const onTime = await run("drill-watch");
    expect(onTime.code).to.equal(0);
    expect(onTime.report.result).to.equal("on-time");
    // Read only: no lock, no ARM write (only its run record and its metric).
    expect(
      fake.writeLines().filter((l) => !l.includes("/runs/") && !l.includes("/monitoring/")),
    ).to.have.length(before);
    fake.blobs.set("runs/drill-latest.json", JSON.stringify({ succeededAt: "2020-01-01T06:00:00+00:00" }));
    const overdue = await run("drill-watch");
    expect(overdue.report.result).to.equal("overdue");
    expect(overdue.report.steps[0].detail).to.match(
      /^last successful drill at 2020-01-01T06:00:00\+00:00, \d+\.\d days ago \(limit 36 days\)$/,
    );
    expect(
      fake.metricPoints.map(
        (p) => (p.data as { baseData: { series: { dimValues: string[] }[] } }).baseData.series[0].dimValues,
      ),
    ).to.deep.equal([
      ["drill-watch", "on-time"],
      ["drill-watch", "overdue"],
    ]);
  });

  it("counts the overdue time from the first scheduled drill before any drill succeeded", async () => {
    const { report } = await run("drill-watch");
    // The plan's first drill is in 2031: not overdue yet.
    expect(report.result).to.equal("on-time");
    expect(report.steps[0].detail).to.match(/^first scheduled drill at 2031-11-25T06:00:00\+00:00/);
  });

  const poolLines = () => fake.requests.filter((r) => r.path === ids.pool && r.method === "PATCH");
  const deployedPool = [
    { id: ids.primaryBackend, priority: 1 },
    { id: ids.standbyBackend, priority: 2 },
  ];
  const overload = ["--overload-seconds", "0.3", "--overload-check-every", "0.1", "--metrics-delay", "0"];

  it("overload drill: takes the primary backend out of the pool for a bounded time, checks requests keep succeeding, restores the pool", async () => {
    const { code, report } = await run("overload-drill", overload);
    expect(code, JSON.stringify(report, null, 2)).to.equal(0);
    expect(steps(report)).to.deep.equal([
      ["overload-remove-primary", "done"],
      ["overload-restore", "done"],
      ["overload-requests-succeed", "done"],
    ]);
    const patches = poolLines();
    expect(
      patches.map(
        (r) => (r.body as { properties: { pool: { services: unknown[] } } }).properties.pool.services,
      ),
    ).to.deep.equal([[{ id: ids.standbyBackend, priority: 2 }], deployedPool]);
    // Backend - Update needs If-Match: each carries the ETag just read.
    expect(patches.map((r) => r.headers["if-match"])).to.deep.equal(['"1"', '"2"']);
    expect(report.steps[2].detail).to.equal("243 requests, 0 failed (0.00 %, limit 1 %)");
    expect(fake.poolMembers()).to.deep.equal(deployedPool);
    // The lock is held for the change.
    const all = fake.writeLines();
    expect(all.indexOf(lease("acquire"))).to.be.below(all.indexOf(`PATCH ${ids.pool}`));
  });

  it("overload drill: stops early and restores the pool when requests fail beyond the limit", async () => {
    fake.gatewayRequests = { "2XX": 90, "5XX": 10 };
    const { code, report } = await run("overload-drill", [
      "--overload-seconds",
      "5",
      "--overload-check-every",
      "0.1",
      "--metrics-delay",
      "0",
    ]);
    expect(code).to.equal(1);
    expect(steps(report)).to.deep.equal([
      ["overload-remove-primary", "done"],
      ["overload-requests-succeed", "failed"],
      ["overload-restore", "done"],
    ]);
    expect(report.steps[1].detail).to.equal("100 requests, 10 failed (10.00 %, limit 1 %): stopped early");
    expect(fake.poolMembers()).to.deep.equal(deployedPool);
  });

  it("overload drill: restores the pool even when a check fails, retrying a refused restore", async () => {
    // The metrics read fails (no role would do the same): the drill stops and restores.
    fake.fault((r) => r.path.endsWith("/Microsoft.Insights/metrics"), { status: 403 });
    // The first restore is refused as stale (412), the retry succeeds.
    let patches = 0;
    fake.fault((r) => r.path === ids.pool && r.method === "PATCH" && ++patches === 2, {
      status: 412,
      body: { error: { code: "PreconditionFailed", message: "The entity has been modified" } },
    });
    const { code, report } = await run("overload-drill", overload);
    expect(code).to.equal(1);
    expect(steps(report)).to.deep.equal([
      ["overload-remove-primary", "done"],
      ["overload-restore", "done"],
      ["error", "failed"],
    ]);
    expect(fake.poolMembers()).to.deep.equal(deployedPool);
  });

  it("overload drill: restores a pool an earlier, stopped run left without the primary, and refuses a pool someone else changed", async () => {
    (fake.resources.get(ids.pool)!.properties!.pool as { services: unknown[] }).services = [
      { id: ids.standbyBackend, priority: 2 },
    ];
    const { code, report } = await run("overload-drill", overload);
    expect(code).to.equal(0);
    expect(steps(report)[0]).to.deep.equal(["overload-restore-leftover", "done"]);
    expect(fake.poolMembers()).to.deep.equal(deployedPool);
    fake.requests.length = 0;
    (fake.resources.get(ids.pool)!.properties!.pool as { services: unknown[] }).services = [
      { id: ids.primaryBackend, priority: 1 },
    ];
    const refused = await run("overload-drill", overload);
    expect(refused.code).to.equal(1);
    expect(refused.report.steps[0].detail).to.match(/refusing to change a pool someone else changed/);
    expect(poolLines()).to.deep.equal([]);
  });

  it("overload drill: reports requests unverified when none reached the gateway", async () => {
    fake.gatewayRequests = {};
    const { code, report } = await run("overload-drill", overload);
    expect(code).to.equal(0);
    expect(steps(report)[2]).to.deep.equal(["overload-requests-succeed", "unverified"]);
  });

  it("fails back the way Microsoft documents it: reprotect per item, failover from the standby, commit, reprotect back, then traffic and capacity", async () => {
    incident();
    await run("failover");
    // Half an hour later: the standby gateway has finished scaling.
    fake.resources.get(ids.gateway)!.properties!.provisioningState = "Succeeded";
    fake.resources.get(ids.gateway)!.sku!.capacity = 2;
    fake.requests.length = 0;
    const { code, report } = await run("failback", [
      "--reason",
      "primary-healthy-since-0900",
      "--operator",
      "alice",
    ]);
    expect(code, JSON.stringify(report, null, 2)).to.equal(0);
    // Switch protection moves the item to the standby's container; the second reprotect goes through that one.
    const container = (id: string) => `${id.split("/replicationProtectedItems/")[0]}/switchprotection`;
    expect(fake.armWriteLines()).to.deep.equal([
      `POST ${container(ids.item)}`,
      `POST ${ids.plan}/unplannedFailover`,
      `POST ${ids.plan}/failoverCommit`,
      `POST ${container(ids.itemInStandby)}`,
      `PATCH ${ids.primaryOrigin}`,
      `PATCH ${ids.chat}`,
      `PATCH ${ids.gateway}`,
    ]);
    const [toPrimary, , , toStandby] = fake.armWrites();
    // Reprotect as Az PowerShell builds it: the running VM's disks, staged through a cache in the VM's region.
    expect(toPrimary.body).to.deep.equal({
      properties: {
        replicationProtectedItemName: "app-1",
        providerSpecificDetails: {
          instanceType: "A2A",
          policyId: ids.policy,
          recoveryContainerId: ids.primaryContainer,
          recoveryResourceGroupId: ids.rgEast,
          vmManagedDisks: [
            {
              diskId: `${ids.rgCentral}/providers/Microsoft.Compute/disks/app-1-os`,
              recoveryResourceGroupId: ids.rgEast,
              primaryStagingAzureStorageAccountId: ids.reverseCache,
              recoveryReplicaDiskAccountType: "Premium_LRS",
              recoveryTargetDiskAccountType: "Premium_LRS",
            },
            {
              diskId: `${ids.rgCentral}/providers/Microsoft.Compute/disks/app-1-data`,
              recoveryResourceGroupId: ids.rgEast,
              primaryStagingAzureStorageAccountId: ids.reverseCache,
              recoveryReplicaDiskAccountType: "PremiumV2_LRS",
              recoveryTargetDiskAccountType: "PremiumV2_LRS",
            },
          ],
          // Back into the zone of the VM it was protected from (Premium SSD v2 needs a zonal VM).
          recoveryAvailabilityZone: "2",
        },
      },
    });
    const standbyDetails = (
      toStandby.body as { properties: { providerSpecificDetails: Record<string, unknown> } }
    ).properties.providerSpecificDetails;
    expect(standbyDetails).to.deep.include({
      recoveryContainerId: ids.standbyContainer,
      recoveryResourceGroupId: ids.rgCentral,
      recoveryAvailabilityZone: "1",
    });
    expect(
      (standbyDetails.vmManagedDisks as { diskId: string; primaryStagingAzureStorageAccountId: string }[])[0],
    ).to.deep.include({
      diskId: `${ids.rgEast}/providers/Microsoft.Compute/disks/app-1-os`,
      primaryStagingAzureStorageAccountId: ids.primaryCache,
    });
    // Both regions are up: the standby VMs are shut down first and every replicated write is taken.
    expect(fake.armWrites()[1].body).to.deep.equal({
      properties: {
        failoverDirection: "RecoveryToPrimary",
        sourceSiteOperations: "Required",
        providerSpecificDetails: [{ instanceType: "A2A", recoveryPointType: "Latest" }],
      },
    });
    expect(fake.recoveryState()).to.deep.equal({
      planAllowed: ["UnplannedFailover", "TestFailover"],
      itemAllowed: ["UnplannedFailover", "TestFailover", "DisableProtection"],
      side: "primary",
      activeLocation: "Primary",
    });
    expect(fake.resources.get(ids.primaryOrigin)!.properties!.enabledState).to.equal("Enabled");
    expect((fake.armWrites()[5].body as { sku: { capacity: number } }).sku.capacity).to.equal(50);
    expect((fake.armWrites()[6].body as { sku: { capacity: number } }).sku.capacity).to.equal(1);
    expect(fake.denied).to.deep.equal([]);
  });

  /** After a failover and 30 minutes: the standby gateway has scaled, the VMs run in the standby. */
  async function failedOver() {
    incident();
    await run("failover");
    fake.resources.get(ids.gateway)!.properties!.provisioningState = "Succeeded";
    fake.resources.get(ids.gateway)!.sku!.capacity = 2;
    fake.requests.length = 0;
  }

  it("takes the zone back to the primary from the item's record when Site Recovery keeps one", async () => {
    fake.recordsInitialZones = true;
    await failedOver();
    const { code } = await run("failback", ["--reason=primary-back"]);
    expect(code).to.equal(0);
    const [toPrimary] = fake.armWrites();
    expect(
      (toPrimary.body as { properties: { providerSpecificDetails: { recoveryAvailabilityZone: string } } })
        .properties.providerSpecificDetails.recoveryAvailabilityZone,
    ).to.equal("3");
  });

  it("fails a reprotect whose zone Azure did not keep, before traffic goes back", async () => {
    await failedOver();
    fake.keepsReprotectZone = false;
    const { code, report } = await run("failback", ["--reason=primary-back"]);
    expect(code).to.equal(1);
    expect(report.steps.find((s) => s.name === "site-recovery-reprotect-to-primary")!.detail).to.match(
      /recorded zone 1, not 2/,
    );
    expect(fake.armWriteLines()).not.to.include(`PATCH ${ids.primaryOrigin}`);
  });

  it("sends traffic back only when the VMs are confirmed in the primary, whatever activeLocation reads after a reprotect", async () => {
    await failedOver();
    fake.rebasesActiveLocation = false;
    const { report } = await run("failback", ["--reason=primary-back"]);
    expect(fake.armWriteLines()).not.to.include(`PATCH ${ids.primaryOrigin}`);
    expect(fake.armWriteLines()).not.to.include(`PATCH ${ids.chat}`);
    expect(report.steps.at(-1)).to.deep.include({ name: "traffic-and-capacity", status: "skipped" });
  });

  it("waits until a deployment shows its new capacity, not only a terminal state", async () => {
    incident();
    fake.deploymentLags = true;
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    expect(report.steps.find((s) => s.name === "capacity:chat")!.status).to.equal("done");
    expect(fake.resources.get(ids.chat)!.sku!.capacity).to.equal(150);
    expect(fake.requests.filter((r) => r.method === "GET" && r.path === ids.chat).length).to.be.at.least(3);
  });

  it("refuses a failback nobody asked for: it needs a reason", async () => {
    const { code, report } = await run("failback");
    expect(code).to.equal(1);
    expect(report.steps.at(-1)!.detail).to.match(/failback is a person's decision: start it with --reason/);
    expect(fake.armWrites()).to.deep.equal([]);
  });

  it("stops a failback that cannot go on, saying what to do, and resumes where it stopped", async () => {
    const committed = {
      planAllowed: [],
      itemAllowed: ["ReverseReplicate"],
      activeLocation: "Recovery" as const,
    };
    fake.setRecovery(committed);
    fake.failOperation((r) => r.path.endsWith("/switchprotection"));
    const first = await run("failback", ["--reason", "primary-back"]);
    expect(first.code).to.equal(1);
    const step = first.report.steps.find((s) => s.name === "site-recovery-reprotect-to-primary")!;
    expect(step.status).to.equal("failed");
    expect(step.detail).to.match(/ended Failed: The fake made the job fail/);
    expect(fake.armWriteLines()).to.deep.equal([`POST ${ids.primaryContainer}/switchprotection`]);
    // Traffic and capacity stay as they are while the VMs run in the standby.
    expect(first.report.steps.at(-1)!.name).to.equal("traffic-and-capacity");
    fake.requests.length = 0;
    const second = await run("failback", ["--reason", "primary-back"]);
    expect(second.code).to.equal(0);
    expect(fake.armWriteLines().filter((l) => l.includes("RecoveryPlans"))).to.deep.equal([
      `POST ${ids.plan}/unplannedFailover`,
      `POST ${ids.plan}/failoverCommit`,
    ]);
  });

  it("ends a failback 'in-progress' when the reprotected VMs cannot fail back yet, asking for a later run", async () => {
    // Reprotected (the item sits in the standby's container), but the plan does not allow the failover yet.
    fake.setRecovery({ planAllowed: [], itemAllowed: [], side: "standby", activeLocation: "Primary" });
    const { code, report } = await run("failback", ["--reason", "primary-back"]);
    expect(code).to.equal(0);
    expect(report.result).to.equal("in-progress");
    expect(report.steps.at(-1)!.detail).to.match(/start failback again later/);
    expect(fake.armWrites()).to.deep.equal([]);
    expect(JSON.stringify(fake.metricPoints)).to.include('"dimValues":["failback","in-progress"]');
  });

  it("stops waiting before Azure Automation's 3-hour limit and says to run again", async () => {
    incident();
    fake.pollsBeforeDone = 100000;
    const { code, report } = await run("failover", ["--run-budget", "3", "--recovery-timeout", "600"]);
    expect(code).to.equal(0);
    expect(report.result).to.equal("in-progress");
    expect(report.steps.find((s) => s.name === "site-recovery-failover-wait")).to.deep.include({
      status: "in-progress",
    });
    expect(report.steps.find((s) => s.name === "site-recovery-failover-wait")!.detail).to.match(
      /budget of 3 s ran out \(Azure Automation stops a job after 3 hours\): start the runbook again to resume/,
    );
    expect(fake.armWriteLines()).not.to.include(`POST ${ids.plan}/failoverCommit`);
  });

  it("finds the Site Recovery job from the plan when the answer names none, never the job before it", async () => {
    incident();
    fake.siteRecoveryLocation = false;
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    const failover = report.steps.find((s) => s.name === "site-recovery-failover")!.detail;
    const commit = report.steps.find((s) => s.name === "site-recovery-commit")!.detail;
    expect(failover).to.match(/unplannedFailover started \(job [0-9a-f-]+\)/);
    expect(commit.replace("failoverCommit", "")).not.to.equal(failover.replace("unplannedFailover", ""));
    expect(fake.recoveryState().itemAllowed).to.deep.equal(["ReverseReplicate", "DisableProtection"]);
  });

  it("accepts a test failover job that ends Succeeded as well as one Suspended for cleanup", async () => {
    fake.testFailoverEndState = "Succeeded";
    const { code } = await run("drill");
    expect(code).to.equal(0);
    expect(fake.armWriteLines()).to.deep.equal([
      `POST ${ids.plan}/testFailover`,
      `PUT ${ids.vmTest}/runCommands/aaf-drill-probe`,
      `POST ${ids.plan}/testFailoverCleanup`,
    ]);
  });

  it("finds the standby in Front Door's health metric by origin name as well as host name", async () => {
    incident();
    fake.originDimension = "name";
    const { code, report } = await run("failover");
    expect(code).to.equal(0);
    expect(report.steps.find((s) => s.name === "frontdoor-standby-healthy")!.status).to.equal("done");
  });

  it("does not trust health measured before it enabled the standby origin", async () => {
    incident();
    fake.resources.get(ids.standbyOrigin)!.properties!.enabledState = "Disabled";
    // Front Door's points lag by minutes: the latest one is from before the enable step.
    fake.healthAgeMinutes = -5;
    const { code, report } = await run("failover");
    expect(code).to.equal(1);
    expect(report.steps.find((s) => s.name === "frontdoor-standby-healthy")!.detail).to.match(
      /health is unknown/,
    );
    expect(fake.armWriteLines()).not.to.include(`PATCH ${ids.primaryOrigin}`);
  });

  it("retries a deployment change Azure refuses while another one runs (409 RequestConflict)", async () => {
    incident();
    fake.fault((r) => r.method === "PATCH" && r.path === ids.chat, {
      status: 409,
      body: {
        error: {
          code: "RequestConflict",
          message: "Another operation is being performed on the parent resource. Please try again later.",
        },
      },
    });
    const { code } = await run("failover");
    expect(code).to.equal(0);
    expect(fake.requests.filter((r) => r.method === "PATCH" && r.path === ids.chat)).to.have.length(2);
  });

  it("reads Service Health again for a while when the alert came before the event", async () => {
    let reads = 0;
    fake.fault((r) => r.path.endsWith("/Microsoft.ResourceHealth/events") && ++reads === 1, {
      status: 200,
      body: { value: [] },
    });
    incident();
    const { report } = await run("failover", ["--event-wait", "5", "--dry-run"]);
    expect(report.decision.act).to.equal(true);
    expect(
      fake.requests.filter((r) => r.path.endsWith("/Microsoft.ResourceHealth/events")).length,
    ).to.be.at.least(2);
  }).timeout(90_000);

  it("names the missing permission when a role does not allow a call (the fake answers like ARM's AuthorizationFailed)", async () => {
    incident();
    const saved = fake.grants;
    fake.grants = saved!.map((g) => ({
      ...g,
      actions: g.actions.filter((a) => a !== "Microsoft.CognitiveServices/accounts/deployments/write"),
    }));
    try {
      const { code, report } = await run("failover");
      expect(code).to.equal(1);
      expect(report.steps.find((s) => s.name === "capacity:chat")!.detail).to.match(
        /answered 403: AuthorizationFailed: .*'Microsoft\.CognitiveServices\/accounts\/deployments\/write'/,
      );
    } finally {
      fake.grants = saved;
    }
  });

  it("names Blob Storage's error code and message (XML, x-ms-error-code) when a role does not allow the lock", async () => {
    incident();
    const saved = fake.grants;
    fake.grants = saved!.map((g) => ({
      ...g,
      dataActions: g.dataActions.filter((a) => !a.startsWith("Microsoft.Storage/")),
    }));
    try {
      const { code, report } = await run("failover");
      expect(code).to.equal(1);
      expect(JSON.stringify(report)).to.match(
        /could not take the lock: HTTP 403 AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission\./,
      );
      expect(fake.armWrites()).to.deep.equal([]);
    } finally {
      fake.grants = saved;
    }
  });

  it("the entry runbook's job request is one the plan's roles allow, answered as Job - Create answers", async () => {
    const text = automatic.entryText;
    expect(text).to.match(/\$JobsApiVersion = "2024-10-23"/);
    expect(text).to.match(/-Method Put -Uri \$uri/);
    expect(text).to.match(/runbook = @\{ name = \$WorkerRunbookName \}; parameters = @\{\}/);
    const accountId = /\$AutomationAccountId = '([^']+)'/.exec(text)![1];
    const workerName = /\$WorkerRunbookName = '([^']+)'/.exec(text)![1];
    expect(accountId).to.equal(automatic.accountId);
    expect(workerName).to.equal("agents-failover");
    // The same request, sent as the script sends it ("{0}{1}/jobs/{2}?api-version={3}").
    const response = await fetch(
      `${fake.url}${accountId}/jobs/1b6f6a6e-0000-4000-8000-000000000001?api-version=2024-10-23`,
      {
        method: "PUT",
        headers: {
          Authorization: "Bearer token-for-https://management.azure.com/",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ properties: { runbook: { name: workerName }, parameters: {}, runOn: "" } }),
      },
    );
    expect(response.status).to.equal(201);
    expect(
      ((await response.json()) as { properties: { runbook: { name: string } } }).properties.runbook.name,
    ).to.equal("agents-failover");
    expect(fake.actionsUsed.has("Microsoft.Automation/automationAccounts/jobs/write")).to.equal(true);
  });

  // Not a nested describe: mocha would run it after the walk over every call below.
  {
    /** A test run under the roles of a plan with the PostgreSQL pair. */
    const it = (title: string, test: () => Promise<void>) =>
      globalThis.it(`with a PostgreSQL replica: ${title}`, async () => {
        fake.grants = withDatabase.grants;
        try {
          await test();
        } finally {
          fake.grants = automatic.grants;
        }
      });
    const role = (id: string) =>
      (fake.resources.get(id)!.properties as { replica: { role: string; replicationState?: string } })
        .replica;
    const promotion = (mode: string, option: string) => ({
      properties: { replica: { promoteMode: mode, promoteOption: option } },
    });

    it("promotes the replica (switchover, forced: the primary's region is down) right after Site Recovery starts, and moves traffic only once it takes writes", async () => {
      incident();
      fake.postgresPrimaryDown = true;
      const { code, report } = await run("failover", [], "withDatabase");
      expect(code, JSON.stringify(report, null, 2)).to.equal(0);
      expect(fake.armWriteLines()).to.deep.equal([
        `POST ${ids.plan}/unplannedFailover`,
        `PATCH ${ids.pgReplica}`,
        `PATCH ${ids.chat}`,
        `PATCH ${ids.gateway}`,
        `PATCH ${ids.primaryOrigin}`,
        `POST ${ids.plan}/failoverCommit`,
      ]);
      expect(fake.armWrites()[1].body).to.deep.equal(promotion("Switchover", "Forced"));
      expect(report.events.find((e) => e.kind === "database")!.detail).to.match(
        /^orders: Forced promotion \(the primary answered 503/,
      );
      const names = report.steps.map((s) => s.name);
      expect(steps(report).slice(0, 5)).to.deep.equal([
        ["site-recovery-failover", "started"],
        ["database-promote:orders", "started"],
        ["capacity:chat", "done"],
        ["gateway-capacity", "started"],
        ["database-promoted:orders", "done"],
      ]);
      expect(names.indexOf("database-promoted:orders")).to.be.below(
        names.indexOf("frontdoor-enable-standby"),
      );
      // The replica is the primary now; the old primary will rejoin as a replica when its region is back.
      expect(role(ids.pgReplica).role).to.equal("Primary");
      expect(role(ids.pgPrimary)).to.deep.include({
        role: "GeoAsyncReplica",
        replicationState: "Reconfiguring",
      });
      expect(fake.denied).to.deep.equal([]);
    });

    it("promotes without losing a write (planned) when the incident left the database healthy", async () => {
      incident();
      const { code, report } = await run("failover", [], "withDatabase");
      expect(code, JSON.stringify(report, null, 2)).to.equal(0);
      expect(fake.armWrites().find((r) => r.path === ids.pgReplica)!.body).to.deep.equal(
        promotion("Switchover", "Planned"),
      );
      expect(report.events.find((e) => e.kind === "database")!.detail).to.equal(
        "orders: Planned promotion (the primary is Ready and replication Active)",
      );
      expect(role(ids.pgReplica).role).to.equal("Primary");
      expect(role(ids.pgPrimary)).to.deep.include({ role: "GeoAsyncReplica", replicationState: "Active" });
    });

    it("goes on forced when a planned promotion does not happen", async () => {
      incident();
      fake.failOperation((r) => r.method === "PATCH" && r.path === ids.pgReplica);
      const { code, report } = await run("failover", [], "withDatabase");
      expect(code).to.equal(1); // the planned attempt is reported failed
      expect(
        fake
          .armWrites()
          .filter((r) => r.path === ids.pgReplica)
          .map((r) => r.body),
      ).to.deep.equal([promotion("Switchover", "Planned"), promotion("Switchover", "Forced")]);
      expect(report.steps.find((s) => s.name === "database-promoted:orders-planned")!.detail).to.match(
        /Ready again but still a replica/,
      );
      expect(report.steps.find((s) => s.name === "database-promoted:orders")).to.deep.include({
        status: "done",
      });
      expect(role(ids.pgReplica).role).to.equal("Primary");
    });

    it("never promotes twice: a rerun finds the replica promoted and leaves it", async () => {
      incident();
      fake.setPostgresRole(ids.pgReplica, "Primary");
      const { report } = await run("failover", [], "withDatabase");
      expect(fake.armWriteLines()).to.not.include(`PATCH ${ids.pgReplica}`);
      expect(report.steps.find((s) => s.name === "database-promote:orders")).to.deep.include({
        status: "skipped",
      });
    });

    it("reports a promotion Azure did not carry out, and still moves traffic off the primary that is down", async () => {
      incident();
      fake.postgresPrimaryDown = true;
      fake.failOperation((r) => r.method === "PATCH" && r.path === ids.pgReplica);
      const { code, report } = await run("failover", [], "withDatabase");
      expect(code).to.equal(1);
      const step = report.steps.find((s) => s.name === "database-promoted:orders")!;
      expect(step.status).to.equal("failed");
      expect(step.detail).to.match(/Ready again but still a replica/);
      expect(role(ids.pgReplica).role).to.equal("GeoAsyncReplica");
      expect(fake.armWriteLines()).to.include(`PATCH ${ids.primaryOrigin}`);
    });

    it("says what it would promote in a dry run, writing nothing", async () => {
      incident();
      const { report } = await run("failover", ["--dry-run"], "withDatabase");
      expect(fake.armWriteLines()).to.deep.equal([]);
      expect(report.steps.find((s) => s.name === "database-promote:orders")).to.deep.include({
        status: "would-do",
        detail: "promote agents-pg-cus (Switchover, Planned)",
      });
    });

    it("fails back the data before the traffic: the original primary, caught up as a replica, is switched back (planned), then its high availability restored", async () => {
      incident();
      fake.postgresPrimaryDown = true;
      await run("failover", [], "withDatabase");
      // The primary region is back: the old primary has rejoined as a replica and caught up.
      fake.postgresPrimaryDown = false;
      fake.setPostgresRole(ids.pgPrimary, "GeoAsyncReplica", "Active");
      fake.resources.get(ids.gateway)!.properties!.provisioningState = "Succeeded";
      fake.requests.length = 0;
      const { code, report } = await run("failback", ["--reason", "primary-back"], "withDatabase");
      expect(code, JSON.stringify(report, null, 2)).to.equal(0);
      const writes = fake.armWrites().filter((r) => r.path === ids.pgPrimary);
      expect(writes.map((r) => r.body)).to.deep.equal([
        promotion("Switchover", "Planned"),
        { properties: { highAvailability: { mode: "ZoneRedundant" } } },
      ]);
      const lines = fake.armWriteLines();
      expect(lines.lastIndexOf(`PATCH ${ids.pgPrimary}`)).to.be.below(
        lines.indexOf(`PATCH ${ids.primaryOrigin}`),
      );
      expect(role(ids.pgPrimary).role).to.equal("Primary");
      expect(role(ids.pgReplica).role).to.equal("GeoAsyncReplica");
      // Started, not awaited: the server builds its standby in the background.
      expect(
        report.steps.find((s) => s.name === "database-switch-back:orders-high-availability"),
      ).to.deep.include({
        status: "started",
      });
      expect(fake.denied).to.deep.equal([]);
    });

    it("keeps the traffic in the standby while the original primary has not caught up, and asks for a later run", async () => {
      incident();
      fake.postgresPrimaryDown = true;
      await run("failover", [], "withDatabase");
      fake.postgresPrimaryDown = false;
      fake.requests.length = 0;
      const { report } = await run("failback", ["--reason", "primary-back"], "withDatabase");
      expect(report.result).to.equal("in-progress");
      expect(fake.armWriteLines()).to.not.include(`PATCH ${ids.pgPrimary}`);
      expect(fake.armWriteLines()).to.not.include(`PATCH ${ids.primaryOrigin}`);
      expect(report.steps.find((s) => s.name === "database-switch-back:orders")!.detail).to.match(
        /has not caught up .*replication Reconfiguring/,
      );
    });

    it("stops a failback whose original primary is a broken replica, saying it must be rebuilt", async () => {
      incident();
      fake.postgresPrimaryDown = true;
      await run("failover", [], "withDatabase");
      fake.postgresPrimaryDown = false;
      fake.setPostgresRole(ids.pgPrimary, "GeoAsyncReplica", "Broken");
      fake.requests.length = 0;
      const { code, report } = await run("failback", ["--reason", "primary-back"], "withDatabase");
      expect(code).to.equal(1);
      expect(report.steps.find((s) => s.name === "database-switch-back:orders")!.detail).to.match(
        /broken replica: .* delete it and create a new replica/,
      );
      expect(fake.armWriteLines()).to.not.include(`PATCH ${ids.primaryOrigin}`);
    });

    it("without a virtual endpoint promotes to an independent server, and refuses to send traffic back to the stale one", async () => {
      incident();
      fake.postgresPrimaryDown = true;
      await run("failover", [], "standalone");
      expect(fake.armWrites().find((r) => r.path === ids.pgReplica)!.body).to.deep.equal(
        promotion("Standalone", "Forced"),
      );
      expect(role(ids.pgReplica).role).to.equal("None");
      fake.requests.length = 0;
      const { code, report } = await run("failback", ["--reason", "primary-back"], "standalone");
      expect(code).to.equal(1);
      expect(report.steps.find((s) => s.name === "database-switch-back:orders")!.detail).to.match(
        /independent server .* rebuild the pair/,
      );
      expect(fake.armWriteLines()).to.not.include(`PATCH ${ids.primaryOrigin}`);
    });
  }

  it("walks every call the runbooks made: each was allowed by a role of the plan, and each permission granted was used", () => {
    // Runs after the scenarios above (mocha keeps order): together they make every call the runbooks can make.
    const granted = new Set(
      Object.values(runbookPermissions)
        .flatMap((p) => [...p.actions, ...p.dataActions])
        .map((a) => a.toLowerCase()),
    );
    granted.add("microsoft.automation/automationaccounts/jobs/write");
    granted.add("microsoft.insights/metrics/write");
    const used = new Set([...fake.actionsUsed.keys()].map((a) => a.toLowerCase()));
    expect([...granted].filter((a) => !used.has(a)).sort(), "granted but never needed").to.deep.equal([]);
    expect(
      [...used].filter((a) => !granted.has(a)).sort(),
      "used without a granted permission",
    ).to.deep.equal([]);
  });

  it("maps requests to the actions Azure checks", () => {
    expect(armAction("GET", `${ids.originGroup}/origins`).action).to.equal(
      "Microsoft.Cdn/profiles/originGroups/origins/read",
    );
    expect(armAction("POST", `${ids.plan}/unplannedFailover`).action).to.equal(
      "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans/unplannedFailover/action",
    );
    expect(armAction("GET", `${sub}/providers/Microsoft.ResourceHealth/events`).action).to.equal(
      "Microsoft.ResourceHealth/events/read",
    );
    expect(armAction("GET", `${ids.profile}/providers/Microsoft.Insights/metrics`).action).to.equal(
      "Microsoft.Insights/metrics/read",
    );
    expect(armAction("GET", `${ids.rgCentral}/providers/Microsoft.Cdn/operationresults/op1`).action).to.equal(
      "Microsoft.Cdn/operationresults/read",
    );
  });
});
