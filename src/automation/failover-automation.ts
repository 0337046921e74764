import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as automation from "@pulumi/azure-native/automation";
import * as monitor from "@pulumi/azure-native/monitor";
import * as storage from "@pulumi/azure-native/storage";
import type * as inputs from "@pulumi/azure-native/types/input";
import { fail, show } from "../errors";
import { ResourceGroupNames, checkRegionalArgs, resourceGroupsFor } from "../internal/regional";
import { childName, globalName, uniqueName, uniqueSuffix, uniqueSuffixLength } from "../naming/names";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import { WorkerAction, WorkerConfig, contentHash, renderEntry, renderWorker, workerActions } from "./content";
import { WebhookUri } from "./webhook-uri";

/** Service Health incident types. https://learn.microsoft.com/azure/service-health/service-health-notifications-properties */
export const incidentTypes = [
  "Incident",
  "Maintenance",
  "Security",
  "ActionRequired",
  "Informational",
] as const;
export type IncidentType = (typeof incidentTypes)[number];

/** Services whose incidents in the primary region start a failover, as Service Health names them. */
export const defaultWatchedServices = [
  "Azure OpenAI Service",
  "Cognitive Services",
  "API Management",
  "Azure Front Door",
  "Virtual Machines",
  "Virtual Network",
  "Azure Firewall",
  "Site Recovery",
];

export interface FailoverAutomationArgs {
  /** The two regions. The Automation account lives in the standby: it must run when the primary is down. */
  regions: RegionPairArgs | RegionPair;
  /** @default - one new group per region; only the standby's is used */
  resourceGroups?: ResourceGroupNames;
  /** Front Door of the platform: the runbook disables the primary's origin (never the last enabled one). */
  frontDoor?: {
    profileId: pulumi.Input<string>;
    originGroupId: pulumi.Input<string>;
    primaryOriginId: pulumi.Input<string>;
    standbyOriginId: pulumi.Input<string>;
  };
  /** Standby model account and the capacity each deployment is raised to on failover. */
  models?: {
    standbyAccountId: pulumi.Input<string>;
    standbyDeployments: { id: pulumi.Input<string>; capacity: number }[];
  };
  /** Standby API Management service and the scale units it is raised to on failover. */
  gateway?: { standbyServiceId: pulumi.Input<string>; capacity: number };
  /** Site Recovery: the vault and the recovery plan failed over, and the drill network for test failovers. */
  recovery?: {
    vaultId: pulumi.Input<string>;
    recoveryPlanId: pulumi.Input<string>;
    testFailoverNetworkId?: pulumi.Input<string>;
  };
  /** Service Health incident types that start a failover. @default ["Incident"] */
  incidentTypes?: IncidentType[];
  /** Services whose incidents in the primary region start a failover. @default {@link defaultWatchedServices} */
  watchedServices?: string[];
  /** People told of every alert by e-mail (common alert schema). @default - none */
  alertEmails?: string[];
  /**
   * Token-overload alerts on these model accounts (ARM ids), to the same action group: throttled (429) requests
   * per 5 minutes, and provisioned utilization (PTU deployments only). The runbook logs them and does not fail over.
   * @default - none
   */
  tokenOverload?: {
    accountIds: pulumi.Input<string>[];
    throttledRequestsPer5Minutes?: number;
    utilizationPercent?: number;
  };
  /** Days the webhook stays valid; a failover path that expires silently is worse than none. @default 1825 (5 years) */
  webhookValidityDays?: number;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
}

