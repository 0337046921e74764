import type { CheckedResource } from "../../../src/policies/model";
import { PolicyCase, res, stack } from "./builder";

// Examples for the models checks: each compliant stack follows Microsoft's guidance, each failing one breaks it once.

const properties = {
  customSubDomainName: "agents-eus2-x1",
  disableLocalAuth: true,
  publicNetworkAccess: "Disabled",
  networkAcls: { defaultAction: "Deny", ipRules: [] },
  restrictOutboundNetworkAccess: true,
  allowedFqdnList: [],
  encryption: {
    keySource: "Microsoft.KeyVault",
    keyVaultProperties: { keyVaultUri: "https://kv.vault.azure.net/", keyName: "cmk", identityClientId: "c" },
  },
};

const account = (
  props: Record<string, unknown> = {},
  top: Record<string, unknown> = {},
  opts: { name?: string; type?: string } = {},
) =>
  res(
    opts.type ?? "azure-native:cognitiveservices:Account",
    {
      resourceGroupName: "rg",
      location: "eastus2",
      kind: "OpenAI",
      sku: { name: "S0" },
      identity: { type: "SystemAssigned" },
      properties: { ...properties, ...props },
      ...top,
    },
    { name: opts.name },
  );

const deployment = (
  parent: CheckedResource,
  props: Record<string, unknown> = {},
  top: Record<string, unknown> = {},
  name = "chat",
) =>
  res(
    "azure-native:cognitiveservices:Deployment",
    {
      resourceGroupName: "rg",
      accountName: parent.name,
      deploymentName: name,
      sku: { name: "GlobalStandard", capacity: 100 },
      properties: {
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        versionUpgradeOption: "OnceCurrentVersionExpired",
        ...props,
      },
      ...top,
    },
    { dependsOn: [parent] },
  );

/** An account per region, each with the same deployment. */
const pair = (
  standbyDeployment: Record<string, unknown> = {},
  standbyTop: Record<string, unknown> = {},
): CheckedResource[] => {
  const primary = account({}, {}, { name: "oai-eus2" });
  const standby = account({}, { location: "centralus" }, { name: "oai-cus" });
  return [primary, standby, deployment(primary), deployment(standby, standbyDeployment, standbyTop)];
};

const raiPolicy = (parent: CheckedResource, filters: Record<string, unknown>[], name = "strict") =>
  res(
    "azure-native:cognitiveservices:RaiPolicy",
    {
      resourceGroupName: "rg",
      accountName: parent.name,
      raiPolicyName: name,
      properties: { basePolicyName: "Microsoft.DefaultV2", mode: "Blocking", contentFilters: filters },
    },
    { dependsOn: [parent] },
  );

const filter = (name: string, source: string, extra: Record<string, unknown> = {}) => ({
  name,
  source,
  enabled: true,
  blocking: true,
  severityThreshold: "Medium",
  ...extra,
});

const withPolicy = (filters: Record<string, unknown>[]) => {
  const a = account({}, {}, { name: "oai" });
  return stack(a, raiPolicy(a, filters), deployment(a, { raiPolicyName: "strict" }));
};

