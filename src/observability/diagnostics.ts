import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { fail, show } from "../errors";

/**
 * Where a component sends its resources' logs and metrics: every component that creates resources with diagnostic
 * settings takes this as its `diagnostics` arg.
 */
export interface DiagnosticsArgs {
  /** The Log Analytics workspace's ARM id (`PlatformLogs.workspaceId`). */
  workspaceId: pulumi.Input<string>;
}

/** What one resource type can send through a diagnostic setting, and where that is written down. */
export interface DiagnosticSupport {
  /**
   * `"allLogs"` where the type supports category groups; otherwise its log categories by name; `[]` when it has
   * no resource logs.
   */
  readonly logs: "allLogs" | readonly string[];
  /** Metric categories (`AllMetrics` for platform metrics); `[]` when it has none. */
  readonly metrics: readonly string[];
  /** Send to resource-specific tables (`logAnalyticsDestinationType: "Dedicated"`) instead of AzureDiagnostics. */
  readonly dedicated?: boolean;
  /** Microsoft's pages (and built-in policies) this row comes from. */
  readonly sources: readonly string[];
}

const supportedLogs = "https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs";
const supportedMetrics = "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics";
/** A built-in Azure Policy definition, by id ("Enable logging by category group for <type> to Log Analytics"). */
const builtIn = (id: string) => `/providers/Microsoft.Authorization/policyDefinitions/${id}`;

/**
 * Diagnostic categories per resource type this library creates. `allLogs` is used only where Microsoft ships a
 * built-in "Enable logging by category group for <type> to Log Analytics" policy, which deploys a setting with a
 * category group (category groups "don't apply to all" resource providers:
 * https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings#resource-logs); elsewhere the
 * categories are named. A type with neither logs nor metrics gets no setting (see {@link withoutDiagnostics}).
 */