/** Built-in role ids the runbook identity gets, each on exactly one resource. */
export const automationRoleIds = {
  cdnProfileContributor: "ec156ff8-a8d1-4d15-830c-5b80698ca432",
  cognitiveServicesContributor: "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
  apiManagementServiceContributor: "312a565d-c81f-4fd8-895a-4e21e48d571c",
  siteRecoveryOperator: "494ae006-db33-4328-bf46-533a6560a3ca",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  automationJobOperator: "4fe576fe-1146-4730-92eb-48519fa6bf9f",
} as const;

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Validates FailoverAutomation's args and works out what it builds from them, registering nothing: its constructor calls
 * it first, and WarmStandbyAiPlatform calls it for every part before building any.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkFailoverAutomationArgs(name: string, args: FailoverAutomationArgs) {
  const { pair, tags } = checkRegionalArgs("FailoverAutomation", name, args);
  const types = args.incidentTypes ?? ["Incident"];
  if (!Array.isArray(types) || types.length === 0 || types.some((t) => !incidentTypes.includes(t))) {
    fail(
      "incidentTypes",
      `incidentTypes must list some of ${incidentTypes.join(", ")}, but got ${show(types)}.`,
    );
  }
  const services = args.watchedServices ?? defaultWatchedServices;
  if (
    !Array.isArray(services) ||
    services.length === 0 ||
    services.some((s) => typeof s !== "string" || s === "")
  ) {
    fail(
      "watchedServices",
      `watchedServices must list the Service Health names of the services to watch, but got ${show(services)}.`,
    );
  }
  (args.alertEmails ?? []).forEach((address, i) => {
    if (typeof address !== "string" || !emailPattern.test(address)) {
      fail(`alertEmails[${i}]`, `alertEmails[${i}] must be an e-mail address, but got ${show(address)}.`);
    }
  });
  const validityDays = args.webhookValidityDays ?? 1825;
  if (!Number.isInteger(validityDays) || validityDays < 30 || validityDays > 3650) {
    fail(
      "webhookValidityDays",
      `webhookValidityDays must be a whole number of days from 30 to 3650, but got ${show(validityDays)}.`,
    );
  }
  for (const [i, d] of (args.models?.standbyDeployments ?? []).entries()) {
    if (!Number.isInteger(d.capacity) || d.capacity < 1) {
      fail(
        `models.standbyDeployments[${i}].capacity`,
        `models.standbyDeployments[${i}].capacity must be a positive whole number, but got ${show(d.capacity)}.`,
      );
    }
  }
  if (args.gateway && (!Number.isInteger(args.gateway.capacity) || args.gateway.capacity < 1)) {
    fail(
      "gateway.capacity",
      `gateway.capacity must be a positive whole number of scale units, but got ${show(args.gateway.capacity)}.`,
    );
  }
  const overload = args.tokenOverload;
  if (overload) {
    const threshold = overload.throttledRequestsPer5Minutes ?? 10;
    if (!Number.isInteger(threshold) || threshold < 1) {
      fail(
        "tokenOverload.throttledRequestsPer5Minutes",
        `tokenOverload.throttledRequestsPer5Minutes must be a positive whole number, but got ${show(threshold)}.`,
      );
    }
    if (
      overload.utilizationPercent !== undefined &&
      !(overload.utilizationPercent > 0 && overload.utilizationPercent <= 100)
    ) {
      fail(
        "tokenOverload.utilizationPercent",
        `tokenOverload.utilizationPercent must be above 0 and at most 100, but got ${show(overload.utilizationPercent)}.`,
      );
    }
  }
  if (!args.frontDoor && !args.models && !args.gateway && !args.recovery) {
    fail(
      "frontDoor",
      "FailoverAutomation needs something to fail over: give at least one of frontDoor, models, gateway and recovery.",
    );
  }
  globalName("storageAccount", `${name}runbooks`, "x".repeat(uniqueSuffixLength), "name");
  return { pair, tags, types, services, validityDays, overload };
}

/**
 * Failover that starts itself: an Automation account in the standby region with least-privilege role assignments,
 * a PowerShell entry runbook behind a webhook and Python workers (failover, failback, drill) published from the
 * package's files, an action group calling the webhook (and e-mailing people), a Service Health alert for the
 * primary region, and token-overload metric alerts.
 */
export class FailoverAutomation extends pulumi.ComponentResource {
  readonly automationAccountId: pulumi.Output<string>;
  readonly automationAccountName: pulumi.Output<string>;
  /** Principal id of the account's managed identity (the runbooks run as it). */
  readonly principalId: pulumi.Output<string>;
  /** Runbook names: the webhook's entry and the three workers. */
  readonly runbookNames: {
    readonly entry: string;
    readonly failover: string;
    readonly failback: string;
    readonly drill: string;
  };
  readonly webhookId: pulumi.Output<string>;
  /** When the webhook stops working: replace `<name>-webhook-uri` before then. */
  readonly webhookExpiresAt: pulumi.Output<string>;
  readonly actionGroupId: pulumi.Output<string>;
  readonly serviceHealthAlertId: pulumi.Output<string>;

