import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import {
  FailoverAutomation,
  FailoverAutomationArgs,
  automationRoleIds,
  contentHash,
  renderEntry,
  renderWorker,
  webhookUriProvider,
} from "../../src";
import { Recording, record } from "../../src/testing";
import { FakeAzure, ids } from "./fake-azure";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const base: FailoverAutomationArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  resourceGroups: { primary: "rg-east", standby: "rg-central" },
  frontDoor: {
    profileId: `${sub}/resourceGroups/rg-central/providers/Microsoft.Cdn/profiles/agents-fd`,
    originGroupId: ids.originGroup,
    primaryOriginId: ids.primaryOrigin,
    standbyOriginId: ids.standbyOrigin,
  },
  models: {
    standbyAccountId: `${sub}/resourceGroups/rg-central/providers/Microsoft.CognitiveServices/accounts/oai-cus`,
    standbyDeployments: [{ id: ids.chat, capacity: 150 }],
  },
  gateway: { standbyServiceId: ids.gateway, capacity: 2 },
  recovery: {
    vaultId: `${sub}/resourceGroups/rg-central/providers/Microsoft.RecoveryServices/vaults/agents-vault`,
    recoveryPlanId: ids.plan,
    testFailoverNetworkId: ids.drillNetwork,
  },
  alertEmails: ["oncall@contoso.com"],
  tokenOverload: {
    accountIds: [
      `${sub}/resourceGroups/rg-east/providers/Microsoft.CognitiveServices/accounts/oai-eus2`,
      `${sub}/resourceGroups/rg-central/providers/Microsoft.CognitiveServices/accounts/oai-cus`,
    ],
    utilizationPercent: 90,
  },
};

async function build(over: Partial<FailoverAutomationArgs> = {}) {
  let component: FailoverAutomation | undefined;
  const recording = await record(() => {
    component = new FailoverAutomation("agents", { ...base, ...over });
  });
  return { recording, component: component! };
}