export const diagnosticSupport = {
  "Microsoft.Network/virtualNetworks": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-network-virtualnetworks-logs`,
      `${supportedMetrics}/microsoft-network-virtualnetworks-metrics`,
      builtIn("3234ff41-8bec-40a3-b5cb-109c95f1c8ce"),
    ],
  },
  // Event and rule counter; the page links no supported-metrics page (NSGs have no platform metrics). The flow
  // event category is left out: NSG flow logging is being retired in favour of VNet flow logs (MirroredNetwork
  // flowLogs). https://learn.microsoft.com/azure/virtual-network/virtual-network-nsg-manage-log
  "Microsoft.Network/networkSecurityGroups": {
    logs: ["NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"],
    metrics: [],
    sources: [`${supportedLogs}/microsoft-network-networksecuritygroups-logs`],
  },
  // The structured (resource-specific) categories, whose names are their AZFW* tables, in the mode Microsoft
  // recommends ("Resource specific ... This method is recommended"); not the legacy AzureDiagnostics categories
  // "allLogs" would also switch on (the same events twice). Left out: the FQDN-resolution-failure category (its
  // name differs from its table and is not on a Microsoft page we could read) and the preview Top flow/Flow trace.
  // https://learn.microsoft.com/azure/firewall/firewall-structured-logs
  "Microsoft.Network/azureFirewalls": {
    logs: [
      "AZFWApplicationRule",
      "AZFWNetworkRule",
      "AZFWNatRule",
      "AZFWThreatIntel",
      "AZFWIdpsSignature",
      "AZFWDnsQuery",
      "AZFWApplicationRuleAggregation",
      "AZFWNetworkRuleAggregation",
      "AZFWNatRuleAggregation",
    ],
    metrics: ["AllMetrics"],
    dedicated: true,
    sources: [
      `${supportedLogs}/microsoft-network-azurefirewalls-logs`,
      `${supportedMetrics}/microsoft-network-azurefirewalls-metrics`,
      "https://learn.microsoft.com/azure/firewall/firewall-structured-logs",
    ],
  },
  "Microsoft.Network/publicIPAddresses": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-network-publicipaddresses-logs`,
      `${supportedMetrics}/microsoft-network-publicipaddresses-metrics`,
      builtIn("1513498c-3091-461a-b321-e9b433218d28"),
    ],
  },
  "Microsoft.CognitiveServices/accounts": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-cognitiveservices-accounts-logs`,
      `${supportedMetrics}/microsoft-cognitiveservices-accounts-metrics`,
      // "Enable logging by category group for Cognitive Services (microsoft.cognitiveservices/accounts) to Log
      // Analytics", listed among the built-in policies for Azure AI services.
      "https://learn.microsoft.com/azure/ai-services/security-features",
    ],
  },
  "Microsoft.ApiManagement/service": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-apimanagement-service-logs`,
      `${supportedMetrics}/microsoft-apimanagement-service-metrics`,
      builtIn("567c93f7-3661-494f-a30f-0a94d9bfebf8"),
    ],
  },
  "Microsoft.Cdn/profiles": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-cdn-profiles-logs`,
      `${supportedMetrics}/microsoft-cdn-profiles-metrics`,
      builtIn("6201aeb7-2b5c-4671-8ab4-5d3ba4d77f3b"),
    ],
  },
  // The Site Recovery vault: its Azure Site Recovery events go to AzureDiagnostics only ("Choosing Resource Specific
  // Mode for the Azure Site Recovery Events will prevent the required data from being sent"). A vault that holds
  // backups takes {@link recoveryVaultBackupDiagnostics} instead.
  // https://learn.microsoft.com/azure/backup/backup-azure-diagnostic-events
  "Microsoft.RecoveryServices/vaults": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-recoveryservices-vaults-logs`,
      `${supportedMetrics}/microsoft-recoveryservices-vaults-metrics`,
      builtIn("2f4d1c08-3695-41a7-a0a0-8db4a0e25233"),
      "https://learn.microsoft.com/azure/backup/backup-azure-diagnostic-events",
    ],
  },
  "Microsoft.DBforPostgreSQL/flexibleServers": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-dbforpostgresql-flexibleservers-logs`,
      `${supportedMetrics}/microsoft-dbforpostgresql-flexibleservers-metrics`,
      builtIn("cdd1dbc6-0004-4fcd-afd7-b67550de37ff"),
    ],
  },
  "Microsoft.Automation/automationAccounts": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-automation-automationaccounts-logs`,
      `${supportedMetrics}/microsoft-automation-automationaccounts-metrics`,
      builtIn("b797045a-b3cd-46e4-adc4-bbadb3381d78"),
    ],
  },
  "Microsoft.OperationalInsights/workspaces": {
    logs: "allLogs",
    metrics: ["AllMetrics"],
    sources: [
      `${supportedLogs}/microsoft-operationalinsights-workspaces-logs`,
      `${supportedMetrics}/microsoft-operationalinsights-workspaces-metrics`,
      builtIn("818719e5-1338-4776-9a9d-3c31e4df5986"),
    ],
  },
  // A storage account's logs belong to its services: the setting goes on <account>/blobServices/default, with the
  // blob service's read, write and delete categories and its Transaction metrics.
  // https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage-reference
  "Microsoft.Storage/storageAccounts/blobServices": {
    logs: ["StorageRead", "StorageWrite", "StorageDelete"],
    metrics: ["Transaction"],
    sources: [
      `${supportedLogs}/microsoft-storage-storageaccounts-blobservices-logs`,
      `${supportedMetrics}/microsoft-storage-storageaccounts-blobservices-metrics`,
      "https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage-reference",
    ],
  },
} as const satisfies Record<string, DiagnosticSupport>;

/**
 * A Recovery Services vault that holds Azure Backup items: the six Backup events in resource-specific tables. "The
 * above six events ... are supported **only** in Resource Specific Mode ... if you try to send data for these six
 * events in Azure Diagnostics Mode, no data will flow to the LA Workspace"
 * (https://learn.microsoft.com/azure/backup/backup-azure-diagnostic-events); the built-in policy "Deploy Diagnostic
 * Settings for Recovery Services Vault to Log Analytics workspace for resource specific categories" deploys exactly
 * these with `logAnalyticsDestinationType: "Dedicated"`. The legacy AzureBackupReport (AzureDiagnostics only) is left
 * out, as Microsoft recommends for new settings.
 */
export const recoveryVaultBackupDiagnostics: DiagnosticSupport = {
  logs: [
    "CoreAzureBackup",
    "AddonAzureBackupJobs",
    "AddonAzureBackupAlerts",
    "AddonAzureBackupPolicy",
    "AddonAzureBackupStorage",
    "AddonAzureBackupProtectedInstance",
  ],
  metrics: ["AllMetrics"],
  dedicated: true,
  sources: [
    "https://learn.microsoft.com/azure/backup/backup-azure-diagnostic-events",
    builtIn("c717fb0c-d118-4c43-ab3d-ece30ac81fb3"),
  ],
};