  constructor(name: string, args: FailoverAutomationArgs, opts?: pulumi.ComponentResourceOptions) {
    const { pair, tags, types, services, validityDays, overload } = checkFailoverAutomationArgs(name, args);
    super("azure-ai-failover:automation:FailoverAutomation", name, {}, opts);
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const rg = groups.standby;
    const region = pair.standby;
    const client = authorization.getClientConfigOutput({ parent: this });

    const account = new automation.AutomationAccount(
      childName(name, "aa", region),
      {
        resourceGroupName: rg,
        location: region.name,
        sku: { name: "Basic" },
        identity: { type: "SystemAssigned" },
        // Local auth must stay on: starting a runbook from a webhook does not work without it.
        // https://learn.microsoft.com/azure/automation/disable-local-authentication
        disableLocalAuth: false,
        publicNetworkAccess: true,
        tags,
      },
      { parent: this },
    );
    const principalId = account.identity.apply((i) => i?.principalId ?? "");
    const grant = (what: string, scope: pulumi.Input<string>, role: string, description: string) =>
      new authorization.RoleAssignment(
        `${name}-role-${what}`,
        {
          principalId,
          principalType: "ServicePrincipal",
          roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
          scope,
          description,
        },
        { parent: this },
      );

    // Runbook files and the lock blob live in a storage account in the standby region.
    const suffix = uniqueSuffix(name, this);
    const content = new storage.StorageAccount(
      childName(name, "runbooks", region),
      {
        resourceGroupName: rg,
        location: region.name,
        accountName: uniqueName("storageAccount", `${name}runbooks`, suffix.result),
        kind: "StorageV2",
        sku: { name: region.availabilityZones ? "Standard_ZRS" : "Standard_GRS" },
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        // Shared keys sign the read-only SAS links Automation fetches runbook files through.
        allowSharedKeyAccess: true,
        tags: { ...tags, purpose: "failover-runbooks" },
      },
      { parent: this },
    );
    const container = (role: string) =>
      new storage.BlobContainer(
        `${name}-${role}`,
        { resourceGroupName: rg, accountName: content.name, containerName: role, publicAccess: "None" },
        { parent: this },
      );
    const runbookContainer = container("runbooks");
    const lockContainer = container("locks");
    const lockGrant = grant(
      "locks",
      pulumi.interpolate`${content.id}/blobServices/default/containers/locks`,
      automationRoleIds.storageBlobDataContributor,
      "Failover runbooks hold a lease on the lock blob so only one run acts at a time.",
    );
    grant(
      "jobs",
      account.id,
      automationRoleIds.automationJobOperator,
      "The entry runbook starts the failover worker.",
    );
    if (args.frontDoor)
      grant(
        "frontdoor",
        args.frontDoor.profileId,
        automationRoleIds.cdnProfileContributor,
        "Failover disables the primary origin.",
      );
    if (args.models)
      grant(
        "models",
        args.models.standbyAccountId,
        automationRoleIds.cognitiveServicesContributor,
        "Failover raises standby deployment capacity.",
      );
    if (args.gateway)
      grant(
        "gateway",
        args.gateway.standbyServiceId,
        automationRoleIds.apiManagementServiceContributor,
        "Failover scales the standby gateway.",
      );
    if (args.recovery)
      grant(
        "recovery",
        args.recovery.vaultId,
        automationRoleIds.siteRecoveryOperator,
        "Failover, failback and drills run the recovery plan.",
      );

    const names = {
      entry: `${name}-alert-entry`,
      failover: `${name}-failover`,
      failback: `${name}-failback`,
      drill: `${name}-drill`,
    };
    const lockBlobUrl = pulumi.interpolate`https://${content.name}.blob.core.windows.net/${lockContainer.name}/failover.lock`;
    const workerConfig: pulumi.Output<WorkerConfig> = pulumi
      .output({
        frontDoor: args.frontDoor,
        models: args.models,
        gateway: args.gateway,
        recovery: args.recovery,
        lockBlobUrl,
      })
      .apply(({ frontDoor, models, gateway, recovery, lockBlobUrl: blobUrl }) => ({
        primaryRegion: pair.primary.displayName,
        watchedServices: services,
        incidentTypes: types,
        ...(frontDoor
          ? {
              frontDoor: {
                originGroupId: frontDoor.originGroupId,
                primaryOriginId: frontDoor.primaryOriginId,
                standbyOriginId: frontDoor.standbyOriginId,
              },
            }
          : {}),
        ...(models
          ? { standbyDeployments: models.standbyDeployments.map((d) => ({ id: d.id, capacity: d.capacity })) }
          : {}),
        ...(gateway ? { standbyGateway: { id: gateway.standbyServiceId, capacity: gateway.capacity } } : {}),
        ...(recovery ? { recoveryPlanId: recovery.recoveryPlanId } : {}),
        ...(recovery?.testFailoverNetworkId ? { drillNetworkId: recovery.testFailoverNetworkId } : {}),
        lock: { blobUrl },
      }));

    /** Uploads a runbook file and publishes it through a read-only SAS link with its hash: a changed file republishes. */
    const publish = (
      key: string,
      runbookName: string,
      text: pulumi.Output<string>,
      type: "PowerShell" | "Python",
      extension: string,
    ) => {
      const hash = text.apply(contentHash);
      const blob = new storage.Blob(
        `${name}-runbook-${key}`,
        {
          resourceGroupName: rg,
          accountName: content.name,
          containerName: runbookContainer.name,
          blobName: pulumi.interpolate`${key}-${hash.apply((h) => h.slice(0, 16).toLowerCase())}.${extension}`,
          type: "Block",
          contentType: "text/plain",
          source: text.apply((t) => new pulumi.asset.StringAsset(t)),
        },
        { parent: this },
      );
      // The file is this package's open-source code and holds only resource ids, so a long-lived read-only link to
      // this one blob gives nothing away; a fixed expiry keeps the link (and so the runbook) stable between updates.
      const sas = storage.listStorageAccountServiceSASOutput(
        {
          resourceGroupName: rg,
          accountName: content.name,
          canonicalizedResource: pulumi.interpolate`/blob/${content.name}/${runbookContainer.name}/${blob.name}`,
          resource: "b",
          permissions: "r",
          protocols: "https",
          sharedAccessExpiryTime: "2035-01-01T00:00:00Z",
        },
        { parent: this },
      );
      return new automation.Runbook(
        `${name}-runbook-${key}-${region.code}`,
        {
          resourceGroupName: rg,
          automationAccountName: account.name,
          runbookName,
          location: region.name,
          runbookType: type,
          // Python 3.10 runs in the system runtime environment of that name (3.8 is out of support).
          // https://learn.microsoft.com/azure/automation/runtime-environment-overview
          ...(type === "Python" ? { runtimeEnvironment: "Python-3.10" } : {}),
          logProgress: false,
          logVerbose: false,
          description: `azure-ai-failover ${key} runbook`,
          publishContentLink: {
            uri: pulumi.secret(pulumi.interpolate`${blob.url}?${sas.serviceSasToken}`),
            contentHash: { algorithm: "SHA256", value: hash },
          },
          tags,
        },
        { parent: this, dependsOn: [blob, lockGrant] },
      );
    };
    const workers = {} as Record<WorkerAction, automation.Runbook>;
    for (const action of workerActions) {
      workers[action] = publish(
        action,
        names[action],
        workerConfig.apply((c) => renderWorker(action, c)),
        "Python",
        "py",
      );
    }
    const entryText = pulumi.all([account.name, rg]).apply(([accountName, group]) =>
      renderEntry({
        automationAccountName: accountName,
        resourceGroupName: group,
        workerRunbookName: names.failover,
      }),
    );
    const entry = publish("entry", names.entry, entryText, "PowerShell", "ps1");

    const token = authorization.getClientTokenOutput({}, { parent: this }).token;
    const uri = new WebhookUri(
      `${name}-webhook-uri`,
      { automationAccountId: account.id, webhookName: "alert-to-failover", validityDays, token },
      { parent: this, dependsOn: [entry] },
    );
    const webhook = new automation.Webhook(
      `${name}-webhook`,
      {
        resourceGroupName: rg,
        automationAccountName: account.name,
        webhookName: "alert-to-failover",
        name: "alert-to-failover",
        runbook: { name: entry.name },
        isEnabled: true,
        expiryTime: uri.expiryTime,
        uri: uri.uri,
      },
      { parent: this, dependsOn: [workers.failover] },
    );

    const actionGroup = new monitor.ActionGroup(
      `${name}-ag`,
      {
        resourceGroupName: rg,
        location: "Global",
        enabled: true,
        // Up to 12 characters; shown in SMS and e-mail subjects.
        groupShortName: `${name.replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}-dr`,
        automationRunbookReceivers: [
          {
            name: "start-failover",
            automationAccountId: account.id,
            runbookName: entry.name,
            webhookResourceId: webhook.id,
            isGlobalRunbook: false,
            serviceUri: uri.uri,
            useCommonAlertSchema: true,
          },
        ],
        emailReceivers: (args.alertEmails ?? []).map((emailAddress, i) => ({
          name: `person-${i + 1}`,
          emailAddress,
          useCommonAlertSchema: true,
        })),
        tags,
      },
      { parent: this },
    );

    const impacted = (field: string, values: string[]) => ({ field, containsAny: values });
    const serviceHealth = new monitor.ActivityLogAlert(
      `${name}-service-health`,
      {
        resourceGroupName: rg,
        // Activity log alerts are global; Service Health needs the subscription as scope.
        location: "Global",
        scopes: [pulumi.interpolate`/subscriptions/${client.subscriptionId}`],
        enabled: true,
        description: `Service Health ${types.join("/")} in ${pair.primary.displayName} starts the failover runbook.`,
        condition: {
          allOf: [
            { field: "category", equals: "ServiceHealth" },
            types.length === 1
              ? { field: "properties.incidentType", equals: types[0] }
              : { anyOf: types.map((t) => ({ field: "properties.incidentType", equals: t })) },
            impacted("properties.impactedServices[*].ServiceName", services),
            impacted("properties.impactedServices[*].ImpactedRegions[*].RegionName", [
              pair.primary.displayName,
            ]),
          ],
        },
        actions: {
          actionGroups: [
            { actionGroupId: actionGroup.id, webhookProperties: { source: "azure-ai-failover" } },
          ],
        },
        tags,
      },
      { parent: this },
    );

    if (overload) {
      // Metric names: https://learn.microsoft.com/azure/ai-foundry/openai/monitor-openai-reference
      const metricAlert = (
        alertName: string,
        accountId: pulumi.Input<string>,
        description: string,
        criterion: Record<string, unknown>,
      ) =>
        new monitor.MetricAlert(
          alertName,
          {
            resourceGroupName: rg,
            location: "global",
            scopes: [accountId],
            severity: 2,
            enabled: true,
            evaluationFrequency: "PT1M",
            windowSize: "PT5M",
            autoMitigate: true,
            description,
            criteria: {
              odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
              allOf: [
                {
                  criterionType: "StaticThresholdCriterion",
                  metricNamespace: "Microsoft.CognitiveServices/accounts",
                  operator: "GreaterThan",
                  ...criterion,
                } as inputs.monitor.MetricCriteriaArgs,
              ],
            },
            actions: [{ actionGroupId: actionGroup.id }],
            tags,
          },
          { parent: this },
        );
      overload.accountIds.forEach((accountId, i) => {
        const key = i === 0 ? "primary" : i === 1 ? "standby" : `account${i + 1}`;
        metricAlert(
          `${name}-throttling-${key}`,
          accountId,
          "Model deployments answer 429: token quota exhausted, callers are being throttled.",
          {
            name: "throttled-requests",
            metricName: "AzureOpenAIRequests",
            dimensions: [{ name: "StatusCode", operator: "Include", values: ["429"] }],
            threshold: overload.throttledRequestsPer5Minutes ?? 10,
            timeAggregation: "Total",
          },
        );
        if (overload.utilizationPercent !== undefined) {
          metricAlert(
            `${name}-utilization-${key}`,
            accountId,
            "Provisioned deployments are close to full: requests will soon get 429.",
            {
              name: "ptu-utilization",
              metricName: "AzureOpenAIProvisionedManagedUtilizationV2",
              threshold: overload.utilizationPercent,
              timeAggregation: "Average",
            },
          );
        }
      });
    }

    this.automationAccountId = account.id;
    this.automationAccountName = account.name;
    this.principalId = principalId;
    this.runbookNames = names;
    this.webhookId = webhook.id;
    this.webhookExpiresAt = uri.expiryTime;
    this.actionGroupId = actionGroup.id;
    this.serviceHealthAlertId = serviceHealth.id;
    this.registerOutputs({
      automationAccountId: account.id,
      runbookNames: names,
      webhookExpiresAt: uri.expiryTime,
      actionGroupId: actionGroup.id,
      serviceHealthAlertId: serviceHealth.id,
    });
  }
}
