import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FakeAzure, SeenRequest, ids } from "./fake-azure";

const worker = path.resolve(__dirname, "../../src/automation/runbooks/worker.py");

interface Report {
  action: string;
  dryRun: boolean;
  decision: { act: boolean; reason: string };
  steps: { name: string; status: string; detail: string }[];
  events: { kind: string; detail: string }[];
  result: string;
}

function alert(
  over: {
    region?: string;
    service?: string;
    stage?: string;
    incidentType?: string;
    monitoringService?: string;
  } = {},
) {
  return {
    schemaId: "azureMonitorCommonAlertSchema",
    data: {
      essentials: {
        monitoringService: over.monitoringService ?? "ServiceHealth",
        monitorCondition: "Fired",
        alertRule: "agents-service-health",
      },
      alertContext: {
        properties: {
          title: "Azure OpenAI degraded",
          trackingId: "ABC-123",
          incidentType: over.incidentType ?? "Incident",
          stage: over.stage ?? "Active",
          impactedServices: JSON.stringify([
            {
              ServiceName: over.service ?? "Azure OpenAI Service",
              ImpactedRegions: [{ RegionName: over.region ?? "East US 2" }],
            },
          ]),
        },
      },
    },
  };
}

describe("failover worker runbook (python3 against a fake ARM on 127.0.0.1)", function () {
  this.timeout(60_000);
  const fake = new FakeAzure();
  let dir: string;
  let configFile: string;

  before(async () => {
    await fake.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-worker-"));
    configFile = path.join(dir, "config.json");
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        primaryRegion: "East US 2",
        watchedServices: ["Azure OpenAI Service", "API Management"],
        incidentTypes: ["Incident"],
        frontDoor: {
          originGroupId: ids.originGroup,
          primaryOriginId: ids.primaryOrigin,
          standbyOriginId: ids.standbyOrigin,
        },
        standbyDeployments: [{ id: ids.chat, capacity: 150 }],
        standbyGateway: { id: ids.gateway, capacity: 2 },
        recoveryPlanId: ids.plan,
        drillNetworkId: ids.drillNetwork,
        lock: { blobUrl: `${fake.url}/locks/failover.lock` },
      }),
    );
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

  /** Runs the worker; resolves with its exit code, report and stderr log. Bounded by a 30 s kill timer. */
  function run(
    action: string,
    extra: string[] = [],
    payload?: unknown,
  ): Promise<{ code: number; report: Report; log: string; seconds: number }> {
    const args = [
      worker,
      "--action",
      action,
      "--config-file",
      configFile,
      "--arm-endpoint",
      fake.url,
      "--backoff-base",
      "0.01",
      "--poll-interval",
      "0.01",
      "--timeout",
      "20",
      ...extra,
    ];
    if (payload !== undefined)
      args.push("--alert-b64", Buffer.from(JSON.stringify(payload)).toString("base64"));
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
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          const code = error ? ((error as { code?: number }).code ?? 99) : 0;
          try {
            resolve({
              code: typeof code === "number" ? code : 99,
              report: JSON.parse(stdout) as Report,
              log: stderr,
              seconds: (Date.now() - started) / 1000,
            });
          } catch {
            reject(new Error(`worker printed no report (exit ${String(code)}):\n${stdout}\n${stderr}`));
          }
        },
      );
    });
  }

  const lease = (action: string) => `PUT /locks/failover.lock?comp=lease (${action})`;
  // The first run finds no lock blob: it creates it, then takes the lease.
  const firstLock = [lease("acquire"), "PUT /locks/failover.lock", lease("acquire")];
  const failoverWrites = [
    lease("acquire"),
    `PATCH ${ids.primaryOrigin}`,
    `PUT ${ids.chat}`,
    `PATCH ${ids.gateway}`,
    `POST ${ids.plan}/unplannedFailover`,
    `POST ${ids.plan}/failoverCommit`,
    lease("release"),
  ];

  it("fails over on an active incident in the primary region: origin, capacity, gateway, recovery plan", async () => {
    const { code, report } = await run("failover", [], alert());
    expect(code).to.equal(0);
    expect(report.result).to.equal("succeeded");
    expect(report.decision).to.deep.equal({
      act: true,
      reason: "active Incident ABC-123 in East US 2 for Azure OpenAI Service",
    });
    expect(fake.writeLines()).to.deep.equal([...firstLock, ...failoverWrites.slice(1)]);
    const body = (line: string) => fake.writes().find((r) => `${r.method} ${r.path}` === line)!.body;
    expect(body(`PATCH ${ids.primaryOrigin}`)).to.deep.equal({ properties: { enabledState: "Disabled" } });
    expect(body(`PUT ${ids.chat}`)).to.deep.equal({
      sku: { name: "GlobalStandard", capacity: 150 },
      properties: {
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        versionUpgradeOption: "OnceCurrentVersionExpired",
      },
    });
    expect(body(`PATCH ${ids.gateway}`)).to.deep.equal({ sku: { name: "StandardV2", capacity: 2 } });
    expect(body(`POST ${ids.plan}/unplannedFailover`)).to.deep.equal({
      properties: {
        failoverDirection: "PrimaryToRecovery",
        sourceSiteOperations: "NotRequired",
        providerSpecificDetails: [{ instanceType: "A2A", recoveryPointType: "Latest" }],
      },
    });
    expect(report.steps.map((s) => [s.name, s.status])).to.deep.equal([
      ["frontdoor-enable-standby", "skipped"],
      ["frontdoor-disable-primary", "done"],
      ["capacity:chat", "done"],
      ["gateway-capacity", "done"],
      ["site-recovery-failover", "done"],
      ["site-recovery-commit", "done"],
    ]);
    // Every ARM call carried an api-version and polled its operation to the end.
    expect(
      fake.requests.filter((r) => r.path.startsWith("/subscriptions")).every((r) => r.query["api-version"]),
    ).to.equal(true);
    expect(fake.requests.filter((r) => r.path.startsWith("/operations/")).length).to.be.at.least(10);
  });

  const noAction: [string, object, RegExp][] = [
    [
      "another region",
      alert({ region: "West Europe" }),
      /no watched service is impacted in the primary region East US 2/,
    ],
    ["a service not watched", alert({ service: "Azure DevOps" }), /no watched service is impacted/],
    ["a resolved incident", alert({ stage: "Resolved" }), /stage is 'Resolved', not 'Active'/],
    [
      "planned maintenance",
      alert({ incidentType: "Maintenance" }),
      /incident type 'Maintenance' is not watched/,
    ],
    [
      "a token-overload metric alert",
      alert({ monitoringService: "Platform" }),
      /not a Service Health alert \(monitoring service 'Platform'\)/,
    ],
  ];
  for (const [what, payload, reason] of noAction) {
    it(`does nothing for ${what}, says why, and exits 0`, async () => {
      const { code, report } = await run("failover", [], payload);
      expect(code).to.equal(0);
      expect(report.result).to.equal("no-action");
      expect(report.decision.act).to.equal(false);
      expect(report.decision.reason).to.match(reason);
      expect(fake.writes()).to.deep.equal([]);
    });
  }

  it("changes nothing on a second identical alert", async () => {
    await run("failover", [], alert());
    fake.requests.length = 0;
    const { code, report } = await run("failover", [], alert());
    expect(code).to.equal(0);
    expect(report.result).to.equal("succeeded");
    expect(fake.writeLines()).to.deep.equal([lease("acquire"), lease("release")]);
    expect(report.steps.every((s) => s.status === "skipped")).to.equal(true);
  });

  it("lets only one of two concurrent runs act; the other finds the lock taken", async () => {
    fake.pollsBeforeDone = 20; // keeps the first run busy long enough for the second to start
    const [a, b] = await Promise.all([run("failover", [], alert()), run("failover", [], alert())]);
    const results = [a.report.result, b.report.result].sort();
    expect(results).to.deep.equal(["locked", "succeeded"]);
    expect([a.code, b.code]).to.deep.equal([0, 0]);
    const acted = fake.writeLines().filter((l) => !l.startsWith("PUT /locks/"));
    expect(acted).to.deep.equal(failoverWrites.filter((l) => !l.startsWith("PUT /locks/")));
  });

  it("waits as long as a 429's Retry-After asks, then retries", async () => {
    const isPatch = (r: SeenRequest) => r.method === "PATCH" && r.path === ids.primaryOrigin;
    fake.fault(isPatch, { status: 429, headers: { "Retry-After": "1" } });
    const { code, report, seconds } = await run("failover", [], alert());
    expect(code).to.equal(0);
    expect(fake.requests.filter(isPatch)).to.have.length(2);
    expect(seconds).to.be.at.least(1);
    expect(
      report.events.some((e) => e.kind === "retry" && /answered 429; waiting 1\.00 s/.test(e.detail)),
    ).to.equal(true);
  });

  it("backs off and retries a 500, then goes on", async () => {
    const isGet = (r: SeenRequest) => r.method === "GET" && r.path === ids.chat;
    fake.fault(isGet, { status: 500 }, { status: 503 });
    const { code, report } = await run("failover", [], alert());
    expect(code).to.equal(0);
    expect(fake.requests.filter(isGet)).to.have.length(3);
    expect(report.events.filter((e) => e.kind === "retry")).to.have.length(2);
  });

  it("gives up after the bounded number of attempts", async () => {
    const isGet = (r: SeenRequest) => r.method === "GET" && r.path === ids.gateway;
    fake.fault(isGet, ...Array.from({ length: 10 }, () => ({ status: 503 })));
    const { code, report } = await run("failover", ["--max-attempts", "3"], alert());
    expect(code).to.equal(1);
    expect(fake.requests.filter(isGet)).to.have.length(3);
    expect(report.steps.at(-1)).to.deep.include({ name: "error", status: "failed" });
    expect(fake.writeLines().at(-1)).to.equal(lease("release"));
  });

  it("exits non-zero when a long-running operation fails, and still releases the lock", async () => {
    fake.failOperation((r) => r.path.endsWith("/unplannedFailover"));
    const { code, report } = await run("failover", [], alert());
    expect(code).to.equal(1);
    expect(report.result).to.equal("failed");
    expect(report.steps.at(-1)!.detail).to.match(
      /operation .*operations\/op-\d+ answered 500: the fake made it fail/,
    );
    expect(fake.writeLines()).not.to.include(`POST ${ids.plan}/failoverCommit`);
    expect(fake.writeLines().at(-1)).to.equal(lease("release"));
  });

  it("never disables the last enabled origin", async () => {
    const standby = fake.resources.get(ids.standbyOrigin)!;
    fake.resources.delete(ids.standbyOrigin);
    const { code, report } = await run("failover", [], alert());
    fake.resources.set(ids.standbyOrigin, standby);
    expect(code).to.equal(1);
    expect(report.steps.at(-1)!.detail).to.match(/is not in origin group|last enabled origin/);
    expect(fake.writeLines().filter((l) => l.startsWith("PATCH"))).to.deep.equal([]);
  });

  it("writes nothing in dry-run, and reports what it would do", async () => {
    const { code, report } = await run("failover", ["--dry-run"], alert());
    expect(code).to.equal(0);
    expect(report.result).to.equal("dry-run");
    expect(fake.writes()).to.deep.equal([]);
    expect(report.steps.filter((s) => s.status === "would-do").map((s) => s.name)).to.deep.equal([
      "frontdoor-disable-primary",
      "capacity:chat",
      "gateway-capacity",
      "site-recovery-failover",
      "site-recovery-commit",
    ]);
  });

  it("runs a drill: test failover into the drill network and cleanup, touching no live traffic", async () => {
    const { code, report } = await run("drill");
    expect(code).to.equal(0);
    expect(fake.writeLines()).to.deep.equal([
      ...firstLock,
      `POST ${ids.plan}/testFailover`,
      `POST ${ids.plan}/testFailoverCleanup`,
      lease("release"),
    ]);
    const body = fake.writes().find((r) => r.path.endsWith("/testFailover"))!.body as {
      properties: Record<string, unknown>;
    };
    expect(body.properties).to.deep.include({
      failoverDirection: "PrimaryToRecovery",
      networkType: "VmNetworkAsInput",
      networkId: ids.drillNetwork,
    });
    expect(report.steps.map((s) => s.name)).to.deep.equal(["drill-test-failover", "drill-cleanup"]);
  });

  it("fails back after reprotect: planned failover back, commit, primary origin on, reprotect", async () => {
    await run("failover", [], alert());
    // Reprotect (standby -> primary replication) is done by then; Azure then allows a planned failover back.
    fake.resources.get(ids.plan)!.properties = { allowedOperations: ["PlannedFailover"] };
    fake.requests.length = 0;
    const { code } = await run("failback");
    expect(code).to.equal(0);
    expect(fake.writeLines()).to.deep.equal([
      lease("acquire"),
      `POST ${ids.plan}/plannedFailover`,
      `POST ${ids.plan}/failoverCommit`,
      `PATCH ${ids.primaryOrigin}`,
      `POST ${ids.plan}/reProtect`,
      lease("release"),
    ]);
    expect(
      (
        fake.writes().find((r) => r.path.endsWith("/plannedFailover"))!.body as {
          properties: { failoverDirection: string };
        }
      ).properties.failoverDirection,
    ).to.equal("RecoveryToPrimary");
    expect(fake.resources.get(ids.primaryOrigin)!.properties!.enabledState).to.equal("Enabled");
  });

  it("refuses to fail back before reprotect, saying what to do", async () => {
    fake.resources.get(ids.plan)!.properties = { allowedOperations: ["ReverseReplicate"] };
    const { code, report } = await run("failback");
    expect(code).to.equal(1);
    expect(report.steps.at(-1)!.detail).to.include("reprotect it first");
  });

  it("accepts the alert as a lone positional parameter, as Automation passes it", async () => {
    const positional = Buffer.from(JSON.stringify(alert({ region: "West Europe" }))).toString("base64");
    const { report } = await run("failover", [positional]);
    expect(report.decision.reason).to.match(/no watched service is impacted/);
  });
});
