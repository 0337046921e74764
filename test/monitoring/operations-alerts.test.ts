import { expect } from "chai";
import { expectConstructionFailure } from "../helpers";
import {
  OperationsAlerts,
  OperationsAlertsArgs,
  gatewayCapacityRules,
  ownerRoleId,
  serviceHealthEventTypes,
} from "../../src";
import { Recording, RecordedResource, record } from "../../src/testing";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const rgId = (g: string) => `${sub}/resourceGroups/${g}`;
const fw = (n: string) => `${rgId("rg")}/providers/Microsoft.Network/azureFirewalls/${n}`;
const apim = (n: string) => `${rgId("rg")}/providers/Microsoft.ApiManagement/service/${n}`;
const pg = (n: string) => `${rgId("rg")}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${n}`;
const afd = `${rgId("rg")}/providers/Microsoft.Cdn/profiles/afd`;
const aa = `${rgId("rg")}/providers/Microsoft.Automation/automationAccounts/aa`;
const pager = `${rgId("ops")}/providers/Microsoft.Insights/actionGroups/pager`;

const base: OperationsAlertsArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  resourceGroups: { primary: "rg-east", standby: "rg-central" },
};

async function build(over: Partial<OperationsAlertsArgs> = {}) {
  let component: OperationsAlerts | undefined;
  const recording = await record(() => {
    component = new OperationsAlerts("agents", { ...base, ...over });
  });
  return { recording, component: component! };
}
const make = (over: Partial<OperationsAlertsArgs>) => () =>
  new OperationsAlerts("agents", { ...base, ...over });

const allOf = (alert: RecordedResource) =>
  (alert.inputs.condition as { allOf: Record<string, unknown>[] }).allOf;
const criterion = (alert: RecordedResource) =>
  (alert.inputs.criteria as { allOf: Record<string, unknown>[] }).allOf[0];
const groupsCalled = (alert: RecordedResource) =>
  ((alert.inputs.actions as { actionGroups: { actionGroupId: string }[] }).actionGroups ?? []).map(
    (a) => a.actionGroupId,
  );

