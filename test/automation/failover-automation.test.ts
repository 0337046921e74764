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
  defaultGlobalServices,
  defaultWatchedServices,
  renderEntry,
  renderWorker,
  runbookContentProvider,
  runbookPermissions,
  runbookStorageSku,
  webhookUriProvider,
} from "../../src";
import { Recording, record } from "../../src/testing";
import { FakeAzure, ids, serviceIssue, sub } from "./fake-azure";
import { plannedArgs } from "./planned";

const base: FailoverAutomationArgs = {
  ...plannedArgs,
  tokenOverload: {
    accountIds: [
      `${sub}/resourceGroups/rg-east/providers/Microsoft.CognitiveServices/accounts/oai-eus2`,
      ids.standbyAccount,
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

const make = (over: Partial<FailoverAutomationArgs>) => () =>
  new FailoverAutomation("agents", { ...base, ...over });

const criterion = (alert: { inputs: Record<string, unknown> }) =>
  (alert.inputs.criteria as { allOf: Record<string, unknown>[] }).allOf[0];

describe("FailoverAutomation", () => {
  describe("drills", () => {
    let recording: Recording;
    let component: FailoverAutomation;
    before(async () => ({ recording, component } = await build()));

    it("schedules the drill monthly on the first Tuesday at 06:00 UTC, starting at a time kept in state", async () => {
      const start = recording.find("agents-drill-start")!;
      expect(start.inputs).to.deep.include({ timeUtc: "06:00", recurrence: "Month/1/Tuesday/1" });
      const schedule = recording.get("automation:Schedule", "agents-schedule-drill");
      expect(schedule.inputs).to.deep.include({
        resourceGroupName: "rg-central",
        scheduleName: "azure-ai-failover-drill",
        frequency: "Month",
        interval: 1,
        timeZone: "UTC",
        startTime: "2031-11-25T06:00:00Z",
        advancedSchedule: { monthlyOccurrences: [{ occurrence: 1, day: "Tuesday" }] },
      });
      expect(await outputValue(component.firstDrillAt!)).to.equal("2031-11-25T06:00:00Z");
      expect(component.drillScheduleName).to.equal("azure-ai-failover-drill");
    });

    it("links the drill runbook and a daily overdue check to their schedules, with no parameters", () => {
      const links = recording
        .ofType("automation:JobSchedule")
        .map((j) => [
          (j.inputs.runbook as { name: string }).name,
          (j.inputs.schedule as { name: string }).name,
          j.inputs.parameters ?? null,
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/.test(
            j.inputs.jobScheduleId as string,
          ),
        ]);
      expect(links.sort()).to.deep.equal([
        ["agents-drill", "azure-ai-failover-drill", null, true],
        ["agents-drill-watch", "azure-ai-failover-drill-watch", null, true],
      ]);
      expect(recording.get("automation:Schedule", "agents-schedule-drill-watch").inputs).to.deep.include({
        frequency: "Day",
        interval: 1,
        timeZone: "UTC",
      });
    });

    it("alerts on a failed drill and on an overdue one", () => {
      const failed = recording.get("monitor:MetricAlert", "agents-drill-failed");
      expect(criterion(failed)).to.deep.include({
        metricNamespace: "azure-ai-failover",
        metricName: "Runs",
        dimensions: [
          { name: "Action", operator: "Include", values: ["drill", "overload-drill"] },
          { name: "Result", operator: "Include", values: ["failed", "lock-lost", "in-progress"] },
        ],
        operator: "GreaterThan",
        threshold: 0,
      });
      const overdue = recording.get("monitor:MetricAlert", "agents-drill-overdue");
      expect(overdue.inputs).to.deep.include({ windowSize: "P1D", evaluationFrequency: "PT1H", severity: 2 });
      expect(criterion(overdue)).to.deep.include({
        dimensions: [
          { name: "Action", operator: "Include", values: ["drill-watch"] },
          { name: "Result", operator: "Include", values: ["overdue"] },
        ],
      });
      expect((overdue.inputs.actions as { actionGroupId: string }[])[0].actionGroupId).to.equal(
        recording.get("monitor:ActionGroup", "agents-people").id,
      );
    });

    it("takes a weekly schedule and its own overdue limit", async () => {
      const { recording: weekly } = await build({
        drills: {
          frequency: "Week",
          interval: 2,
          weekDay: "Wednesday",
          timeUtc: "21:30",
          testVmResourceGroupIds: [ids.rgCentral],
        },
      });
      expect(weekly.get("automation:Schedule", "agents-schedule-drill").inputs).to.deep.include({
        frequency: "Week",
        interval: 2,
        startTime: "2031-11-25T21:30:00Z",
        advancedSchedule: { weekDays: ["Wednesday"] },
      });
    });

    it("varies a schedule only with what gives it a new start: a new overdue limit leaves both schedules as they are", async () => {
      const { recording: later } = await build({ drills: { overdueAfterDays: 45 } });
      for (const key of ["drill", "drill-watch"]) {
        // Both plans get the mocks' fixed start: every input must match.
        const inputs = (r: Recording) => r.get("automation:Schedule", `agents-schedule-${key}`).inputs;
        expect(inputs(later), key).to.deep.equal(inputs(recording));
      }
    });

    it("schedules nothing when drills are false or there is no drill network", async () => {
      const { recording: off } = await build({ drills: false });
      expect(off.ofType("automation:Schedule")).to.deep.equal([]);
      expect(off.find("agents-drill-overdue")).to.equal(undefined);
      const { recording: none } = await build({
        drills: undefined,
        recovery: { vaultId: ids.vault, recoveryPlanId: ids.plan },
      });
      expect(none.ofType("automation:JobSchedule")).to.deep.equal([]);
    });

    it("fails when drills are asked for without a drill network", () =>
      expectConstructionFailure(
        make({ drills: {}, recovery: { vaultId: ids.vault, recoveryPlanId: ids.plan } }),
        "drills",
        /recovery.testFailoverNetworkId/,
      ));
    for (const [key, value, message] of [
      ["timeUtc", "6am", /"HH:MM"/],
      ["frequency", "Day", /"Month" or "Week"/],
      ["interval", 0, /from 1 to 12/],
      ["weekDay", "Funday", /Monday/],
      ["weekOfMonth", 5, /-1/],
      ["overdueAfterDays", 20, /longer than the drills' period \(31 days\)/],
    ] as const) {
      it(`fails when drills.${key} is ${JSON.stringify(value)}`, () =>
        expectConstructionFailure(
          make({ drills: { testVmResourceGroupIds: [ids.rgCentral], [key]: value } as never }),
          `drills.${key}`,
          message,
        ));
    }
    it("fails when the overload drill lacks an id or is unbounded", async () => {
      await expectConstructionFailure(
        make({ overloadDrill: { ...plannedArgs.overloadDrill!, poolId: "" } }),
        "overloadDrill.poolId",
        /ARM id/,
      );
      await expectConstructionFailure(
        make({ overloadDrill: { ...plannedArgs.overloadDrill!, durationMinutes: 120 } }),
        "overloadDrill.durationMinutes",
        /from 1 to 60/,
      );
      await expectConstructionFailure(
        make({ overloadDrill: { ...plannedArgs.overloadDrill!, maxFailedPercent: 100 } }),
        "overloadDrill.maxFailedPercent",
        /below 100/,
      );
    });

    it("fails when softDeleteRetentionDays is outside 1 to 365 or not whole", async () => {
      for (const days of [0, 366, 2.5])
        await expectConstructionFailure(
          make({ softDeleteRetentionDays: days }),
          "softDeleteRetentionDays",
          new RegExp(`from 1 to 365 .* but got ${days}`),
        );
    });
  });

  describe("defaults", () => {
    let recording: Recording;
    let component: FailoverAutomation;
    before(async () => ({ recording, component } = await build()));

    it("puts the Automation account in the standby region with a managed identity, local auth and public access kept for the alert's webhook", () => {
      const account = recording.get("automation:AutomationAccount", "agents-aa-cus");
      expect(account.location).to.equal("centralus");
      expect(account.inputs).to.deep.include({
        resourceGroupName: "rg-central",
        identity: { type: "SystemAssigned" },
        disableLocalAuth: false,
        publicNetworkAccess: true,
        sku: { name: "Basic" },
      });
    });

    it("gives the identity custom roles with exactly the actions its runbooks call, each on exactly what it acts on", () => {
      const account = recording.get("automation:AutomationAccount", "agents-aa-cus");
      const principal = (account.outputs.identity as { principalId: string }).principalId;
      const definitions = new Map(recording.ofType("authorization:RoleDefinition").map((d) => [d.id!, d]));
      const grants = recording.ofType("authorization:RoleAssignment");
      expect(
        grants.every(
          (g) => g.inputs.principalId === principal && g.inputs.principalType === "ServicePrincipal",
        ),
      ).to.equal(true);
      const storageId = recording.get("storage:StorageAccount", "agents-runbooks-cus").id;
      const byScope = grants
        .map((g) => {
          const definition = definitions.get(g.inputs.roleDefinitionId as string);
          const role = definition
            ? (definition.name.replace("agents-roledef-", "") as string)
            : (g.inputs.roleDefinitionId as string).split("/").pop()!;
          return `${role} @ ${String(g.inputs.scope)}`;
        })
        .sort();
      expect(byScope).to.deep.equal(
        [
          `blobs @ ${storageId}/blobServices/default/containers/locks`,
          `blobs @ ${storageId}/blobServices/default/containers/runs`,
          `events @ ${sub}`,
          `jobs @ ${account.id}`,
          `${automationRoleIds.monitoringMetricsPublisher} @ ${account.id}`,
          `recoveryLinks @ ${ids.drillNetwork}`,
          `recoveryLinks @ ${ids.reverseCache}`,
          `recoveryLinks @ ${ids.primaryCache}`,
          `recoveryLinks @ ${ids.primaryNetwork}`,
          `recoveryLinks @ ${ids.standbyNetwork}`,
          `frontDoor @ ${ids.profile}`,
          `models @ ${ids.standbyAccount}`,
          `gateway @ ${ids.gateway}`,
          `recovery @ ${ids.vault}`,
          `virtualMachines @ ${ids.rgCentral}`,
          `virtualMachines @ ${ids.rgEast}`,
          // Drills: the test VMs' group, the records the overdue check reads, the overload drill's pool and metrics.
          `drillVms @ ${ids.rgCentral}`,
          `records @ ${storageId}/blobServices/default/containers/runs`,
          `gatewayPool @ ${ids.pool}`,
          `gatewayMetrics @ ${ids.primaryGateway}`,
        ].sort(),
      );
      for (const definition of definitions.values()) {
        const concern = definition.name.replace("agents-roledef-", "") as keyof typeof runbookPermissions;
        expect(definition.inputs.permissions).to.deep.equal([
          {
            actions: [...runbookPermissions[concern].actions],
            notActions: [],
            dataActions: [...runbookPermissions[concern].dataActions],
            notDataActions: [],
          },
        ]);
        expect(definition.inputs.roleType).to.equal("CustomRole");
        expect(definition.inputs.roleName).to.match(
          new RegExp(`^azure-ai-failover agents ${concern} [a-z0-9]+$`),
        );
        // Assignable where assigned: the groups of its scopes (the subscription for Service Health events).
        const scopes = grants
          .filter((g) => g.inputs.roleDefinitionId === definition.id)
          .map((g) => g.inputs.scope as string);
        const assignable = definition.inputs.assignableScopes as string[];
        expect(
          scopes.every((s) => assignable.some((a) => s.toLowerCase().startsWith(a.toLowerCase()))),
        ).to.equal(true);
        expect(
          assignable.every((a) => /^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/.test(a)),
        ).to.equal(true);
      }
      expect(
        definitions.get([...definitions.keys()].find((k) => k.includes("events"))!)!.inputs.assignableScopes,
      ).to.deep.equal([sub]);
    });

    it("publishes the runbooks only once their identity holds its roles", () => {
      const grants = recording.ofType("authorization:RoleAssignment").map((g) => g.urn);
      const contents = recording.resources.filter((r) => r.name.startsWith("agents-runbook-content-"));
      expect(contents).to.have.length(recording.ofType("automation:Runbook").length);
      for (const published of contents) {
        expect(grants.every((urn) => published.dependencies.includes(urn))).to.equal(true);
      }
    });

    it("publishes a PowerShell 5.1 entry runbook and Python 3.10 workers from the package's files, with content hashes", () => {
      const runbooks = recording.ofType("automation:Runbook");
      expect(
        runbooks
          .map((r) => [r.inputs.runbookName, r.inputs.runbookType, r.inputs.runtimeEnvironment ?? null])
          .sort(),
      ).to.deep.equal([
        ["agents-alert-entry", "PowerShell", "PowerShell-5.1"],
        ["agents-drill", "Python", "Python-3.10"],
        ["agents-drill-watch", "Python", "Python-3.10"],
        ["agents-failback", "Python", "Python-3.10"],
        ["agents-failover", "Python", "Python-3.10"],
        ["agents-overload-drill", "Python", "Python-3.10"],
      ]);
      for (const runbook of runbooks) {
        const key = (runbook.inputs.runbookName as string).replace("agents-", "").replace("alert-", "");
        const published = recording.find(`agents-runbook-content-${key}`)!;
        // Created as a draft, the content published through ARM: no content link, SAS or account key.
        expect(runbook.inputs.draft).to.deep.equal({});
        expect(runbook.inputs.publishContentLink).to.equal(undefined);
        expect(published.inputs).to.deep.include({
          kind: "azure-ai-failover:automation:RunbookContent",
          runbookId: runbook.id,
          contentHash: contentHash(published.inputs.content as string),
          armEndpoint: "https://management.azure.com",
        });
        expect(published.secretPaths).to.include("token");
        expect(published.dependencies).to.include(runbook.urn);
      }
      expect(recording.ofType("storage:Blob")).to.deep.equal([]);
    });

    it("bakes what counts as an incident, the targets and the reprotect settings into the worker", () => {
      const text = recording.find("agents-runbook-content-failover")!.inputs.content as string;
      expect(text).to.include('ACTION = "failover"');
      const config = JSON.parse(JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(text)![1]));
      const account = recording.get("automation:AutomationAccount", "agents-aa-cus");
      const storageName = recording.get("storage:StorageAccount", "agents-runbooks-cus").outputs.name;
      expect(config).to.deep.equal({
        mode: "automatic",
        watch: {
          subscriptionId: "00000000-0000-0000-0000-000000000001",
          primaryRegion: { name: "eastus2", displayName: "East US 2" },
          services: defaultWatchedServices,
          globalServices: defaultGlobalServices,
          minLevel: "Warning",
        },
        frontDoor: {
          profileId: ids.profile,
          originGroupId: ids.originGroup,
          primaryOriginId: ids.primaryOrigin,
          standbyOriginId: ids.standbyOrigin,
          standbyOriginHost: "agents-cus.azure-api.net",
          minHealthPercent: 50,
        },
        standbyDeployments: [{ id: ids.chat, capacity: 150, baseCapacity: 50 }],
        standbyGateway: { id: ids.gateway, capacity: 2, baseCapacity: 1 },
        recovery: {
          vaultId: ids.vault,
          planId: ids.plan,
          drillNetworkId: ids.drillNetwork,
          recoveryPointType: "LatestProcessed",
          failbackRecoveryPointType: "Latest",
          multiVmSyncPoint: false,
          reprotect: {
            toPrimary: {
              policyId: ids.policy,
              recoveryContainerId: ids.primaryContainer,
              stagingStorageAccountId: ids.reverseCache,
              recoveryResourceGroupIds: { "app-1": ids.rgEast },
              sendZone: true,
            },
            toStandby: {
              policyId: ids.policy,
              recoveryContainerId: ids.standbyContainer,
              stagingStorageAccountId: ids.primaryCache,
              recoveryResourceGroupIds: { "*": ids.rgCentral },
              recoveryAvailabilityZones: { "app-1": "1" },
              sendZone: true,
            },
          },
        },
        // The drill's probe targets and overdue limit (monthly: 31 + 5 days), counted from the first scheduled drill.
        drill: {
          modelHosts: ["oai-cus.openai.azure.com"],
          overdueAfterDays: 36,
          firstDrillAt: "2031-11-25T06:00:00Z",
        },
        // The pool as AiGateway builds it, restored after the overload drill; 1 minute at most.
        overloadDrill: {
          poolId: ids.pool,
          primaryBackendId: ids.primaryBackend,
          members: [
            { id: ids.primaryBackend, priority: 1 },
            { id: ids.standbyBackend, priority: 2 },
          ],
          seconds: 60,
          maxFailedPercent: 1,
        },
        lock: { blobUrl: `https://${storageName}.blob.core.windows.net/locks/failover.lock` },
        records: { containerUrl: `https://${storageName}.blob.core.windows.net/runs` },
        metrics: { url: `https://centralus.monitoring.azure.com${account.id}/metrics` },
      });
    });

    it("wires receiver -> webhook -> entry runbook, with the generated URI as a secret and no e-mail on that group", () => {
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
      expect(group.inputs.emailReceivers).to.equal(undefined);
      const people = recording.get("monitor:ActionGroup", "agents-people");
      expect(people.inputs.emailReceivers).to.deep.equal([
        { name: "person-1", emailAddress: "oncall@contoso.com", useCommonAlertSchema: true },
      ]);
      expect(people.inputs.automationRunbookReceivers).to.equal(undefined);
    });

    it("starts the runbook only from the Service Health alert for the primary region; global services go to people", () => {
      const runbookGroup = recording.get("monitor:ActionGroup", "agents-ag").id;
      const people = recording.get("monitor:ActionGroup", "agents-people").id;
      const alert = recording.get("monitor:ActivityLogAlert", "agents-service-health");
      expect(alert.inputs).to.deep.include({ location: "Global", scopes: [sub], enabled: true });
      expect((alert.inputs.condition as { allOf: unknown[] }).allOf).to.deep.equal([
        { field: "category", equals: "ServiceHealth" },
        { field: "properties.incidentType", equals: "Incident" },
        { field: "properties.impactedServices[*].ServiceName", containsAny: defaultWatchedServices },
        { field: "properties.impactedServices[*].ImpactedRegions[*].RegionName", containsAny: ["East US 2"] },
      ]);
      expect((alert.inputs.actions as { actionGroups: unknown[] }).actionGroups).to.deep.equal([
        { actionGroupId: runbookGroup },
        { actionGroupId: people },
      ]);
      const global = recording.get("monitor:ActivityLogAlert", "agents-global-health");
      expect((global.inputs.condition as { allOf: unknown[] }).allOf.slice(2)).to.deep.equal([
        { field: "properties.impactedServices[*].ServiceName", containsAny: defaultGlobalServices },
        { field: "properties.impactedServices[*].ImpactedRegions[*].RegionName", containsAny: ["Global"] },
      ]);
      expect((global.inputs.actions as { actionGroups: unknown[] }).actionGroups).to.deep.equal([
        { actionGroupId: people },
      ]);
      // No metric alert can start the runbook.
      for (const metricAlert of recording.ofType("monitor:MetricAlert")) {
        expect(metricAlert.inputs.actions).to.deep.equal([{ actionGroupId: people }]);
      }
    });

    it("alerts people when a runbook job fails, is suspended or stopped, and on each run outcome that needs them", () => {
      const account = recording.get("automation:AutomationAccount", "agents-aa-cus").id;
      const jobs = recording.get("monitor:MetricAlert", "agents-job-failed");
      expect(jobs.inputs.scopes).to.deep.equal([account]);
      expect(criterion(jobs)).to.deep.include({
        metricNamespace: "Microsoft.Automation/automationAccounts",
        metricName: "TotalJob",
        operator: "GreaterThan",
        threshold: 0,
        timeAggregation: "Total",
        dimensions: [{ name: "Status", operator: "Include", values: ["Failed", "Suspended", "Stopped"] }],
      });
      for (const [key, results, severity] of [
        ["failed", ["failed", "lock-lost", "in-progress"], 1],
        ["approval", ["awaiting-approval"], 0],
        ["global", ["global-incident"], 1],
      ] as const) {
        const alert = recording.get("monitor:MetricAlert", `agents-run-${key}`);
        expect(alert.inputs.severity).to.equal(severity);
        expect(criterion(alert)).to.deep.include({
          metricNamespace: "azure-ai-failover",
          metricName: "Runs",
          skipMetricValidation: true,
          dimensions: [{ name: "Result", operator: "Include", values: results }],
        });
      }
    });

    it("alerts people on 429s and PTU utilization of each model account", () => {
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
        expect(criterion(throttling)).to.deep.include({
          metricName: "AzureOpenAIRequests",
          operator: "GreaterThan",
          threshold: 10,
          timeAggregation: "Total",
          dimensions: [{ name: "StatusCode", operator: "Include", values: ["429"] }],
        });
        expect(criterion(recording.get("monitor:MetricAlert", `agents-utilization-${key}`))).to.deep.include({
          metricName: "AzureOpenAIProvisionedManagedUtilizationV2",
          threshold: 90,
        });
      }
    });

    it("keeps the lock and run records in an Entra-only, TLS 1.2, zone- and geo-redundant storage account", () => {
      const account = recording.get("storage:StorageAccount", "agents-runbooks-cus");
      expect(account.inputs).to.deep.include({
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        // Cloud jobs run in Azure's sandboxes: they cannot reach a storage account through a private endpoint.
        publicNetworkAccess: "Enabled",
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        sku: { name: "Standard_GZRS" },
      });
      expect(
        recording.ofType("storage:BlobContainer").map((c) => [c.inputs.containerName, c.inputs.publicAccess]),
      ).to.deep.equal([
        ["locks", "None"],
        ["runs", "None"],
      ]);
    });

    it("turns on blob soft delete, container soft delete and versioning for 7 days before any container exists", () => {
      const service = recording.get("storage:BlobServiceProperties", "agents-runbooks-blob-service");
      const account = recording.get("storage:StorageAccount", "agents-runbooks-cus");
      expect(service.inputs).to.deep.include({
        resourceGroupName: "rg-central",
        accountName: account.outputs.name,
        blobServicesName: "default",
        deleteRetentionPolicy: { enabled: true, days: 7 },
        containerDeleteRetentionPolicy: { enabled: true, days: 7 },
        isVersioningEnabled: true,
      });
      for (const c of recording.ofType("storage:BlobContainer"))
        expect(c.dependencies).to.include(service.urn);
    });

    it("exposes runbook names, ids, the webhook's expiry and where run records go", async () => {
      expect(component.runbookNames).to.deep.equal({
        entry: "agents-alert-entry",
        failover: "agents-failover",
        failback: "agents-failback",
        drill: "agents-drill",
        drillWatch: "agents-drill-watch",
        overloadDrill: "agents-overload-drill",
      });
      expect(await outputValue(component.webhookExpiresAt)).to.equal("2031-11-24T00:00:00.000Z");
      expect(await outputValue(component.actionGroupId)).to.equal(
        recording.get("monitor:ActionGroup", "agents-ag").id,
      );
      expect(await outputValue(component.notificationActionGroupId!)).to.equal(
        recording.get("monitor:ActionGroup", "agents-people").id,
      );
      expect(await outputValue(component.runRecordsUrl)).to.match(
        /^https:\/\/agentsrunbooks[a-z0-9]+\.blob\.core\.windows\.net\/runs$/,
      );
    });
  });

  it("keeps deleted blobs, containers and versions softDeleteRetentionDays; geo-redundant storage without zones", async () => {
    const { recording } = await build({
      regions: { primary: "southcentralus", standby: "northcentralus" },
      softDeleteRetentionDays: 30,
    });
    const service = recording.get("storage:BlobServiceProperties", "agents-runbooks-blob-service");
    expect(service.inputs).to.deep.include({
      deleteRetentionPolicy: { enabled: true, days: 30 },
      containerDeleteRetentionPolicy: { enabled: true, days: 30 },
    });
    // North Central US has no availability zones: a copy in the paired region instead.
    expect(recording.get("storage:StorageAccount", "agents-runbooks-ncus").inputs.sku).to.deep.equal({
      name: "Standard_GRS",
    });
  });

  it("picks the runbook storage's redundancy from the region: GZRS with zones and a pair, down to LRS with neither", () => {
    expect(runbookStorageSku({ availabilityZones: true, pairedRegion: "westus" })).to.equal("Standard_GZRS");
    expect(runbookStorageSku({ availabilityZones: true })).to.equal("Standard_ZRS");
    expect(runbookStorageSku({ availabilityZones: false, pairedRegion: "southcentralus" })).to.equal(
      "Standard_GRS",
    );
    expect(runbookStorageSku({ availabilityZones: false })).to.equal("Standard_LRS");
  });

  it("writes approval mode, the level and the recovery point into the worker", async () => {
    const { recording } = await build({
      mode: "approval",
      minimumLevel: "Error",
      recovery: { ...base.recovery!, recoveryPoint: "Latest", multiVmSyncPoint: true },
    });
    const text = recording.find("agents-runbook-content-failover")!.inputs.content as string;
    const config = JSON.parse(JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(text)![1]));
    expect(config.mode).to.equal("approval");
    expect(config.watch.minLevel).to.equal("Error");
    expect(config.recovery).to.deep.include({ recoveryPointType: "Latest", multiVmSyncPoint: true });
  });

  it("grants only what it is given: no Front Door, models, gateway or reprotect, no role on them", async () => {
    const { recording } = await build({
      frontDoor: undefined,
      models: undefined,
      gateway: undefined,
      recovery: { vaultId: ids.vault, recoveryPlanId: ids.plan },
      drills: undefined,
      overloadDrill: undefined,
      alertEmails: [],
    });
    const concerns = recording
      .ofType("authorization:RoleDefinition")
      .map((d) => d.name.replace("agents-roledef-", ""))
      .sort();
    expect(concerns).to.deep.equal(["blobs", "events", "jobs", "recovery"]);
    expect(recording.ofType("monitor:ActionGroup").map((g) => g.name)).to.deep.equal(["agents-ag"]);
    expect(recording.get("monitor:MetricAlert", "agents-job-failed").inputs.actions).to.deep.equal([]);
  });

  it("tells existing action groups (an OperationsAlerts' operators) what it tells alertEmails, without an e-mail group of its own", async () => {
    const ops = `${sub}/resourceGroups/rg-central/providers/Microsoft.Insights/actionGroups/agents-ops`;
    const { recording } = await build({ alertEmails: undefined, notificationActionGroupIds: [ops] });
    expect(recording.ofType("monitor:ActionGroup").map((g) => g.name)).to.deep.equal(["agents-ag"]);
    const groups = (name: string) =>
      (
        recording.get("monitor:ActivityLogAlert", name).inputs.actions as {
          actionGroups: { actionGroupId: string }[];
        }
      ).actionGroups.map((a) => a.actionGroupId);
    expect(groups("agents-service-health")).to.deep.equal([
      recording.get("monitor:ActionGroup", "agents-ag").id,
      ops,
    ]);
    expect(groups("agents-global-health")).to.deep.equal([ops]);
    for (const alert of recording.ofType("monitor:MetricAlert"))
      expect(alert.inputs.actions, alert.name).to.deep.equal([{ actionGroupId: ops }]);
  });

  it("promotes PostgreSQL replicas: a role to read and promote each pair's servers, on them alone, and the pair in the worker", async () => {
    const primary = `${ids.rgEast}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-eus2`;
    const replica = `${ids.rgCentral}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-cus`;
    const { recording } = await build({
      databases: {
        orders: {
          primaryServerId: primary,
          replicaServerId: replica,
          virtualEndpointId: `${primary}/virtualendpoints/orders`,
        },
        audit: { primaryServerId: `${primary}x`, replicaServerId: `${replica}x` },
      },
      databasePromoteOption: "Planned",
    });
    const definition = recording.get("authorization:RoleDefinition", "agents-roledef-databases");
    expect(definition.inputs.permissions).to.deep.equal([
      {
        actions: [
          "Microsoft.DBforPostgreSQL/flexibleServers/read",
          "Microsoft.DBforPostgreSQL/flexibleServers/write",
        ],
        notActions: [],
        dataActions: [],
        notDataActions: [],
      },
    ]);
    expect(definition.inputs.assignableScopes).to.deep.equal([ids.rgCentral, ids.rgEast]);
    const scopes = Object.fromEntries(
      recording
        .ofType("authorization:RoleAssignment")
        .filter((a) => a.name.startsWith("agents-role-databases-"))
        .map((a) => [a.name, a.inputs.scope]),
    );
    expect(scopes).to.deep.equal({
      "agents-role-databases-orders-replica": replica,
      "agents-role-databases-orders-primary": primary,
      "agents-role-databases-audit-replica": `${replica}x`,
      "agents-role-databases-audit-primary": `${primary}x`,
    });
    const text = recording.find("agents-runbook-content-failover")!.inputs.content as string;
    const config = JSON.parse(JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(text)![1]));
    expect(config.databases).to.deep.equal([
      {
        key: "orders",
        primaryServerId: primary,
        replicaServerId: replica,
        promoteMode: "Switchover",
        promoteOption: "Planned",
      },
      {
        key: "audit",
        primaryServerId: `${primary}x`,
        replicaServerId: `${replica}x`,
        promoteMode: "Standalone",
        promoteOption: "Planned",
      },
    ]);
  });

  describe("fails at construction, registering nothing, on", () => {
    const pg = (name: string) => `${ids.rgEast}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${name}`;
    const cases: [string, Partial<FailoverAutomationArgs>, string, RegExp][] = [
      [
        "databases given as a list",
        { databases: [{ primaryServerId: pg("a"), replicaServerId: pg("b") }] as never },
        "databases",
        /must map a stable key to a server pair/,
      ],
      [
        "a database key with capitals",
        { databases: { Orders: { primaryServerId: pg("a"), replicaServerId: pg("b") } } },
        "databases.Orders",
        /lower-case letters, digits and hyphens .* but got "Orders"/,
      ],
      [
        "a database replica id that is not a flexible server",
        { databases: { orders: { primaryServerId: pg("a"), replicaServerId: ids.vault } } },
        "databases.orders.replicaServerId",
        /must be a PostgreSQL flexible server's ARM id/,
      ],
      [
        "a database without a replica",
        { databases: { orders: { primaryServerId: pg("a"), replicaServerId: undefined as never } } },
        "databases.orders.replicaServerId",
        /must be a PostgreSQL flexible server's ARM id, but got undefined/,
      ],
      [
        "a replica that is the primary itself",
        { databases: { orders: { primaryServerId: pg("a"), replicaServerId: pg("a") } } },
        "databases.orders.replicaServerId",
        /not the primary itself/,
      ],
      [
        "an unknown promote option",
        { databasePromoteOption: "Immediate" as never },
        "databasePromoteOption",
        /must be one of Auto, Forced, Planned, but got "Immediate"/,
      ],
      [
        "the removed incidentTypes",
        { incidentTypes: ["Incident"] } as never,
        "incidentTypes",
        /was removed: only an active service issue/,
      ],
      [
        "an unknown mode",
        { mode: "manual" as never },
        "mode",
        /must be one of automatic, approval, but got "manual"/,
      ],
      [
        "an Informational minimum level",
        { minimumLevel: "Informational" as never },
        "minimumLevel",
        /do not affect availability/,
      ],
      ["no watched services", { watchedServices: [] }, "watchedServices", /at least one service/],
      [
        "a blank service name",
        { watchedServices: ["API Management", " "] },
        "watchedServices",
        /must list Service Health service names/,
      ],
      [
        "a service both watched and global",
        { watchedServices: ["Azure Front Door"] },
        "watchedServices",
        /must not share a service, but both name \["Azure Front Door"\]/,
      ],
      [
        "a bad e-mail",
        { alertEmails: ["oncall"] },
        "alertEmails[0]",
        /must be an e-mail address, but got "oncall"/,
      ],
      [
        "a notification action group id that is not one",
        { notificationActionGroupIds: ["/subscriptions/x/ag"] },
        "notificationActionGroupIds[0]",
        /must be the ARM id of an action group/,
      ],
      ["a webhook valid for 10 days", { webhookValidityDays: 10 }, "webhookValidityDays", /from 30 to 3650/],
      [
        "nothing to fail over",
        {
          frontDoor: undefined,
          models: undefined,
          gateway: undefined,
          recovery: undefined,
          drills: undefined,
        },
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
        "a deployment without an id (a mistyped key of deploymentIds)",
        {
          models: { standbyAccountId: "/a", standbyDeployments: [{ id: undefined as never, capacity: 10 }] },
        },
        "models.standbyDeployments[0].id",
        /must be a deployment's ARM id, but got undefined/,
      ],
      [
        "a fractional base capacity",
        { gateway: { standbyServiceId: "/g", capacity: 2, baseCapacity: 1.5 } },
        "gateway.baseCapacity",
        /positive whole number of scale units, but got 1.5/,
      ],
      [
        "a failover capacity that does not spread over the standby gateway's pinned zones",
        { gateway: { standbyServiceId: "/g", capacity: 4, baseCapacity: 3, zoneCount: 3 } },
        "gateway.capacity",
        /gateway\.capacity 4 does not spread evenly over the standby gateway's 3 pinned availability zones.*use a multiple of 3/,
      ],
      [
        "a base capacity that does not spread over the pinned zones",
        { gateway: { standbyServiceId: "/g", capacity: 4, baseCapacity: 3, zoneCount: 2 } },
        "gateway.baseCapacity",
        /gateway\.baseCapacity 3 does not spread evenly over the standby gateway's 2 pinned/,
      ],
      [
        "a zone count Azure does not have",
        { gateway: { standbyServiceId: "/g", capacity: 4, zoneCount: 4 } },
        "gateway.zoneCount",
        /1 to 3\), but got 4/,
      ],
      [
        "a Front Door origin id that is undefined (a mistyped key of originIds)",
        { frontDoor: { ...base.frontDoor!, primaryOriginId: undefined as never } },
        "frontDoor.primaryOriginId",
        /must be an ARM id/,
      ],
      [
        "a standby health of 0 %",
        { frontDoor: { ...base.frontDoor!, minStandbyHealthPercent: 0 } },
        "frontDoor.minStandbyHealthPercent",
        /above 0 and at most 100/,
      ],
      [
        "an unknown recovery point",
        { recovery: { ...base.recovery!, recoveryPoint: "LatestApplicationConsistent" as never } },
        "recovery.recoveryPoint",
        /must be one of LatestProcessed, Latest/,
      ],
      [
        "reprotect settings without the networks (not SiteRecovery's output)",
        {
          recovery: {
            ...base.recovery!,
            reprotect: { ...base.recovery!.reprotect!, networkIds: undefined as never },
          },
        },
        "recovery.reprotect.networkIds",
        /must list ARM ids \(SiteRecovery's `reprotect` output gives them\), but got undefined/,
      ],
      [
        "reprotect settings without a cache for one direction",
        {
          recovery: {
            ...base.recovery!,
            reprotect: {
              ...base.recovery!.reprotect!,
              toPrimary: {
                ...base.recovery!.reprotect!.toPrimary,
                stagingStorageAccountId: undefined as never,
              },
            },
          },
        },
        "recovery.reprotect.toPrimary.stagingStorageAccountId",
        /must be an ARM id/,
      ],
      [
        "an unknown failback recovery point",
        { recovery: { ...base.recovery!, failbackRecoveryPoint: "Custom" as never } },
        "recovery.failbackRecoveryPoint",
        /must be one of LatestProcessed, Latest, but got "Custom"/,
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

  it("writes the configuration into the worker, which then runs with no config file (dry run against the fake)", async () => {
    const fake = new FakeAzure();
    await fake.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-content-"));
    try {
      fake.events = [serviceIssue({ service: "API Management" })];
      const file = path.join(dir, "failover.py");
      fs.writeFileSync(
        file,
        renderWorker("failover", {
          mode: "automatic",
          watch: {
            subscriptionId: "00000000-0000-0000-0000-000000000001",
            primaryRegion: { name: "eastus2", displayName: "East US 2" },
            services: ["API Management"],
            globalServices: [],
            minLevel: "Warning",
          },
          standbyGateway: { id: ids.gateway, capacity: 2 },
        }),
      );
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          "python3",
          [file, "--dry-run", "--arm-endpoint", fake.url],
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
      expect(report.steps.map((s) => [s.name, s.status])).to.deep.equal([["gateway-capacity", "would-do"]]);
      expect(fake.armWrites()).to.deep.equal([]);
    } finally {
      await fake.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes the account id and worker name into the entry runbook, quoted for PowerShell, and passes the worker nothing", () => {
    const text = renderEntry({
      automationAccountId:
        "/subscriptions/s/resourceGroups/o'brien/providers/Microsoft.Automation/automationAccounts/aa",
      workerRunbookName: "agents-failover",
    });
    expect(text).to.include(
      "$AutomationAccountId = '/subscriptions/s/resourceGroups/o''brien/providers/Microsoft.Automation/automationAccounts/aa'",
    );
    expect(text).to.include("$WorkerRunbookName = 'agents-failover'");
    expect(text).to.include("param(");
    expect(text).to.include("parameters = @{}");
    expect(text).not.to.match(/Start-AzAutomationRunbook|Connect-AzAccount/);
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

describe("runbook content provider", () => {
  it("replaces the draft with the script as text, publishes it, and follows each 202's Location until 200", async () => {
    const seen: { method?: string; url?: string; auth?: string; type?: string; body: string }[] = [];
    let port = 0;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        seen.push({
          method: req.method,
          url: req.url,
          auth: req.headers.authorization,
          type: req.headers["content-type"],
          body,
        });
        // As replaceRunbookDraftContent.json and publishRunbook.json (automation spec 2024-10-23) answer: 202 with a
        // Location under .../operationResults/{id}, which answers 200 when done.
        if (req.method === "GET") {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end("{}");
          return;
        }
        const what = req.url!.includes("/draft/content") ? "draft/content" : "publish";
        res.writeHead(202, {
          Location: `http://127.0.0.1:${port}${req.url!.split("?")[0].replace(/\/(draft\/content|publish)$/, "")}/${what}/operationResults/9bd70be2-cf73-49b4-9467-5261d48c2b3d?api-version=2024-10-23`,
          "Retry-After": "0",
        });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    try {
      const runbookId = `${sub}/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa/runbooks/agents-failover`;
      const inputs = {
        kind: "azure-ai-failover:automation:RunbookContent" as const,
        runbookId,
        content: "print('hello')\n",
        contentHash: contentHash("print('hello')\n"),
        runbookRevision: "2031-11-24T00:00:00Z",
        token: "t0ken",
        armEndpoint: `http://127.0.0.1:${port}`,
      };
      const created = await runbookContentProvider.create(inputs);
      expect(seen.map((s) => [s.method, s.url, s.auth])).to.deep.equal([
        ["PUT", `${runbookId}/draft/content?api-version=2024-10-23`, "Bearer t0ken"],
        [
          "GET",
          `${runbookId}/draft/content/operationResults/9bd70be2-cf73-49b4-9467-5261d48c2b3d?api-version=2024-10-23`,
          "Bearer t0ken",
        ],
        ["POST", `${runbookId}/publish?api-version=2024-10-23`, "Bearer t0ken"],
        [
          "GET",
          `${runbookId}/publish/operationResults/9bd70be2-cf73-49b4-9467-5261d48c2b3d?api-version=2024-10-23`,
          "Bearer t0ken",
        ],
      ]);
      expect(seen[0]).to.deep.include({ type: "text/powershell", body: "print('hello')\n" });
      expect(created.outs).to.deep.include({ token: "", publishedHash: inputs.contentHash });
      const diff = (news: Partial<typeof inputs>) =>
        runbookContentProvider.diff!(created.id, created.outs, { ...inputs, ...news });
      expect(await diff({ token: "new" })).to.deep.include({ changes: false });
      expect(await diff({ contentHash: "OTHER" })).to.deep.include({ changes: true, replaces: [] });
      expect(await diff({ runbookRevision: "2031-12-01T00:00:00Z" })).to.deep.include({ changes: true });
    } finally {
      server.close();
    }
  });

  /** A stand-in ARM that answers each request with `answer(method, url)`; returns what it saw and a cleanup. */
  const fakeArm = async (
    answer: (
      method: string,
      url: string,
      port: number,
    ) => { status: number; headers?: Record<string, string>; body?: string },
  ) => {
    const seen: string[] = [];
    let port = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        seen.push(`${req.method} ${req.url!.split("?")[0]}`);
        const { status, headers, body } = answer(req.method!, req.url!, port);
        res.writeHead(status, headers);
        res.end(body ?? "");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    const inputs = {
      kind: "azure-ai-failover:automation:RunbookContent" as const,
      runbookId: "/x/runbooks/r",
      content: "print('hello')\n",
      contentHash: "h",
      runbookRevision: "",
      token: "t",
      armEndpoint: `http://127.0.0.1:${port}`,
    };
    return { seen, inputs, close: () => server.close() };
  };

  it("takes 204 No Content from a Location as done, one of ARM's two success answers", async () => {
    const arm = await fakeArm((method, url, port) =>
      method === "GET"
        ? { status: 204 }
        : {
            status: 202,
            headers: {
              Location: `http://127.0.0.1:${port}${url.split("?")[0]}/operationResults/1`,
              "Retry-After": "0",
            },
          },
    );
    try {
      await runbookContentProvider.create(arm.inputs);
      expect(arm.seen).to.deep.equal([
        "PUT /x/runbooks/r/draft/content",
        "GET /x/runbooks/r/draft/content/operationResults/1",
        "POST /x/runbooks/r/publish",
        "GET /x/runbooks/r/publish/operationResults/1",
      ]);
    } finally {
      arm.close();
    }
  });

  it("waits on Azure-AsyncOperation until Succeeded when no Location is given, before publishing", async () => {
    let polls = 0;
    const arm = await fakeArm((method, url, port) => {
      if (method === "GET") {
        polls++;
        return { status: 200, body: JSON.stringify({ status: polls < 2 ? "InProgress" : "Succeeded" }) };
      }
      return url.includes("/draft/content")
        ? {
            status: 202,
            headers: { "Azure-AsyncOperation": `http://127.0.0.1:${port}/ops/1`, "Retry-After": "0" },
          }
        : { status: 200 };
    });
    try {
      await runbookContentProvider.create(arm.inputs);
      expect(arm.seen).to.deep.equal([
        "PUT /x/runbooks/r/draft/content",
        "GET /ops/1",
        "GET /ops/1",
        "POST /x/runbooks/r/publish",
      ]);
    } finally {
      arm.close();
    }
  });

  it("fails when Azure-AsyncOperation reports Failed", async () => {
    const arm = await fakeArm((method, _url, port) =>
      method === "GET"
        ? { status: 200, body: '{"status":"Failed"}' }
        : {
            status: 202,
            headers: { "Azure-AsyncOperation": `http://127.0.0.1:${port}/ops/1`, "Retry-After": "0" },
          },
    );
    try {
      let error: Error | undefined;
      await runbookContentProvider.create(arm.inputs).catch((e: Error) => (error = e));
      expect(error?.message).to.equal("replacing the draft of /x/runbooks/r ended Failed");
    } finally {
      arm.close();
    }
  });

  it("says the deploying identity's token probably expired when ARM answers 401", async () => {
    const arm = await fakeArm(() => ({
      status: 401,
      body: '{"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}',
    }));
    try {
      let error: Error | undefined;
      await runbookContentProvider.create(arm.inputs).catch((e: Error) => (error = e));
      expect(error?.message).to.match(/failed: 401 .*ExpiredAuthenticationToken.*run `pulumi up` again/);
    } finally {
      arm.close();
    }
  });

  it("fails with ARM's answer when the draft is refused", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end('{"code":"NotFound","message":"Runbook not found."}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      let error: Error | undefined;
      await runbookContentProvider
        .create({
          kind: "azure-ai-failover:automation:RunbookContent",
          runbookId: "/x/runbooks/r",
          content: "",
          contentHash: "",
          runbookRevision: "",
          token: "t",
          armEndpoint: `http://127.0.0.1:${port}`,
        })
        .catch((e: Error) => (error = e));
      expect(error?.message).to.match(
        /^PUT http:\/\/127\.0\.0\.1:\d+\/x\/runbooks\/r\/draft\/content failed: 404 .*Runbook not found/,
      );
    } finally {
      server.close();
    }
  });
});