/** A resource type with a row in {@link diagnosticSupport}. */
export type DiagnosedType = keyof typeof diagnosticSupport;

/**
 * Types this library creates that get no diagnostic setting, and why: a setting on a type with no logs and no
 * metrics is not created.
 */
export const withoutDiagnostics: Readonly<Record<string, string>> = {
  // No supported-logs or supported-metrics page exists for firewall policies: the firewalls log the rule hits.
  "Microsoft.Network/firewallPolicies":
    "no resource logs or platform metrics; the firewalls log every rule hit",
  // Front Door WAF events are the profile's FrontDoorWebApplicationFirewallLog category.
  "Microsoft.Network/frontDoorWebApplicationFirewallPolicies":
    "its events are logged by the Front Door profile (FrontDoorWebApplicationFirewallLog)",
  // The workspace-based component writes into the workspace itself.
  "Microsoft.Insights/components": "workspace-based: its telemetry is already in the workspace",
};

/** The name every diagnostic setting of this library has on its resource. */
export const diagnosticSettingName = "platform-logs";

const workspaceIdPattern =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

/**
 * Checks a component's `diagnostics` arg: an object with the workspace's ARM id (skipped while the id is not known
 * yet). @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkDiagnostics(
  diagnostics: unknown,
  argument = "diagnostics",
): DiagnosticsArgs | undefined {
  if (diagnostics === undefined) return undefined;
  const given = diagnostics as Partial<DiagnosticsArgs> | null;
  if (given === null || typeof given !== "object" || given.workspaceId === undefined) {
    fail(
      argument,
      `${argument} must be { workspaceId } (a Log Analytics workspace's ARM id, e.g. PlatformLogs.workspaceId), but got ${show(diagnostics)}.`,
    );
  }
  const id = given.workspaceId;
  if (typeof id === "string" && !workspaceIdPattern.test(id)) {
    fail(
      `${argument}.workspaceId`,
      `${argument}.workspaceId must be a Log Analytics workspace's ARM id ` +
        `("/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>"), but got ${show(id)}.`,
    );
  }
  return given as DiagnosticsArgs;
}

/**
 * The diagnostic setting's args for one resource of `type`, sending what the type supports to the workspace, or what
 * `support` says where a resource of that type needs other categories (a backup vault).
 */
export function diagnosticSettingArgs(
  type: DiagnosedType,
  resourceUri: pulumi.Input<string>,
  workspaceId: pulumi.Input<string>,
  support: DiagnosticSupport = diagnosticSupport[type],
): monitor.DiagnosticSettingArgs {
  const logs =
    support.logs === "allLogs"
      ? [{ categoryGroup: "allLogs", enabled: true }]
      : support.logs.map((category) => ({ category, enabled: true }));
  return {
    name: diagnosticSettingName,
    resourceUri,
    workspaceId,
    ...(logs.length > 0 ? { logs } : {}),
    ...(support.metrics.length > 0
      ? { metrics: support.metrics.map((category) => ({ category, enabled: true })) }
      : {}),
    // "Dedicated" writes resource-specific tables; null (the default) writes AzureDiagnostics.
    // https://learn.microsoft.com/azure/azure-monitor/essentials/resource-logs#send-to-log-analytics-workspace
    ...(support.dedicated ? { logAnalyticsDestinationType: "Dedicated" } : {}),
  };
}

/**
 * Sends one resource's logs and metrics to the workspace, when `diagnostics` is given: a `monitor.DiagnosticSetting`
 * named `<resourceName>-diag`, child of `parent`. `subResource` addresses a child of the resource
 * (`blobServices/default` of a storage account); `support` replaces the type's row (a backup vault).
 */
export function sendDiagnostics(
  resourceName: string,
  type: DiagnosedType,
  resource: { id: pulumi.Input<string> },
  diagnostics: DiagnosticsArgs | undefined,
  parent: pulumi.Resource,
  subResource?: string,
  support?: DiagnosticSupport,
): monitor.DiagnosticSetting | undefined {
  if (!diagnostics) return undefined;
  const uri = subResource ? pulumi.interpolate`${resource.id}/${subResource}` : resource.id;
  return new monitor.DiagnosticSetting(
    `${resourceName}-diag`,
    diagnosticSettingArgs(type, uri, diagnostics.workspaceId, support),
    { parent, ...(resource instanceof pulumi.Resource ? { dependsOn: [resource] } : {}) },
  );
}