describe("FailoverAutomation", () => {
  describe("defaults", () => {
    let recording: Recording;
    let component: FailoverAutomation;
    before(async () => ({ recording, component } = await build()));

    it("puts the Automation account in the standby region with a managed identity, local auth kept for webhooks", () => {
      const account = recording.get("automation:AutomationAccount", "agents-aa-cus");
      expect(account.location).to.equal("centralus");
      expect(account.inputs).to.deep.include({
        resourceGroupName: "rg-central",
        identity: { type: "SystemAssigned" },
        disableLocalAuth: false,
        sku: { name: "Basic" },
      });
    });

    it("grants the identity one role on exactly each resource it changes, nothing at subscription scope", () => {
      const account = recording.get("automation:AutomationAccount", "agents-aa-cus");
      const principal = (account.outputs.identity as { principalId: string }).principalId;
      const grants = recording.ofType("authorization:RoleAssignment");
      expect(
        grants.every(
          (g) => g.inputs.principalId === principal && g.inputs.principalType === "ServicePrincipal",
        ),
      ).to.equal(true);
      const byRole = Object.fromEntries(
        grants.map((g) => [(g.inputs.roleDefinitionId as string).split("/").pop(), g.inputs.scope]),
      );
      const storageId = recording.get("storage:StorageAccount", "agents-runbooks-cus").id;
      expect(byRole).to.deep.equal({
        [automationRoleIds.storageBlobDataContributor]: `${storageId}/blobServices/default/containers/locks`,
        [automationRoleIds.automationJobOperator]: account.id,
        [automationRoleIds.cdnProfileContributor]: base.frontDoor!.profileId,
        [automationRoleIds.cognitiveServicesContributor]: base.models!.standbyAccountId,
        [automationRoleIds.apiManagementServiceContributor]: ids.gateway,
        [automationRoleIds.siteRecoveryOperator]: base.recovery!.vaultId,
      });
      expect(
        grants
          .map((g) => g.inputs.scope as string)
          .every((s) => !/^\/subscriptions\/[^/]+\/?$/.test(s) && !/resourceGroups\/[^/]+$/.test(s)),
      ).to.equal(true);
    });

    it("publishes a PowerShell 5.1 entry runbook and Python 3.10 workers from the package's files, with content hashes", () => {
      const runbooks = recording.ofType("automation:Runbook");
      expect(
        runbooks
          .map((r) => [r.inputs.runbookName, r.inputs.runbookType, r.inputs.runtimeEnvironment ?? null])
          .sort(),
      ).to.deep.equal([
        ["agents-alert-entry", "PowerShell", null],
        ["agents-drill", "Python", "Python-3.10"],
        ["agents-failback", "Python", "Python-3.10"],
        ["agents-failover", "Python", "Python-3.10"],
      ]);
      for (const runbook of runbooks) {
        const key = (runbook.inputs.runbookName as string).replace("agents-", "").replace("alert-", "");
        const blob = recording.get("storage:Blob", `agents-runbook-${key}`);
        const link = runbook.inputs.publishContentLink as {
          uri: string;
          contentHash: { algorithm: string; value: string };
        };
        expect(link.contentHash.algorithm).to.equal("SHA256");
        // The hash is of what is uploaded, so a changed file republishes.
        const uploaded = blob.inputs.source as string;
        expect(link.uri.startsWith(`${blob.outputs.url}?sv=`)).to.equal(true);
        expect(runbook.secretPaths).to.include("publishContentLink.uri");
        expect(blob.inputs.blobName).to.equal(
          `${key}-${link.contentHash.value.slice(0, 16).toLowerCase()}.${key === "entry" ? "ps1" : "py"}`,
        );
        expect(uploaded).to.be.a("string");
      }
    });

    it("bakes the platform's ids into the failover worker", async () => {
      const blob = recording.get("storage:Blob", "agents-runbook-failover");
      const text = blob.inputs.source as string;
      expect(text).to.include('ACTION = "failover"');
      const config = JSON.parse(JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(text)![1]));
      expect(config).to.deep.include({
        primaryRegion: "East US 2",
        frontDoor: {
          originGroupId: ids.originGroup,
          primaryOriginId: ids.primaryOrigin,
          standbyOriginId: ids.standbyOrigin,
        },
        standbyDeployments: [{ id: ids.chat, capacity: 150 }],
        standbyGateway: { id: ids.gateway, capacity: 2 },
        recoveryPlanId: ids.plan,
        drillNetworkId: ids.drillNetwork,
      });
      const storageName = recording.get("storage:StorageAccount", "agents-runbooks-cus").outputs.name;
      expect(config.lock).to.deep.equal({
        blobUrl: `https://${storageName}.blob.core.windows.net/locks/failover.lock`,
      });
    });

    it("wires receiver -> webhook -> entry runbook, with the generated URI as a secret", () => {
      const uri = recording.find("agents-webhook-uri")!;
      const webhook = recording.get("automation:Webhook", "agents-webhook");
      const entry = recording
        .ofType("automation:Runbook")
        .find((r) => r.inputs.runbookName === "agents-alert-entry")!;
      expect(webhook.inputs).to.deep.include({
        runbook: { name: entry.outputs.name },
        isEnabled: true,
        uri: uri.outputs.uri,
        expiryTime: "2031-11-24T00:00:00.000Z",
      });
      expect(webhook.secretPaths).to.include("uri");
      const group = recording.get("monitor:ActionGroup", "agents-ag");
      expect(group.inputs).to.deep.include({
        location: "Global",
        enabled: true,
        groupShortName: "agents-dr",
      });
      const [receiver] = group.inputs.automationRunbookReceivers as Record<string, unknown>[];
      expect(receiver).to.deep.include({
        automationAccountId: recording.get("automation:AutomationAccount", "agents-aa-cus").id,
        runbookName: entry.outputs.name,
        webhookResourceId: webhook.id,
        serviceUri: uri.outputs.uri,
        isGlobalRunbook: false,
        useCommonAlertSchema: true,
      });
      expect(group.secretPaths).to.include("automationRunbookReceivers[0].serviceUri");
      expect(group.inputs.emailReceivers).to.deep.equal([
        { name: "person-1", emailAddress: "oncall@contoso.com", useCommonAlertSchema: true },
      ]);
    });

    it("alerts on Service Health incidents in the primary region for the watched services, global, subscription scope", () => {
      const alert = recording.get("monitor:ActivityLogAlert", "agents-service-health");
      expect(alert.inputs).to.deep.include({ location: "Global", scopes: [sub], enabled: true });
      const allOf = (alert.inputs.condition as { allOf: Record<string, unknown>[] }).allOf;
      expect(allOf[0]).to.deep.equal({ field: "category", equals: "ServiceHealth" });
      expect(allOf[1]).to.deep.equal({ field: "properties.incidentType", equals: "Incident" });
      expect(allOf[2].field).to.equal("properties.impactedServices[*].ServiceName");
      expect(allOf[2].containsAny).to.include("Azure OpenAI Service");
      expect(allOf[3]).to.deep.equal({
        field: "properties.impactedServices[*].ImpactedRegions[*].RegionName",
        containsAny: ["East US 2"],
      });
      const [action] = (alert.inputs.actions as { actionGroups: { actionGroupId: string }[] }).actionGroups;
      expect(action.actionGroupId).to.equal(recording.get("monitor:ActionGroup", "agents-ag").id);
    });

    it("alerts on 429s and PTU utilization of each model account, to the same action group", () => {
      const group = recording.get("monitor:ActionGroup", "agents-ag");
      for (const [key, accountId] of [
        ["primary", base.tokenOverload!.accountIds[0]],
        ["standby", base.tokenOverload!.accountIds[1]],
      ]) {
        const throttling = recording.get("monitor:MetricAlert", `agents-throttling-${key}`);
        expect(throttling.inputs).to.deep.include({
          scopes: [accountId],
          windowSize: "PT5M",
          evaluationFrequency: "PT1M",
        });
        const [criterion] = (throttling.inputs.criteria as { allOf: Record<string, unknown>[] }).allOf;
        expect(criterion).to.deep.include({
          metricName: "AzureOpenAIRequests",
          operator: "GreaterThan",
          threshold: 10,
          timeAggregation: "Total",
        });
        expect(criterion.dimensions).to.deep.equal([
          { name: "StatusCode", operator: "Include", values: ["429"] },
        ]);
        expect(throttling.inputs.actions).to.deep.equal([{ actionGroupId: group.id }]);
        const utilization = recording.get("monitor:MetricAlert", `agents-utilization-${key}`);
        expect(
          (utilization.inputs.criteria as { allOf: Record<string, unknown>[] }).allOf[0],
        ).to.deep.include({
          metricName: "AzureOpenAIProvisionedManagedUtilizationV2",
          threshold: 90,
        });
      }
    });

    it("keeps runbook files in a private, TLS 1.2, zone-redundant storage account", () => {
      const account = recording.get("storage:StorageAccount", "agents-runbooks-cus");
      expect(account.inputs).to.deep.include({
        allowBlobPublicAccess: false,
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        sku: { name: "Standard_ZRS" },
      });
      expect(
        recording.ofType("storage:BlobContainer").map((c) => [c.inputs.containerName, c.inputs.publicAccess]),
      ).to.deep.equal([
        ["runbooks", "None"],
        ["locks", "None"],
      ]);
    });

    it("exposes runbook names, ids and the webhook's expiry", async () => {
      expect(component.runbookNames).to.deep.equal({
        entry: "agents-alert-entry",
        failover: "agents-failover",
        failback: "agents-failback",
        drill: "agents-drill",
      });
      expect(await outputValue(component.webhookExpiresAt)).to.equal("2031-11-24T00:00:00.000Z");
      expect(await outputValue(component.actionGroupId)).to.equal(
        recording.get("monitor:ActionGroup", "agents-ag").id,
      );
    });
  });

  it("matches several incident types with anyOf", async () => {
    const { recording } = await build({ incidentTypes: ["Incident", "Security"], tokenOverload: undefined });
    const allOf = (
      recording.get("monitor:ActivityLogAlert", "agents-service-health").inputs.condition as {
        allOf: Record<string, unknown>[];
      }
    ).allOf;
    expect(allOf[1]).to.deep.equal({
      anyOf: [
        { field: "properties.incidentType", equals: "Incident" },
        { field: "properties.incidentType", equals: "Security" },
      ],
    });
    expect(recording.ofType("monitor:MetricAlert")).to.have.length(0);
  });

  it("grants only what it is given: no Front Door, no role on it", async () => {
    const { recording } = await build({ frontDoor: undefined, models: undefined, gateway: undefined });
    const roles = recording
      .ofType("authorization:RoleAssignment")
      .map((g) => (g.inputs.roleDefinitionId as string).split("/").pop());
    expect(roles.sort()).to.deep.equal(
      [
        automationRoleIds.automationJobOperator,
        automationRoleIds.siteRecoveryOperator,
        automationRoleIds.storageBlobDataContributor,
      ].sort(),
    );
  });

  describe("fails at construction, registering nothing, on", () => {
    const cases: [string, Partial<FailoverAutomationArgs>, string, RegExp][] = [
      [
        "an unknown incident type",
        { incidentTypes: ["Outage" as never] },
        "incidentTypes",
        /must list some of Incident, Maintenance/,
      ],
      [
        "no watched services",
        { watchedServices: [] },
        "watchedServices",
        /must list the Service Health names/,
      ],
      [
        "a bad e-mail",
        { alertEmails: ["oncall"] },
        "alertEmails[0]",
        /must be an e-mail address, but got "oncall"/,
      ],
      ["a webhook valid for 10 days", { webhookValidityDays: 10 }, "webhookValidityDays", /from 30 to 3650/],
      [
        "nothing to fail over",
        { frontDoor: undefined, models: undefined, gateway: undefined, recovery: undefined },
        "frontDoor",
        /needs something to fail over/,
      ],
      [
        "a zero target capacity",
        { models: { standbyAccountId: "/a", standbyDeployments: [{ id: "/d", capacity: 0 }] } },
        "models.standbyDeployments[0].capacity",
        /positive whole number/,
      ],
      [
        "a utilization above 100 %",
        { tokenOverload: { accountIds: ["/a"], utilizationPercent: 120 } },
        "tokenOverload.utilizationPercent",
        /at most 100/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () =>
        expectConstructionFailure(
          () => new FailoverAutomation("agents", { ...base, ...over }),
          argument,
          message,
        ),
      );
    }
  });
});

