import { PolicyCase, res, stack } from "./builder";

// Examples for the monitor checks: each compliant stack follows Microsoft's guidance, each failing one breaks it once.

const workspace = (
  props: Record<string, unknown> = {},
  type = "azure-native:operationalinsights:Workspace",
) =>
  res(type, {
    resourceGroupName: "rg",
    location: "eastus2",
    sku: { name: "PerGB2018" },
    retentionInDays: 90,
    features: { disableLocalAuth: true },
    publicNetworkAccessForIngestion: "Disabled",
    publicNetworkAccessForQuery: "Disabled",
    ...props,
  });

const actionGroup = (props: Record<string, unknown> = {}, type = "azure-native:monitor:ActionGroup") =>
  res(
    type,
    {
      resourceGroupName: "rg",
      location: "Global",
      enabled: true,
      groupShortName: "ops",
      emailReceivers: [{ name: "oncall", emailAddress: "oncall@example.com", useCommonAlertSchema: true }],
      ...props,
    },
    { name: "ag-ops" },
  );
const groupId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/x/ag-ops";

const metricAlert = (props: Record<string, unknown> = {}, type = "azure-native:monitor:MetricAlert") =>
  res(type, {
    resourceGroupName: "rg",
    location: "global",
    enabled: true,
    severity: 1,
    scopes: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai"],
    evaluationFrequency: "PT1M",
    windowSize: "PT5M",
    criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [] },
    actions: [{ actionGroupId: groupId }],
    ...props,
  });

const activityAlert = (
  allOf: Record<string, unknown>[],
  props: Record<string, unknown> = {},
  type = "azure-native:monitor:ActivityLogAlert",
) =>
  res(type, {
    resourceGroupName: "rg",
    location: "Global",
    scopes: ["/subscriptions/00000000-0000-0000-0000-000000000001"],
    enabled: true,
    condition: { allOf },
    actions: { actionGroups: [{ actionGroupId: groupId }] },
    ...props,
  });
const serviceHealth = (...types: string[]) =>
  activityAlert([
    { field: "category", equals: "ServiceHealth" },
    ...(types.length ? [{ field: "properties.incidentType", containsAny: types }] : []),
  ]);
const resourceHealth = (props: Record<string, unknown> = {}) =>
  activityAlert([{ field: "category", equals: "ResourceHealth" }], props);

const vault = () =>
  res(
    "azure-native:keyvault:Vault",
    { resourceGroupName: "rg", location: "eastus2", properties: {} },
    { name: "kv" },
  );
const vaultId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/x/kv";
const setting = (props: Record<string, unknown> = {}, type = "azure-native:monitor:DiagnosticSetting") =>
  res(type, {
    resourceUri: vaultId,
    workspaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs",
    logs: [{ categoryGroup: "allLogs", enabled: true }],
    ...props,
  });

// A resource and the metric alerts that watch it (scoped to its id, or depending on it when its id is not known yet).
const watched = (target: { props: Record<string, unknown> }, ...metrics: string[]) =>
  metrics.map((metricName) =>
    metricAlert({
      scopes: [target.props.id],
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          { criterionType: "StaticThresholdCriterion", metricName, operator: "GreaterThan", threshold: 1 },
        ],
      },
    }),
  );
const firewall = () =>
  res(
    "azure-native:network:AzureFirewall",
    { resourceGroupName: "rg", sku: { name: "AZFW_VNet", tier: "Standard" } },
    { name: "fw" },
  );
const apim = (sku: string) =>
  res(
    "azure-native:apimanagement:ApiManagementService",
    { resourceGroupName: "rg", sku: { name: sku, capacity: 1 }, publisherEmail: "a@b.c", publisherName: "p" },
    { name: `apim-${sku.toLowerCase()}` },
  );
const automationAccount = (name = "aa") =>
  res(
    "azure-native:automation:AutomationAccount",
    { resourceGroupName: "rg", sku: { name: "Basic" } },
    { name },
  );