describe("OperationsAlerts", function () {
  this.timeout(60_000);

  describe("defaults: new OperationsAlerts('agents', { regions, resourceGroups })", () => {
    let recording: Recording;
    before(async () => ({ recording } = await build()));

    it("tells the subscription's Owners (by role) when nobody is named, so no alert reaches nobody", () => {
      const group = recording.get("monitor:ActionGroup", "agents-ops");
      expect(group.inputs).to.deep.include({
        resourceGroupName: "rg-central",
        location: "Global",
        enabled: true,
        groupShortName: "agents-ops",
        emailReceivers: [],
        armRoleReceivers: [{ name: "role-1", roleId: ownerRoleId, useCommonAlertSchema: true }],
      });
      expect(ownerRoleId).to.equal("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    });

    it("sends Service Health events of all five types, one alert each, for both regions and Global, to the operators", () => {
      const group = recording.get("monitor:ActionGroup", "agents-ops").id;
      expect(serviceHealthEventTypes).to.deep.equal([
        "Incident",
        "Maintenance",
        "Informational",
        "ActionRequired",
        "Security",
      ]);
      for (const type of serviceHealthEventTypes) {
        const alert = recording.get(
          "monitor:ActivityLogAlert",
          `agents-ops-service-health-${type.toLowerCase()}`,
        );
        expect(alert.inputs).to.deep.include({
          location: "Global",
          scopes: [sub],
          enabled: true,
          resourceGroupName: "rg-central",
        });
        expect(allOf(alert)).to.deep.equal([
          { field: "category", equals: "ServiceHealth" },
          { field: "properties.incidentType", equals: type },
          {
            field: "properties.impactedServices[*].ImpactedRegions[*].RegionName",
            containsAny: ["East US 2", "Central US", "Global"],
          },
        ]);
        expect(groupsCalled(alert)).to.deep.equal([group]);
      }
    });

    it("alerts on Resource Health (degraded or unavailable, whatever the cause, even none yet) in both resource groups", () => {
      const alert = recording.get("monitor:ActivityLogAlert", "agents-ops-resource-health");
      expect(alert.inputs.scopes).to.deep.equal([rgId("rg-east"), rgId("rg-central")]);
      // No properties.cause clause: Learn says the event logged at the transition itself may carry a null cause.
      expect(allOf(alert)).to.deep.equal([
        { field: "category", equals: "ResourceHealth" },
        {
          anyOf: [
            { field: "properties.currentHealthStatus", equals: "Degraded" },
            { field: "properties.currentHealthStatus", equals: "Unavailable" },
          ],
        },
      ]);
      expect(alert.inputs.enabled).to.equal(true);
    });

    it("builds no metric alert without resources to watch", () => {
      expect(recording.ofType("monitor:MetricAlert")).to.have.length(0);
    });
  });

  describe("metric alerts, scoped to exactly the resources given", () => {
    let recording: Recording;
    let component: OperationsAlerts;
    before(
      async () =>
        ({ recording, component } = await build({
          emails: ["oncall@contoso.com"],
          actionGroupIds: [pager],
          firewalls: { ids: { primary: fw("fw-eus2"), standby: fw("fw-cus") } },
          gateways: {
            services: {
              primary: { id: apim("apim-eus2"), sku: "StandardV2", units: 2 },
              standby: { id: apim("apim-cus"), sku: "Premium", units: 1 },
            },
          },
          databases: { serverIds: { primary: pg("pg"), replica: pg("pg-replica") } },
          frontDoors: { profileIds: { profile: afd } },
          automationAccounts: { ids: { jobs: aa } },
        })),
    );
    const alert = (name: string) => recording.get("monitor:MetricAlert", `agents-ops-${name}`);

    it("e-mails the people named and calls the existing action groups, and no role", () => {
      const group = recording.get("monitor:ActionGroup", "agents-ops");
      expect(group.inputs.emailReceivers).to.deep.equal([
        { name: "operator-1", emailAddress: "oncall@contoso.com", useCommonAlertSchema: true },
      ]);
      expect(group.inputs.armRoleReceivers).to.deep.equal([]);
      expect(
        (alert("firewall-health-primary").inputs.actions as { actionGroupId: string }[]).map(
          (a) => a.actionGroupId,
        ),
      ).to.deep.equal([group.id, pager]);
    });

    it("firewall health below 90 (sev 0), SNAT above 80 (sev 1), latency above 30 ms over 15 minutes (sev 2), per firewall", () => {
      for (const [key, id] of [
        ["primary", fw("fw-eus2")],
        ["standby", fw("fw-cus")],
      ]) {
        const health = alert(`firewall-health-${key}`);
        expect(health.inputs).to.deep.include({
          scopes: [id],
          severity: 0,
          enabled: true,
          windowSize: "PT5M",
          evaluationFrequency: "PT1M",
          autoMitigate: true,
        });
        expect(criterion(health)).to.deep.include({
          metricNamespace: "Microsoft.Network/azureFirewalls",
          metricName: "FirewallHealth",
          operator: "LessThan",
          timeAggregation: "Average",
          threshold: 90,
        });
        const snat = alert(`firewall-snat-${key}`);
        expect(snat.inputs).to.deep.include({ scopes: [id], severity: 1 });
        expect(criterion(snat)).to.deep.include({
          metricName: "SNATPortUtilization",
          operator: "GreaterThan",
          timeAggregation: "Average",
          threshold: 80,
        });
        const latency = alert(`firewall-latency-${key}`);
        expect(latency.inputs).to.deep.include({
          scopes: [id],
          severity: 2,
          windowSize: "PT15M",
          evaluationFrequency: "PT5M",
        });
        expect(criterion(latency)).to.deep.include({
          metricName: "FirewallLatencyPng",
          operator: "GreaterThan",
          timeAggregation: "Average",
          threshold: 30,
        });
      }
    });

    it("gateway capacity by tier: v2 CPU and memory at 70 % (two units), classic Capacity per location at 40 % (one unit)", () => {
      expect(criterion(alert("gateway-cpu-primary"))).to.deep.include({
        metricNamespace: "Microsoft.ApiManagement/service",
        metricName: "CpuPercent_Gateway",
        timeAggregation: "Average",
        operator: "GreaterThan",
        threshold: 70,
      });
      expect(criterion(alert("gateway-memory-primary"))).to.deep.include({
        metricName: "MemoryPercent_Gateway",
        threshold: 70,
      });
      expect(recording.find("agents-ops-gateway-capacity-primary")).to.equal(undefined);
      const classic = alert("gateway-capacity-standby");
      expect(classic.inputs).to.deep.include({
        scopes: [apim("apim-cus")],
        severity: 3,
        windowSize: "PT30M",
        evaluationFrequency: "PT5M",
      });
      expect(criterion(classic)).to.deep.include({
        metricName: "Capacity",
        threshold: 40,
        dimensions: [{ name: "Location", operator: "Include", values: ["*"] }],
      });
      expect(recording.find("agents-ops-gateway-cpu-standby")).to.equal(undefined);
      expect(gatewayCapacityRules("Consumption")).to.deep.equal([]);
    });

    it("PostgreSQL: not alive (sev 1), CPU, memory and storage above 90 (sev 2), on the primary and the replica", () => {
      for (const [key, id] of [
        ["primary", pg("pg")],
        ["replica", pg("pg-replica")],
      ]) {
        const alive = alert(`database-alive-${key}`);
        expect(alive.inputs).to.deep.include({
          scopes: [id],
          severity: 1,
          windowSize: "PT15M",
          evaluationFrequency: "PT15M",
        });
        expect(criterion(alive)).to.deep.include({
          metricName: "is_db_alive",
          operator: "LessThan",
          timeAggregation: "Maximum",
          threshold: 1,
        });
        for (const metric of ["cpu", "memory", "storage"]) {
          const rule = alert(`database-${metric}-${key}`);
          expect(rule.inputs).to.deep.include({ scopes: [id], severity: 2 });
          expect(criterion(rule)).to.deep.include({
            metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
            metricName: `${metric}_percent`,
            operator: "GreaterThan",
            threshold: 90,
          });
        }
      }
    });

    it("Front Door: origin health below 95 % and 5XX above 10 %", () => {
      const health = alert("frontdoor-origin-health-profile");
      expect(health.inputs).to.deep.include({
        scopes: [afd],
        severity: 2,
        windowSize: "PT15M",
        evaluationFrequency: "PT5M",
      });
      expect(criterion(health)).to.deep.include({
        metricName: "OriginHealthPercentage",
        operator: "LessThan",
        threshold: 95,
      });
      expect(criterion(alert("frontdoor-5xx-profile"))).to.deep.include({
        metricName: "Percentage5XX",
        operator: "GreaterThan",
        threshold: 10,
      });
    });

    it("runbook jobs that failed, were suspended or stopped", () => {
      const jobs = alert("runbook-jobs-jobs");
      expect(jobs.inputs).to.deep.include({ scopes: [aa], severity: 2 });
      expect(criterion(jobs)).to.deep.include({
        metricNamespace: "Microsoft.Automation/automationAccounts",
        metricName: "TotalJob",
        timeAggregation: "Total",
        operator: "GreaterThan",
        threshold: 0,
        dimensions: [{ name: "Status", operator: "Include", values: ["Failed", "Suspended", "Stopped"] }],
      });
    });

    it("exposes every alert by key, all enabled", () => {
      expect(Object.keys(component.metricAlertIds)).to.include.members([
        "firewall-health-primary",
        "gateway-capacity-standby",
        "database-alive-replica",
        "frontdoor-5xx-profile",
        "runbook-jobs-jobs",
      ]);
      for (const r of [
        ...recording.ofType("monitor:MetricAlert"),
        ...recording.ofType("monitor:ActivityLogAlert"),
      ])
        expect(r.inputs.enabled, r.name).to.equal(true);
    });
  });

  describe("options", () => {
    it("thresholds override the sources' defaults", async () => {
      const { recording } = await build({
        firewalls: {
          ids: { primary: fw("a") },
          healthPercent: 95,
          snatPortUtilizationPercent: 60,
          latencyMs: 20,
        },
        gateways: { services: { primary: { id: apim("a"), sku: "StandardV2" } }, capacityPercent: 55 },
        databases: { serverIds: { primary: pg("a") }, storagePercent: 80 },
        frontDoors: { profileIds: { profile: afd }, percent5xx: 2 },
      });
      const threshold = (n: string) =>
        criterion(recording.get("monitor:MetricAlert", `agents-ops-${n}`)).threshold;
      expect(threshold("firewall-health-primary")).to.equal(95);
      expect(threshold("firewall-snat-primary")).to.equal(60);
      expect(threshold("firewall-latency-primary")).to.equal(20);
      expect(threshold("gateway-cpu-primary")).to.equal(55);
      expect(threshold("database-storage-primary")).to.equal(80);
      expect(threshold("database-cpu-primary")).to.equal(90);
      expect(threshold("frontdoor-5xx-primary".replace("primary", "profile"))).to.equal(2);
    });

    it("Service Health: chosen event types, services and every region; families off with false", async () => {
      const { recording } = await build({
        serviceHealth: {
          eventTypes: ["Incident", "Security"],
          services: ["API Management"],
          allRegions: true,
        },
        resourceHealth: false,
      });
      const alerts = recording.ofType("monitor:ActivityLogAlert");
      expect(alerts.map((a) => a.name).sort()).to.deep.equal([
        "agents-ops-service-health-incident",
        "agents-ops-service-health-security",
      ]);
      expect(allOf(alerts[0])).to.deep.equal([
        { field: "category", equals: "ServiceHealth" },
        { field: "properties.incidentType", equals: "Incident" },
        { field: "properties.impactedServices[*].ServiceName", containsAny: ["API Management"] },
      ]);
      const none = await build({ serviceHealth: false, resourceHealth: false });
      expect(none.recording.ofType("monitor:ActivityLogAlert")).to.have.length(0);
    });

    it("Resource Health over the groups given", async () => {
      const { recording } = await build({
        resourceHealth: { resourceGroupIds: [rgId("a"), rgId("b"), rgId("c")] },
      });
      expect(
        recording.get("monitor:ActivityLogAlert", "agents-ops-resource-health").inputs.scopes,
      ).to.deep.equal([rgId("a"), rgId("b"), rgId("c")]);
    });

    it("an existing action group alone: no Owner role", async () => {
      const { recording } = await build({ actionGroupIds: [pager] });
      expect(recording.get("monitor:ActionGroup", "agents-ops").inputs.armRoleReceivers).to.deep.equal([]);
    });
  });

  describe("fails, naming the argument, before anything is registered, when", () => {
    const cases: [string, Partial<OperationsAlertsArgs>, string, RegExp][] = [
      [
        "an e-mail is not one",
        { emails: ["oncall"] },
        "emails[0]",
        /emails\[0\] must be an e-mail address, but got "oncall"/,
      ],
      [
        "an action group id is not one",
        { actionGroupIds: ["/subscriptions/x/ag"] },
        "actionGroupIds[0]",
        /must be the ARM id of an action group/,
      ],
      [
        "a role id is not a GUID",
        { roleIds: ["Owner"] },
        "roleIds[0]",
        /must be a built-in role id .* but got "Owner"/,
      ],
      ["nobody would be told", { roleIds: [] }, "roleIds", /every alert would reach nobody/],
      [
        "an event type is unknown",
        { serviceHealth: { eventTypes: ["Advisory" as never] } },
        "serviceHealth.eventTypes",
        /among Incident, Maintenance, Informational, ActionRequired, Security .* but got \["Advisory"\]/,
      ],
      [
        "no event type",
        { serviceHealth: { eventTypes: [] } },
        "serviceHealth.eventTypes",
        /or set serviceHealth: false/,
      ],
      [
        "services is empty",
        { serviceHealth: { services: [] } },
        "serviceHealth.services",
        /left out to cover every service, but got \[\]/,
      ],
      [
        "a Resource Health scope is no group",
        { resourceHealth: { resourceGroupIds: [`${rgId("a")}/providers/x/y`] } },
        "resourceHealth.resourceGroupIds[0]",
        /must be a resource group ARM id/,
      ],
      [
        "a firewall id names another type",
        { firewalls: { ids: { primary: pg("x") } } },
        "firewalls.ids.primary",
        /must be the ARM id of a Microsoft.Network\/azureFirewalls/,
      ],
      [
        "no firewall ids",
        { firewalls: { ids: {} } },
        "firewalls.ids",
        /must map stable keys to Microsoft.Network\/azureFirewalls ARM ids, but got \{\}/,
      ],
      [
        "a key is not a name",
        { firewalls: { ids: { Primary_1: fw("a") } } },
        "firewalls.ids.Primary_1",
        /lower-case letters, digits and hyphens/,
      ],
      [
        "a percent is out of range",
        { firewalls: { ids: { primary: fw("a") }, snatPortUtilizationPercent: 120 } },
        "firewalls.snatPortUtilizationPercent",
        /above 0 and at most 100, but got 120/,
      ],
      [
        "latency is not positive",
        { firewalls: { ids: { primary: fw("a") }, latencyMs: 0 } },
        "firewalls.latencyMs",
        /milliseconds above 0, but got 0/,
      ],
      [
        "a gateway tier has no capacity metric",
        { gateways: { services: { primary: { id: apim("a"), sku: "Consumption" } } } },
        "gateways.services.primary.sku",
        /Consumption has none\), but got "Consumption"/,
      ],
      [
        "gateway units are not whole",
        { gateways: { services: { primary: { id: apim("a"), sku: "Premium", units: 1.5 } } } },
        "gateways.services.primary.units",
        /whole number of scale units from 1, but got 1.5/,
      ],
      [
        "a database percent is 0",
        { databases: { serverIds: { primary: pg("a") }, cpuPercent: 0 } },
        "databases.cpuPercent",
        /above 0 and at most 100/,
      ],
      [
        "a Front Door id names another type",
        { frontDoors: { profileIds: { profile: fw("a") } } },
        "frontDoors.profileIds.profile",
        /Microsoft.Cdn\/profiles/,
      ],
      [
        "an Automation id names another type",
        { automationAccounts: { ids: { jobs: fw("a") } } },
        "automationAccounts.ids.jobs",
        /Microsoft.Automation\/automationAccounts/,
      ],
      [
        "regions are the same",
        { regions: { primary: "eastus2", standby: "eastus2" } },
        "regions.standby",
        /must differ/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () => expectConstructionFailure(make(over), argument, message));
    }
  });
});
