import { PolicyCase, res, stack } from "./builder";

const ACCOUNT = "azure-native:automation:AutomationAccount";
const WEBHOOK = "azure-native:automation:Webhook";
const VARIABLE = "azure-native:automation:Variable";
const ALERT = "azure-native:monitor:ActivityLogAlert";
const GROUP = "azure-native:monitor:ActionGroup";
const VM = "azure-native:compute:VirtualMachine";

const account = (over: Record<string, unknown> = {}, name = "ops") =>
  res(
    ACCOUNT,
    {
      location: "centralus",
      automationAccountName: name,
      sku: { name: "Basic" },
      identity: { type: "SystemAssigned" },
      disableLocalAuth: true,
      publicNetworkAccess: false,
      encryption: {
        keySource: "Microsoft.Keyvault",
        keyVaultProperties: { keyvaultUri: "https://kv.vault.azure.net", keyName: "aa" },
      },
      ...over,
    },
    { name },
  );
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
const webhook = (over: Record<string, unknown> = {}) =>
  res(
    WEBHOOK,
    {
      automationAccountName: "ops",
      name: "failover",
      runbook: { name: "failover" },
      isEnabled: true,
      expiryTime: inDays(365),
      ...over,
    },
    { name: "hook" },
  );

const tier1Vm = res(VM, { location: "eastus2", tags: { tier: "1" } });
const runbookGroup = res(
  GROUP,
  { enabled: true, automationRunbookReceivers: [{ name: "failover", runbookName: "failover" }] },
  { name: "ag" },
);
const serviceHealthAlert = (category: string, region: string) =>
  res(ALERT, {
    enabled: true,
    condition: {
      allOf: [
        { field: "category", equals: category },
        { field: "properties.impactedServices[*].ImpactedRegions[*].RegionName", containsAny: [region] },
      ],
    },
    actions: { actionGroups: [{ actionGroupId: runbookGroup.props.id }] },
  });

export const cases: Record<string, PolicyCase> = {
  "automation-service-health-covers-tier1-regions": {
    compliant: [
      stack(tier1Vm, runbookGroup, serviceHealthAlert("ServiceHealth", "East US 2")),
      // ARM compares the category (an enum) and region names case-insensitively.
      stack(tier1Vm, runbookGroup, serviceHealthAlert("servicehealth", "east us 2")),
    ],
    failing: [
      {
        ...stack(tier1Vm, runbookGroup, serviceHealthAlert("ServiceHealth", "Central US")),
        expect: /tier-1 resources run in East US 2/,
      },
      {
        ...stack(tier1Vm, runbookGroup, serviceHealthAlert("Administrative", "East US 2")),
        expect: /no enabled Service Health alert/,
      },
    ],
  },
  "automation-account-disable-local-auth": {
    compliant: [stack(account()), stack(account({ disableLocalAuth: false }), webhook())],
    failing: [
      {
        ...stack(account({ disableLocalAuth: undefined })),
        expect: /ops accepts local authentication \(disableLocalAuth unset, so false\)/,
      },
      {
        ...stack(account({ disableLocalAuth: false }, "other"), webhook()),
        expect: /other accepts local authentication/,
      },
    ],
  },
  "automation-account-restrict-public-access": {
    compliant: [stack(account())],
    failing: [
      { ...stack(account({ publicNetworkAccess: undefined })), expect: /publicNetworkAccess unset, so true/ },
      {
        ...stack(
          res(
            "azure-native:automation/v20231101:AutomationAccount",
            { publicNetworkAccess: true },
            { name: "legacy" },
          ),
        ),
        expect: /legacy is reachable/,
      },
    ],
  },
  "automation-account-require-managed-identity": {
    compliant: [stack(account()), stack(account({ identity: { type: "SystemAssigned, UserAssigned" } }))],
    failing: [
      { ...stack(account({ identity: undefined })), expect: /has no managed identity/ },
      { ...stack(account({ identity: { type: "none" } })), expect: /has no managed identity/ },
    ],
  },
  "automation-account-require-customer-managed-key": {
    compliant: [stack(account({ encryption: { keySource: "microsoft.keyvault" } }))],
    failing: [{ ...stack(account({ encryption: undefined })), expect: /Microsoft-managed key/ }],
  },
  "automation-webhook-require-valid-expiry": {
    compliant: [stack(webhook()), stack(webhook({ expiryTime: undefined }))],
    failing: [
      { ...stack(webhook({ expiryTime: inDays(-3) })), expect: /webhook hook expired on/ },
      { ...stack(webhook({ expiryTime: inDays(10) })), expect: /expires on .* fewer than 30/ },
      {
        ...stack(webhook({ expiryTime: inDays(100) })),
        settings: { minimumDaysLeft: 180 },
        expect: /fewer than 180/,
      },
      { ...stack(webhook({ isEnabled: false })), expect: /isEnabled: false/ },
    ],
  },
  "automation-variable-require-encryption": {
    compliant: [
      stack(
        res(VARIABLE, { automationAccountName: "ops", name: "endpoint", isEncrypted: true, value: '"x"' }),
      ),
    ],
    failing: [
      {
        ...stack(
          res(
            VARIABLE,
            { automationAccountName: "ops", name: "endpoint", value: '"x"' },
            { name: "endpoint" },
          ),
        ),
        expect: /variable endpoint is stored unencrypted \(isEncrypted unset\)/,
      },
    ],
  },
};