export const cases: Record<string, PolicyCase> = {
  "models-account-disable-local-auth": {
    compliant: [stack(account())],
    failing: [
      { ...stack(account({ disableLocalAuth: false })), expect: /local \(key\) authentication is on/ },
      { ...stack(account({ disableLocalAuth: undefined })), expect: /local \(key\) authentication is on/ },
    ],
  },
  "models-account-restrict-public-access": {
    compliant: [
      stack(account()),
      stack(account({ publicNetworkAccess: "disabled", networkAcls: undefined })),
      stack(
        account({
          publicNetworkAccess: "Enabled",
          networkAcls: { defaultAction: "deny", ipRules: [{ value: "203.0.113.0/24" }] },
        }),
      ),
    ],
    failing: [
      {
        ...stack(account({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow" } })),
        expect: /public network access is "Enabled" with no deny-by-default/,
      },
      {
        ...stack(account({ publicNetworkAccess: undefined, networkAcls: undefined })),
        expect: /public network access is "Enabled"/,
      },
    ],
  },
  "models-account-require-custom-subdomain": {
    compliant: [stack(account())],
    failing: [{ ...stack(account({ customSubDomainName: undefined })), expect: /no custom subdomain/ }],
  },
  "models-deployment-require-two-regions": {
    compliant: [stack(...pair())],
    failing: [
      {
        ...(() => {
          const a = account({}, {}, { name: "oai" });
          return stack(a, deployment(a));
        })(),
        expect: /deployment "chat" exists only in eastus2/,
      },
      {
        ...stack(...pair({ model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" } })),
        expect: /runs different models across regions/,
      },
      {
        // The region comes from the provider's default (azure-native:location) when the account gives none.
        ...(() => {
          const primary = account({}, { location: undefined }, { name: "oai-default" });
          const standby = account({}, { location: "eastus2" }, { name: "oai-eus2" });
          return { resources: [primary, standby, deployment(primary), deployment(standby)] };
        })(),
        context: { defaultLocation: "eastus2" },
        expect: /exists only in eastus2/,
      },
    ],
  },
  "models-deployment-standby-capacity": {
    compliant: [stack(...pair())],
    failing: [
      {
        ...stack(...pair({}, { sku: { name: "GlobalStandard", capacity: 50 } })),
        expect: /has 50 against 100 elsewhere \(50%/,
      },
      {
        ...stack(...pair({}, { sku: { name: "GlobalStandard", capacity: 80 } })),
        settings: { minimumStandbyShare: 0.9 },
        expect: /has 80 against 100 elsewhere \(80%, objective 90%\)/,
      },
    ],
  },
  "models-account-require-managed-identity": {
    compliant: [
      stack(account()),
      stack(account({}, { identity: { type: "UserAssigned", userAssignedIdentities: { "/id": {} } } })),
    ],
    failing: [
      { ...stack(account({}, { identity: undefined })), expect: /has no managed identity/ },
      {
        ...stack(
          account(
            {},
            { identity: { type: "none" } },
            { type: "azure-native:cognitiveservices/v20230501:Account" },
          ),
        ),
        expect: /has no managed identity/,
      },
    ],
  },
  "models-account-restrict-outbound-access": {
    compliant: [stack(account())],
    failing: [
      {
        ...stack(account({ restrictOutboundNetworkAccess: undefined })),
        expect: /outbound network access is not restricted/,
      },
    ],
  },
  "models-account-use-customer-managed-key": {
    compliant: [
      stack(account()),
      stack(account({ encryption: { ...properties.encryption, keySource: "microsoft.keyvault" } })),
    ],
    failing: [
      { ...stack(account({ encryption: undefined })), expect: /encrypted with Microsoft-managed keys/ },
      {
        ...stack(account({ encryption: { keySource: "Microsoft.KeyVault" } })),
        expect: /keyVaultProperties names no key/,
      },
    ],
  },
  "models-deployment-require-content-filter": {
    compliant: [
      stack(...pair()),
      withPolicy([filter("Hate", "Prompt"), filter("Jailbreak", "Prompt"), filter("Hate", "Completion")]),
    ],
    failing: [
      {
        ...withPolicy([
          filter("Hate", "Prompt"),
          filter("Jailbreak", "Prompt", { enabled: false }),
          filter("Violence", "Completion", { blocking: false }),
        ]),
        expect: /uses content filter strict, which turns off Jailbreak \(Prompt\), Violence \(Completion\)/,
      },
    ],
  },
  "models-deployment-disallow-no-auto-upgrade": {
    compliant: [stack(...pair()), stack(...pair({ versionUpgradeOption: "OnceNewDefaultVersionAvailable" }))],
    failing: [
      {
        ...stack(...pair({ versionUpgradeOption: "noautoupgrade" })),
        expect: /deployment chat is set to NoAutoUpgrade/,
      },
    ],
  },
  "models-deployment-pin-model-version": {
    compliant: [stack(...pair())],
    failing: [
      {
        ...stack(...pair({ versionUpgradeOption: "OnceNewDefaultVersionAvailable" })),
        expect: /auto-updates to each new default version/,
      },
      {
        ...stack(...pair({ model: { format: "OpenAI", name: "gpt-4o" } })),
        expect: /gives no model version/,
      },
    ],
  },
  "models-deployment-avoid-developer-tier": {
    compliant: [stack(...pair())],
    failing: [
      {
        ...stack(...pair({}, { sku: { name: "DeveloperTier", capacity: 10 } })),
        expect: /is DeveloperTier: no availability SLA/,
      },
    ],
  },
};