export const cases: Record<string, PolicyCase> = {
  "monitor-workspace-require-retention": {
    compliant: [stack(workspace()), stack(workspace({ retentionInDays: 365 }))],
    failing: [
      { ...stack(workspace({ retentionInDays: undefined })), expect: /unset \(30 days\), below 90/ },
      {
        ...stack(workspace({ retentionInDays: 90 }, "azure-native:operationalinsights/v20221001:Workspace")),
        settings: { minimumDays: 180 },
        expect: /retentionInDays is 90, below 180/,
      },
    ],
  },
  "monitor-workspace-disable-local-auth": {
    compliant: [stack(workspace())],
    failing: [
      { ...stack(workspace({ features: undefined })), expect: /disableLocalAuth is not true/ },
      { ...stack(workspace({ features: { disableLocalAuth: false } })), expect: /workspace key/ },
    ],
  },
  "monitor-workspace-restrict-public-access": {
    compliant: [stack(workspace()), stack(workspace({ publicNetworkAccessForQuery: "disabled" }))],
    failing: [
      {
        ...stack(workspace({ publicNetworkAccessForIngestion: undefined })),
        expect: /publicNetworkAccessForIngestion is "unset \(Enabled\)"/,
      },
      {
        ...stack(workspace({ publicNetworkAccessForQuery: "Enabled" })),
        expect: /publicNetworkAccessForQuery is "Enabled"/,
      },
    ],
  },
  "monitor-actiongroup-require-enabled": {
    compliant: [stack(actionGroup()), stack(actionGroup({}, "azure-native:insights:ActionGroup"))],
    failing: [
      { ...stack(actionGroup({ enabled: false })), expect: /enabled is false/ },
      // A v2 token (insights module) is judged as its v3 type.
      {
        ...stack(actionGroup({ enabled: false }, "azure-native:insights:ActionGroup")),
        expect: /notify nobody/,
      },
    ],
  },
  "monitor-actiongroup-require-receiver": {
    compliant: [
      stack(actionGroup()),
      stack(
        actionGroup({
          emailReceivers: undefined,
          automationRunbookReceivers: [{ name: "failover", automationAccountId: "/a", runbookName: "r" }],
        }),
      ),
    ],
    failing: [{ ...stack(actionGroup({ emailReceivers: [] })), expect: /no receivers/ }],
  },
  "monitor-metricalert-require-enabled": {
    compliant: [stack(metricAlert())],
    failing: [{ ...stack(metricAlert({ enabled: false })), expect: /never evaluated/ }],
  },
  "monitor-metricalert-require-action": {
    compliant: [stack(metricAlert()), stack(metricAlert({}, "azure-native:insights:MetricAlert"))],
    failing: [
      { ...stack(metricAlert({ actions: [] })), expect: /calls no action group/ },
      {
        ...stack(metricAlert({ actions: undefined }, "azure-native:insights:MetricAlert")),
        expect: /nobody is told/,
      },
    ],
  },
  "monitor-activitylogalert-require-action": {
    compliant: [stack(serviceHealth("Incident"))],
    failing: [
      {
        ...stack(
          activityAlert([{ field: "category", equals: "ServiceHealth" }], { actions: { actionGroups: [] } }),
        ),
        expect: /actions.actionGroups is empty/,
      },
      {
        ...stack(activityAlert([{ field: "category", equals: "ServiceHealth" }], { enabled: false })),
        expect: /never fires/,
      },
    ],
  },
  "monitor-servicehealth-require-event-types": {
    compliant: [
      // No alerting in the stack: subscription-level monitoring lives elsewhere.
      stack(workspace()),
      stack(actionGroup(), serviceHealth()),
      stack(
        actionGroup(),
        serviceHealth("Incident", "Security"),
        serviceHealth("Maintenance", "ActionRequired"),
      ),
      stack(
        actionGroup(),
        activityAlert([
          { field: "category", equals: "ServiceHealth" },
          {
            anyOf: [
              { field: "properties.incidentType", equals: "Incident" },
              { field: "properties.incidentType", equals: "Maintenance" },
              { field: "properties.incidentType", equals: "Security" },
              { field: "properties.incidentType", equals: "ActionRequired" },
            ],
          },
        ]),
      ),
    ],
    failing: [
      {
        ...stack(actionGroup(), serviceHealth("Incident")),
        expect: /covers Maintenance, Security, ActionRequired/,
      },
      { ...stack(actionGroup()), expect: /covers Incident, Maintenance, Security, ActionRequired/ },
      {
        resources: [actionGroup(), serviceHealth("Incident", "Maintenance")],
        settings: { eventTypes: ["Incident", "Maintenance", "Informational"] },
        expect: /covers Informational:/,
      },
      {
        // A disabled alert covers nothing.
        ...stack(
          actionGroup(),
          activityAlert(
            [{ field: "category", equals: "ServiceHealth" }],
            { enabled: false },
            "azure-native:insights:ActivityLogAlert",
          ),
        ),
        expect: /covers Incident/,
      },
    ],
  },
  "monitor-resourcehealth-require-alert": {
    compliant: [stack(workspace()), stack(actionGroup(), serviceHealth(), resourceHealth())],
    failing: [
      { ...stack(actionGroup(), serviceHealth()), expect: /no enabled Resource Health alert/ },
      { ...stack(actionGroup(), resourceHealth({ actions: { actionGroups: [] } })), expect: /alerts nobody/ },
    ],
  },
  "monitor-diagnosticsetting-require-logs-destination": {
    compliant: [
      stack(setting()),
      stack(
        setting({
          workspaceId: undefined,
          storageAccountId: "/st",
          logs: [{ category: "AuditEvent", enabled: true }],
        }),
      ),
    ],
    failing: [
      {
        ...stack(setting({ logs: [{ categoryGroup: "allLogs", enabled: false }] })),
        expect: /no log category/,
      },
      {
        ...stack(setting({ workspaceId: undefined }, "azure-native:insights:DiagnosticSetting")),
        expect: /no destination/,
      },
    ],
  },
  "monitor-resource-require-diagnostic-setting": {
    compliant: [
      stack(vault(), setting()),
      (() => {
        const kv = vault();
        // resourceUri not known yet (an output): matched by the setting's dependency on the vault.
        const unresolved = setting({ resourceUri: undefined });
        return { resources: [kv, { ...unresolved, dependencies: [kv.urn] }] };
      })(),
      stack(
        res("azure-native:app:ManagedEnvironment", {
          resourceGroupName: "rg",
          appLogsConfiguration: {
            destination: "log-analytics",
            logAnalyticsConfiguration: { customerId: "c" },
          },
        }),
      ),
    ],
    failing: [
      { ...stack(vault()), expect: /no diagnostic setting sends this resource's logs/ },
      {
        ...stack(vault(), setting({ resourceUri: "/subscriptions/other/kv" })),
        expect: /no diagnostic setting/,
      },
    ],
  },
  "monitor-firewall-require-metric-alerts": {
    compliant: [
      (() => {
        const fw = firewall();
        return stack(fw, ...watched(fw, "FirewallHealth", "SNATPortUtilization", "FirewallLatencyPng"));
      })(),
      (() => {
        // Ids not known yet: the alerts depend on the firewall.
        const fw = firewall();
        const alerts = watched(fw, "firewallhealth", "SNATPortUtilization", "FirewallLatencyPng").map(
          (a) => ({
            ...a,
            props: { ...a.props, scopes: [undefined] },
            dependencies: [fw.urn],
          }),
        );
        return stack(fw, ...alerts);
      })(),
    ],
    failing: [
      (() => {
        const fw = firewall();
        return {
          ...stack(fw, ...watched(fw, "FirewallHealth", "SNATPortUtilization")),
          expect: /firewall fw has no enabled metric alert on FirewallLatencyPng/,
        };
      })(),
      (() => {
        const fw = firewall();
        const [health, ...rest] = watched(fw, "FirewallHealth", "SNATPortUtilization", "FirewallLatencyPng");
        return {
          ...stack(fw, { ...health, props: { ...health.props, enabled: false } }, ...rest),
          expect: /no enabled metric alert on FirewallHealth:/,
        };
      })(),
      { ...stack(firewall()), expect: /on FirewallHealth, SNATPortUtilization, FirewallLatencyPng/ },
    ],
  },
  "monitor-apim-require-capacity-alert": {
    compliant: [
      (() => {
        const v2 = apim("StandardV2");
        const classic = apim("Premium");
        return stack(v2, classic, ...watched(v2, "CpuPercent_Gateway"), ...watched(classic, "Capacity"));
      })(),
      // Consumption has no capacity metric.
      stack(apim("Consumption")),
    ],
    failing: [
      (() => {
        // Capacity shows 0 on v2 tiers: an alert on it never fires.
        const v2 = apim("StandardV2");
        return {
          ...stack(v2, ...watched(v2, "Capacity")),
          expect: /apim-standardv2 \(StandardV2\) has no enabled metric alert on CpuPercent_Gateway/,
        };
      })(),
      { ...stack(apim("Developer")), expect: /\(Developer\) has no enabled metric alert on Capacity/ },
    ],
  },
  "monitor-automation-require-job-alert": {
    compliant: [
      (() => {
        const aa = automationAccount();
        return stack(aa, ...watched(aa, "TotalJob"));
      })(),
    ],
    failing: [
      {
        ...stack(automationAccount()),
        expect: /Automation account aa has no enabled metric alert on TotalJob/,
      },
      (() => {
        const aa = automationAccount();
        const other = automationAccount("aa-other");
        return { ...stack(aa, ...watched(other, "TotalJob")), expect: /account aa has no/ };
      })(),
    ],
  },
};