describe("runbook content", function () {
  this.timeout(30_000);

  it("writes the configuration into the worker, which then runs with no config file (dry-run against the fake)", async () => {
    const fake = new FakeAzure();
    await fake.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-content-"));
    try {
      const file = path.join(dir, "failover.py");
      fs.writeFileSync(
        file,
        renderWorker("failover", {
          primaryRegion: "East US 2",
          watchedServices: ["Azure OpenAI Service"],
          incidentTypes: ["Incident"],
          frontDoor: {
            originGroupId: ids.originGroup,
            primaryOriginId: ids.primaryOrigin,
            standbyOriginId: ids.standbyOrigin,
          },
          recoveryPlanId: ids.plan,
        }),
      );
      const alert = {
        data: {
          essentials: { monitoringService: "ServiceHealth" },
          alertContext: {
            properties: {
              incidentType: "Incident",
              stage: "Active",
              impactedServices: [
                { ServiceName: "Azure OpenAI Service", ImpactedRegions: [{ RegionName: "East US 2" }] },
              ],
            },
          },
        },
      };
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          "python3",
          [
            file,
            "--dry-run",
            "--arm-endpoint",
            fake.url,
            Buffer.from(JSON.stringify(alert)).toString("base64"),
          ],
          {
            env: {
              ...process.env,
              IDENTITY_ENDPOINT: `${fake.url}/msi/token`,
              IDENTITY_HEADER: "test-identity-header",
            },
            timeout: 20_000,
          },
          (error, out, err) => (error ? reject(new Error(`${String(error)}\n${err}`)) : resolve(out)),
        ),
      );
      const report = JSON.parse(stdout) as {
        action: string;
        result: string;
        steps: { name: string; status: string }[];
      };
      expect(report.action).to.equal("failover");
      expect(report.result).to.equal("dry-run");
      expect(report.steps.map((s) => [s.name, s.status])).to.deep.equal([
        ["frontdoor-enable-standby", "skipped"],
        ["frontdoor-disable-primary", "would-do"],
        ["site-recovery-failover", "would-do"],
        ["site-recovery-commit", "would-do"],
      ]);
      expect(fake.writes()).to.deep.equal([]);
    } finally {
      await fake.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes the account, group and worker names into the entry runbook, quoted for PowerShell", () => {
    const text = renderEntry({
      automationAccountName: "aa-o'brien",
      resourceGroupName: "rg-central",
      workerRunbookName: "agents-failover",
    });
    expect(text).to.include("$AutomationAccountName = 'aa-o''brien'");
    expect(text).to.include("$WorkerRunbookName = 'agents-failover'");
    expect(text).to.include("param(");
    expect(text).to.include('-Parameters @{ "alert" = $alert }');
  });

  it("hashes content as Automation checks it: SHA-256, upper-case hex", () => {
    expect(contentHash("abc")).to.equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  });
});

describe("webhook URI provider", () => {
  it("generates the URI once with generateUri on the account, and ignores token changes", async () => {
    const seen: { method?: string; url?: string; auth?: string }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify("https://abc.webhook.cus.azure-automation.net/webhooks?token=secret-token"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const inputs = {
        kind: "azure-ai-failover:automation:WebhookUri" as const,
        automationAccountId: `${sub}/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa`,
        webhookName: "alert-to-failover",
        validityDays: 365,
        token: "t0ken",
        armEndpoint: `http://127.0.0.1:${port}`,
      };
      const created = await webhookUriProvider.create(inputs);
      expect(seen).to.deep.equal([
        {
          method: "POST",
          url: `${inputs.automationAccountId}/webhooks/generateUri?api-version=2015-10-31`,
          auth: "Bearer t0ken",
        },
      ]);
      expect(created.outs.uri).to.equal(
        "https://abc.webhook.cus.azure-automation.net/webhooks?token=secret-token",
      );
      expect(created.outs.token).to.equal("");
      const days = (Date.parse(created.outs.expiryTime) - Date.now()) / 86_400_000;
      expect(days).to.be.within(364.9, 365.1);
      expect(
        await webhookUriProvider.diff!(created.id, created.outs, { ...inputs, token: "new" }),
      ).to.deep.include({ changes: false });
      expect(
        await webhookUriProvider.diff!(created.id, created.outs, { ...inputs, webhookName: "other" }),
      ).to.deep.include({ changes: true, replaces: ["webhookName"] });
    } finally {
      server.close();
    }
  });
});
