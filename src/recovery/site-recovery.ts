import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as automation from "@pulumi/azure-native/automation";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as recoveryservices from "@pulumi/azure-native/recoveryservices";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import { fail, show } from "../errors";
import {
  DiagnosticsArgs,
  checkDiagnostics,
  recoveryVaultBackupDiagnostics,
  sendDiagnostics,
} from "../observability/diagnostics";
import {
  PerRegion,
  ResourceGroupNames,
  Role,
  checkRegionalArgs,
  resourceGroupScope,
  resourceGroupsFor,
  roles,
} from "../internal/regional";
import { childName, globalName, uniqueName, uniqueSuffix, uniqueSuffixLength } from "../naming/names";
import { ResolvedBackup, VmBackupSpec, backupItemNames, resolveBackup } from "./backup";
import type { AzureRegion } from "../regions/catalog";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import {
  ChurnTier,
  ProtectedVmSpec,
  ReplicationPolicySpec,
  ResolvedPolicy,
  checkChurn,
  resolvePolicy,
  resolveVms,
} from "./spec";

/** The networks Site Recovery maps: a `MirroredNetwork`'s descriptor fits as it is. */
export interface RecoveryNetworks {
  primary: { virtualNetworkId: pulumi.Input<string> };
  standby: { virtualNetworkId: pulumi.Input<string> };
  /** Isolated VNet for test failovers (drills). */
  drill?: { virtualNetworkId: pulumi.Input<string> };
}

export interface SiteRecoveryArgs<Name extends string = string> {
  /** The two regions: VMs replicate from primary to standby. */
  regions: RegionPairArgs | RegionPair;
  /** Resource groups: the vault and the failed-over VMs go into the standby's. @default - one new group per region */
  resourceGroups?: ResourceGroupNames;
  /** Primary and standby VNets (and the drill VNet): `network.descriptor` of a MirroredNetwork. */
  network: RecoveryNetworks;
  /** The VMs to protect. At least one. */
  virtualMachines: ProtectedVmSpec<Name>[];
  /** Standby subnet failed-over VMs join unless a VM says otherwise. @default - each VM must name one */
  recoverySubnetName?: string;
  /**
   * `normal` (up to 54 MB/s per VM), `high` (up to 100 MB/s: Premium block blob cache, chosen at enable time),
   * or `enhanced` (the 500 MB/s preview on top of high; both regions must offer it).
   * @default "normal"
   */
  churn?: "normal" | "high" | "enhanced";
  /** @default - 24 h of recovery points, app-consistent every 4 h, crash-consistent every 5 min, multi-VM sync on */
  replicationPolicy?: ReplicationPolicySpec;
  /**
   * Keep the Mobility agent on the protected VMs updated: Site Recovery ships kernel support and fixes as agent
   * updates, through an Automation account whose identity holds Contributor on the vault
   * (https://learn.microsoft.com/azure/site-recovery/azure-to-azure-autoupdate,
   * https://learn.microsoft.com/azure/site-recovery/how-to-migrate-run-as-accounts-managed-identity). `true` creates a dedicated account
   * in the standby region; `{ automationAccountId }` uses yours (give its identity Contributor on the vault);
   * `false` leaves updates to you. @default true
   */
  agentAutoUpdate?: boolean | { automationAccountId: pulumi.Input<string> };
  /**
   * Private endpoints for the vault (sub-resource `AzureSiteRecovery`), one in each region's subnet: the source
   * network's for replication, the recovery network's "for the reprotection of failed over machines". Each
   * endpoint registers in a `privatelink.siterecovery.windowsazure.com` zone linked to its own VNet only (a zone
   * per endpoint, as Site Recovery asks), created in that region's group unless you give your zone ids (a
   * hub's zone, say). They are built before anything else in the vault, which Site Recovery requires. A subnet
   * needs at least 7 free addresses.
   * https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication-private-endpoints
   * Site Recovery takes private endpoints only on a vault that has never had items: a stack whose vault already
   * protects VMs keeps `false`.
   * @default - none (`false`): the VMs reach Site Recovery's public endpoints (through the firewall's service tags)
   */
  privateEndpoints?:
    | {
        subnetIds: PerRegion<pulumi.Input<string>>;
        privateDnsZoneIds?: PerRegion<pulumi.Input<string>>;
      }
    | false;
  /**
   * The vault's public network access. Microsoft documents turning it off for Azure Backup; for Site Recovery
   * with private endpoints it is not documented, so it stays on unless you turn it off after testing.
   * @default "Enabled"
   */
  vaultPublicNetworkAccess?: "Enabled" | "Disabled";
  /**
   * Azure Backup of the protected VMs, because replication is not backup: Site Recovery keeps at most 15 days of
   * points and replicates a deletion or corruption within minutes. A Recovery Services vault in the primary region
   * ("You need a vault in every Azure region that contains VMs you want to back up",
   * https://learn.microsoft.com/azure/backup/backup-support-matrix), an Enhanced VM backup policy (the only one for
   * Premium SSD v2 and Ultra disks and the one Trusted Launch VMs get,
   * https://learn.microsoft.com/azure/backup/backup-azure-vms-enhanced-policy) and a protected item per VM. `true`
   * takes every default; `false` leaves backup to you.
   * @default true - daily at 01:00 UTC, 30 daily and 12 weekly points, 7 days of instant-restore snapshots, a
   * geo-redundant vault with Cross Region Restore and public network access (Microsoft does not support denying it
   * with Cross Region Restore; zone-redundant without public access where the primary has no Azure pair), immutable
   * (unlocked), soft delete 14 days
   */
  backup?: boolean | VmBackupSpec;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
  /**
   * Send the vault's Site Recovery logs and metrics, the cache accounts' blob logs and the agent-update Automation
   * account's job logs to a Log Analytics workspace. @default - none
   */
  diagnostics?: DiagnosticsArgs;
}

/** What a protected VM gets, for reports. */
export interface ProtectedVmReport {
  readonly name: string;
  readonly churnTier: ChurnTier;
  readonly churnLimitMBps: number;
  readonly churnReason: string;
  readonly osDiskType: string;
  readonly dataDiskTypes: Readonly<Record<string, string>>;
  readonly targetAvailabilityZone?: string;
  readonly bootGroup: number;
}

/**
 * What the failback runbook needs to reprotect each protected item in one direction, the way Az PowerShell does it
 * for Azure-to-Azure (switch protection with the container mapping of that direction and a cache account in the
 * region the VMs run in before it: https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-reprotect).
 */
export interface ReprotectDirection {
  /** Replication policy of the container mapping for this direction. */
  policyId: pulumi.Input<string>;
  /** The protection container the VMs replicate to (the mapping's target). */
  recoveryContainerId: pulumi.Input<string>;
  /** Cache storage account in the region the VMs run in before this reprotect. */
  stagingStorageAccountId: pulumi.Input<string>;
  /** Resource group each protected item's replica goes to, by protected item name; `*` for every item. */
  recoveryResourceGroupIds: Record<string, pulumi.Input<string>>;
  /**
   * Availability zone each protected item fails over into afterwards, by protected item name. Premium SSD v2 disks
   * attach only to zonal VMs in most zonal regions. @default - back to the primary: the zone of the VM it came from
   */
  recoveryAvailabilityZones?: Record<string, string>;
}

/** Reprotect settings both ways: standby -> primary before failback, primary -> standby after it. */
export interface ReprotectSettings {
  toPrimary: ReprotectDirection;
  toStandby: ReprotectDirection;
  /**
   * The groups the protected VMs run in, either way (reprotect reads the running VM's disks there), each once:
   * ids known at construction are deduplicated; each VM id given as an Output counts on its own.
   */
  vmResourceGroupIds: pulumi.Input<string>[];
  /** The primary and standby networks, which Site Recovery is handed on reprotect (checked for read access). */
  networkIds: pulumi.Input<string>[];
}

/** Contributor, which the Mobility agent's update account needs on the vault. https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged#contributor */
export const contributorRoleId = "b24988ac-6180-42a0-ab88-20f7382dd24c";

/**
 * The vault's roles on a cache account, "Before enabling replication": Contributor and Storage Blob Data
 * Contributor on a Standard account, Contributor and Storage Blob Data Owner on a Premium one. Required with
 * private endpoints and with key-based access off; granted always.
 * https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication-private-endpoints,
 * https://learn.microsoft.com/azure/site-recovery/asr-turn-off-key-authentication-cache,
 * ids from https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage
 */
export const storageBlobDataContributorRoleId = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
export const storageBlobDataOwnerRoleId = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";

/** The private DNS zone of Site Recovery's private endpoints. */
export const siteRecoveryPrivateDnsZone = "privatelink.siterecovery.windowsazure.com";

/** API version of the replication protection container resource (not in azure-native 3.x, see below). */
export const replicationApiVersion = "2024-10-01";

/**
 * Validates SiteRecovery's args and works out what it builds from them, registering nothing: its constructor calls
 * it first, and WarmStandbyAiPlatform calls it for every part before building any.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkSiteRecoveryArgs(name: string, args: SiteRecoveryArgs) {
  const { pair, tags } = checkRegionalArgs("SiteRecovery", name, args);
  if (!args.network?.primary?.virtualNetworkId || !args.network?.standby?.virtualNetworkId) {
    fail(
      "network",
      `network must give the primary and standby VNets ({ primary: { virtualNetworkId }, standby: { ... } }, a MirroredNetwork's descriptor fits), but got ${show(args.network && Object.keys(args.network))}.`,
    );
  }
  const churn = checkChurn(pair, args.churn);
  const policy = resolvePolicy(args.replicationPolicy);
  const vms = resolveVms(pair, args.virtualMachines, churn, args.recoverySubnetName);
  const backup = resolveBackup(pair.primary, args.backup);
  if (backup) {
    // Ids known now must name the resource group too: Backup's container and item names are built from it.
    vms.forEach((vm, i) => {
      if (typeof vm.spec.vmId === "string") backupItemNames(vm.spec.vmId, `virtualMachines[${i}].vmId`);
    });
  }
  globalName("storageAccount", `${name}cache`, "x".repeat(uniqueSuffixLength), "name");
  globalName("storageAccount", `${name}rcache`, "x".repeat(uniqueSuffixLength), "name");
  const update = args.agentAutoUpdate ?? true;
  if (typeof update !== "boolean" && !(update && typeof update === "object" && update.automationAccountId)) {
    fail(
      "agentAutoUpdate",
      `agentAutoUpdate must be true, false or { automationAccountId }, but got ${show(update)}.`,
    );
  }
  const endpoints = args.privateEndpoints || undefined;
  if (endpoints !== undefined) {
    if (!endpoints?.subnetIds?.primary || !endpoints.subnetIds.standby) {
      fail(
        "privateEndpoints.subnetIds",
        `privateEndpoints.subnetIds must give a subnet id for both primary and standby, but got ${show(endpoints?.subnetIds)}.`,
      );
    }
    const zones = endpoints.privateDnsZoneIds;
    if (zones !== undefined && (!zones?.primary || !zones.standby)) {
      fail(
        "privateEndpoints.privateDnsZoneIds",
        `privateEndpoints.privateDnsZoneIds must give a zone id for both primary and standby (or be left out, and the zones are created), but got ${show(zones)}.`,
      );
    }
    if (
      zones &&
      typeof zones.primary === "string" &&
      typeof zones.standby === "string" &&
      zones.primary.toLowerCase() === zones.standby.toLowerCase()
    ) {
      fail(
        "privateEndpoints.privateDnsZoneIds",
        `privateEndpoints.privateDnsZoneIds gives one zone (${show(zones.primary)}) for both endpoints: the second would overwrite the first's records ("create a new DNS zone for every new private endpoint connecting to the same vault"). Give a zone per region.`,
      );
    }
    const groups = args.resourceGroups;
    if (
      !zones &&
      typeof groups?.primary === "string" &&
      typeof groups.standby === "string" &&
      groups.primary.toLowerCase() === groups.standby.toLowerCase()
    ) {
      fail(
        "privateEndpoints.privateDnsZoneIds",
        `privateEndpoints creates a privatelink.siterecovery.windowsazure.com zone in each region's group, but both are "${groups.primary}", which can hold one zone of that name: give resource groups per region, or privateDnsZoneIds (or privateEndpoints: false).`,
      );
    }
  }
  const access = args.vaultPublicNetworkAccess;
  if (access !== undefined && access !== "Enabled" && access !== "Disabled") {
    fail(
      "vaultPublicNetworkAccess",
      `vaultPublicNetworkAccess must be "Enabled" or "Disabled", but got ${show(access)}.`,
    );
  }
  if (access === "Disabled" && !endpoints) {
    fail(
      "vaultPublicNetworkAccess",
      'vaultPublicNetworkAccess "Disabled" leaves the VMs no way to the vault: give privateEndpoints too.',
    );
  }
  checkDiagnostics(args.diagnostics);
  return { pair, tags, churn, policy, vms, backup };
}

/**
 * Azure Site Recovery (Azure-to-Azure) for the named VMs: a Recovery Services vault in the standby region,
 * a fabric and a protection container per region, a replication policy, container mappings both ways (the
 * reverse one is what reprotect and failback use), network mappings both ways, a cache storage account in the
 * primary region sized for the churn tier, a protected item per VM with per-disk types (data disks on Premium
 * SSD v2 by default), and a recovery plan the failover runbook starts.
 */
export class SiteRecovery<const Name extends string = string> extends pulumi.ComponentResource {
  readonly vaultId: pulumi.Output<string>;
  readonly vaultName: pulumi.Output<string>;
  readonly vaultResourceGroupName: pulumi.Output<string>;
  /** The recovery plan the runbooks fail over, test-fail over and fail back. */
  readonly recoveryPlanId: pulumi.Output<string>;
  readonly recoveryPlanName: pulumi.Output<string>;
  /** Where test failovers (drills) go: the drill VNet when given. */
  readonly testFailoverNetworkId?: pulumi.Output<string>;
  readonly cacheStorageAccountId: pulumi.Output<string>;
  /** The Automation account that updates the Mobility agent, when this component built it (`agentAutoUpdate: true`). */
  readonly agentUpdateAccountId?: pulumi.Output<string>;
  /** Cache in the standby region, for replication back to the primary after a failover (reprotect). */
  readonly reverseCacheStorageAccountId: pulumi.Output<string>;
  /** What the failback runbook reprotects with, both ways. */
  readonly reprotect: ReprotectSettings;
  /** Protected item ARM ids by VM name. */
  readonly protectedItemIds: Readonly<Record<Name, pulumi.Output<string>>>;
  /** Per VM: churn tier and limit, disk types, zone, boot group. */
  readonly protectedVms: readonly ProtectedVmReport[];
  readonly policy: ResolvedPolicy;
  /** The Recovery Services vault holding the VMs' backups (primary region), unless `backup: false`. */
  readonly backupVaultId?: pulumi.Output<string>;
  /** The Enhanced VM backup policy, unless `backup: false`. */
  readonly backupPolicyId?: pulumi.Output<string>;
  /** Backup protected item ARM ids by VM name, unless `backup: false`. */
  readonly backupItemIds?: Readonly<Record<Name, pulumi.Output<string>>>;
  /** The backup settings in force, unless `backup: false`. */
  readonly backup?: ResolvedBackup;

  constructor(name: string, args: SiteRecoveryArgs<Name>, opts?: pulumi.ComponentResourceOptions) {
    const { pair, tags, churn, policy, vms, backup } = checkSiteRecoveryArgs(name, args);
    super("azure-ai-failover:recovery:SiteRecovery", name, {}, opts);
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const regions: PerRegion<AzureRegion> = { primary: pair.primary, standby: pair.standby };
    const client = authorization.getClientConfigOutput({ parent: this });
    const groupId = (role: Role) =>
      pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${groups[role]}`;

    // The vault lives in the standby region: it must be up when the primary region is not.
    const vault = new recoveryservices.Vault(
      `${name}-vault`,
      {
        resourceGroupName: groups.standby,
        location: pair.standby.name,
        sku: { name: "Standard" },
        identity: { type: "SystemAssigned" },
        properties: {
          publicNetworkAccess: args.vaultPublicNetworkAccess ?? "Enabled",
          // Site Recovery keeps replicas as managed disks in the standby region; the vault's own storage holds
          // metadata only, so zone redundancy (where the region has zones) is the sensible level.
          redundancySettings: {
            standardTierStorageRedundancy: pair.standby.availabilityZones
              ? "ZoneRedundant"
              : "LocallyRedundant",
            crossRegionRestore: "Disabled",
          },
          securitySettings: {
            softDeleteSettings: { softDeleteState: "Enabled", softDeleteRetentionPeriodInDays: 14 },
          },
        },
        tags,
      },
      { parent: this },
    );
    const vaultArgs = { resourceGroupName: groups.standby, resourceName: vault.name };
    sendDiagnostics(`${name}-vault`, "Microsoft.RecoveryServices/vaults", vault, args.diagnostics, this);

    // Private endpoints "must be created before any items are added to the vault": everything in the vault waits
    // for them. https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication-private-endpoints
    const beforeItems: pulumi.Resource[] = [];
    if (args.privateEndpoints) {
      const placement = args.privateEndpoints;
      for (const role of roles) {
        const region = regions[role];
        let zoneId = placement.privateDnsZoneIds?.[role];
        if (!zoneId) {
          // A zone per endpoint, linked to its own VNet: "create a new DNS zone for every new private endpoint
          // connecting to the same vault", or the second endpoint's records replace the first's.
          const zone = new privatedns.PrivateZone(
            childName(name, "asr-dns", region),
            {
              resourceGroupName: groups[role],
              privateZoneName: siteRecoveryPrivateDnsZone,
              location: "global",
              tags,
            },
            { parent: this },
          );
          beforeItems.push(
            new privatedns.VirtualNetworkLink(
              childName(name, "asr-dnslink", region),
              {
                resourceGroupName: groups[role],
                privateZoneName: zone.name,
                location: "global",
                virtualNetwork: { id: args.network[role].virtualNetworkId },
                registrationEnabled: false,
                tags,
              },
              { parent: this },
            ),
          );
          zoneId = zone.id;
        }
        const endpoint = new network.PrivateEndpoint(
          childName(name, "asr-pe", region),
          {
            resourceGroupName: groups[role],
            location: region.name,
            subnet: { id: placement.subnetIds[role] },
            // Sub-resource and zone: https://learn.microsoft.com/azure/private-link/private-endpoint-dns#management-and-governance
            privateLinkServiceConnections: [
              { name: "site-recovery", privateLinkServiceId: vault.id, groupIds: ["AzureSiteRecovery"] },
            ],
            tags,
          },
          { parent: this },
        );
        beforeItems.push(
          endpoint,
          new network.PrivateDnsZoneGroup(
            childName(name, "asr-pe-dns", region),
            {
              resourceGroupName: groups[role],
              privateEndpointName: endpoint.name,
              privateDnsZoneGroupName: "default",
              privateDnsZoneConfigs: [{ name: "site-recovery", privateDnsZoneId: zoneId }],
            },
            { parent: this },
          ),
        );
      }
    }

    // Replication cache in the source region, as Site Recovery requires. High churn needs Premium block blob.
    // Keyless: "Azure Site Recovery now supports cache accounts with key-based authentication disabled" once the vault
    // has a managed identity holding Contributor and Storage Blob Data Contributor (Standard) or Storage Blob Data
    // Owner (Premium) on the account before replication is enabled: the grants below, which everything in the vault
    // waits for. https://learn.microsoft.com/azure/site-recovery/asr-turn-off-key-authentication-cache ,
    // https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication-private-endpoints#grant-required-permissions-to-the-vault
    // (The older support matrix still says "The cached storage account must allow shared key access"; the key page,
    // dated 2025-10-09, supersedes it.) No soft delete: "Soft delete isn't supported" on cache accounts, and networks
    // stay open to "All networks" with trusted services, as the matrix asks.
    // https://learn.microsoft.com/azure/site-recovery/azure-to-azure-support-matrix
    // Reprotect after a failover replicates the other way, through a cache in the region the VMs then run in: "A cache
    // storage account is created in the region where the failed over VM is running", of the same kind as the
    // original one (azure-to-azure-how-to-reprotect). Creating it here keeps it private to this stack and known.
    const highChurn = churn !== "normal";
    const suffix = uniqueSuffix(name, this);
    const cacheIn = (role: Role, logical: string, accountPrefix: string) =>
      new storage.StorageAccount(
        logical,
        {
          resourceGroupName: groups[role],
          location: regions[role].name,
          accountName: uniqueName("storageAccount", accountPrefix, suffix.result),
          kind: highChurn ? "BlockBlobStorage" : "StorageV2",
          sku: {
            name: highChurn
              ? regions[role].availabilityZones
                ? "Premium_ZRS"
                : "Premium_LRS"
              : regions[role].availabilityZones
                ? "Standard_ZRS"
                : "Standard_LRS",
          },
          accessTier: highChurn ? undefined : "Hot",
          minimumTlsVersion: "TLS1_2",
          enableHttpsTrafficOnly: true,
          allowBlobPublicAccess: false,
          allowSharedKeyAccess: false,
          defaultToOAuthAuthentication: true,
          networkRuleSet: { defaultAction: "Allow", bypass: "AzureServices" },
          tags: { ...tags, purpose: "site-recovery-cache" },
        },
        { parent: this },
      );
    const cache = cacheIn("primary", childName(name, "cache", pair.primary), `${name}cache`);
    const reverseCache = cacheIn("standby", childName(name, "rcache", pair.standby), `${name}rcache`);
    for (const [logical, account] of [
      [childName(name, "cache", pair.primary), cache],
      [childName(name, "rcache", pair.standby), reverseCache],
    ] as const)
      sendDiagnostics(
        logical,
        "Microsoft.Storage/storageAccounts/blobServices",
        account,
        args.diagnostics,
        this,
        "blobServices/default",
      );
    const vaultPrincipal = vault.identity.apply((i) => i?.principalId ?? "");
    const roleDefinition = (id: string) =>
      pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    // The grants come first, before anything in the vault: fabrics, containers and mappings take minutes to build,
    // which covers role propagation ("up to 10 minutes") before the first VM is protected.
    const cacheGrants: pulumi.Resource[] = [];
    for (const [key, account] of [
      ["cache", cache],
      ["rcache", reverseCache],
    ] as const) {
      for (const [roleKey, roleId] of [
        ["contributor", contributorRoleId],
        ["blob", highChurn ? storageBlobDataOwnerRoleId : storageBlobDataContributorRoleId],
      ] as const) {
        cacheGrants.push(
          new authorization.RoleAssignment(
            `${name}-vault-${key}-${roleKey}`,
            {
              principalId: vaultPrincipal,
              principalType: "ServicePrincipal",
              roleDefinitionId: roleDefinition(roleId),
              scope: account.id,
              description: "Site Recovery's vault writes replication data to its cache account.",
            },
            { parent: this },
          ),
        );
      }
    }

    beforeItems.push(...cacheGrants);

    const fabrics = {} as Record<Role, recoveryservices.ReplicationFabric>;
    const containers = {} as Record<Role, resources.Resource>;
    for (const role of roles) {
      const region = regions[role];
      fabrics[role] = new recoveryservices.ReplicationFabric(
        childName(name, "fabric", region),
        {
          ...vaultArgs,
          fabricName: childName(name, "fabric", region),
          properties: { customDetails: { instanceType: "Azure", location: region.name } },
        },
        { parent: this, dependsOn: beforeItems },
      );
      // azure-native 3.x has no class for vaults/replicationFabrics/replicationProtectionContainers
      // (recoveryservices.ProtectionContainer is Azure Backup's), so the container is created with the generic
      // resource and the Site Recovery API version. https://learn.microsoft.com/rest/api/site-recovery/replication-protection-containers/create
      // Deleting it goes through the vault: Site Recovery removes a container with a POST, not a DELETE.
      containers[role] = new resources.Resource(
        childName(name, "container", region),
        {
          resourceGroupName: groups.standby,
          resourceProviderNamespace: "Microsoft.RecoveryServices",
          parentResourcePath: pulumi.interpolate`vaults/${vault.name}/replicationFabrics/${fabrics[role].name}`,
          resourceType: "replicationProtectionContainers",
          resourceName: childName(name, "container", region),
          apiVersion: replicationApiVersion,
          properties: { providerSpecificInput: [{ instanceType: "A2A" }] },
        },
        // Site Recovery removes a container with POST .../remove (ReplicationProtectionContainers_Delete); its path
        // has no DELETE. The container stays behind on destroy and goes with the vault.
        { parent: this, retainOnDelete: true },
      );
    }

    const replicationPolicy = new recoveryservices.ReplicationPolicy(
      `${name}-policy`,
      {
        ...vaultArgs,
        policyName: `${name}-policy`,
        properties: {
          providerSpecificInput: {
            instanceType: "A2A",
            recoveryPointHistory: policy.recoveryPointHistoryMinutes,
            appConsistentFrequencyInMinutes: policy.appConsistentFrequencyMinutes,
            crashConsistentFrequencyInMinutes: policy.crashConsistentFrequencyMinutes,
            multiVmSyncStatus: policy.multiVmSync ? "Enable" : "Disable",
          },
        },
      },
      { parent: this, dependsOn: beforeItems },
    );

    // The Mobility agent's updates run from an Automation account whose identity may change the vault.
    const update = args.agentAutoUpdate ?? true;
    let updateAccountId: pulumi.Input<string> | undefined;
    const updateGrants: pulumi.Resource[] = [];
    if (update === true) {
      const updater = new automation.AutomationAccount(
        childName(name, "asr-aa", pair.standby),
        {
          resourceGroupName: groups.standby,
          location: pair.standby.name,
          sku: { name: "Basic" },
          identity: { type: "SystemAssigned" },
          // Site Recovery's updater is "a global runbook" on a daily schedule in this account
          // (https://learn.microsoft.com/azure/site-recovery/azure-to-azure-autoupdate), authenticating with the
          // account's managed identity (automationAccountAuthenticationType below). Disabling local auth stops only
          // webhooks, State Configuration (DSC) and agent-based hybrid workers, none of which it uses
          // (https://learn.microsoft.com/azure/automation/disable-local-authentication).
          disableLocalAuth: true,
          // Public access stays on: Automation's private link "does not support cloud jobs", which this runbook is.
          // https://learn.microsoft.com/azure/automation/how-to/private-link-security
          publicNetworkAccess: true,
          tags: { ...tags, purpose: "site-recovery-agent-updates" },
        },
        { parent: this },
      );
      sendDiagnostics(
        childName(name, "asr-aa", pair.standby),
        "Microsoft.Automation/automationAccounts",
        updater,
        args.diagnostics,
        this,
      );
      updateAccountId = updater.id;
      this.agentUpdateAccountId = updater.id;
      updateGrants.push(
        new authorization.RoleAssignment(
          `${name}-asr-aa-vault`,
          {
            principalId: updater.identity.apply((i) => i?.principalId ?? ""),
            principalType: "ServicePrincipal",
            // "assign it the Contributor role in the corresponding recovery services vault"
            // (https://learn.microsoft.com/azure/site-recovery/how-to-migrate-run-as-accounts-managed-identity).
            roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${contributorRoleId}`,
            scope: vault.id,
            description: "Site Recovery updates the Mobility agent on the protected VMs.",
          },
          { parent: this },
        ),
      );
    } else if (update) {
      updateAccountId = update.automationAccountId;
    }
    const mappingInput = updateAccountId
      ? {
          instanceType: "A2A" as const,
          agentAutoUpdateStatus: "Enabled",
          automationAccountArmId: updateAccountId,
          // The spec's default is RunAsAccount, which Azure retired on 2023-09-30.
          automationAccountAuthenticationType: "SystemAssignedIdentity",
        }
      : { instanceType: "A2A" as const, agentAutoUpdateStatus: "Disabled" };

    // Container and network mappings both ways: primary -> standby for replication and failover, standby ->
    // primary for reprotect and failback.
    const mappings = {} as Record<Role, recoveryservices.ReplicationProtectionContainerMapping>;
    const networkMappings: recoveryservices.ReplicationNetworkMapping[] = [];
    for (const from of roles) {
      const to: Role = from === "primary" ? "standby" : "primary";
      const mapName = `${name}-map-${regions[from].code}-to-${regions[to].code}`;
      mappings[from] = new recoveryservices.ReplicationProtectionContainerMapping(
        mapName,
        {
          ...vaultArgs,
          fabricName: fabrics[from].name,
          protectionContainerName: containers[from].name,
          mappingName: mapName,
          properties: {
            policyId: replicationPolicy.id,
            targetProtectionContainerId: containers[to].id,
            providerSpecificInput: mappingInput,
          },
        },
        { parent: this, dependsOn: updateGrants },
      );
      const netName = `${name}-netmap-${regions[from].code}-to-${regions[to].code}`;
      networkMappings.push(
        new recoveryservices.ReplicationNetworkMapping(
          netName,
          {
            ...vaultArgs,
            fabricName: fabrics[from].name,
            // Site Recovery names every Azure fabric's network collection "azureNetwork".
            networkName: "azureNetwork",
            networkMappingName: netName,
            properties: {
              recoveryFabricName: fabrics[to].name,
              recoveryNetworkId: args.network[to].virtualNetworkId,
              fabricSpecificDetails: {
                instanceType: "AzureToAzure",
                primaryNetworkId: args.network[from].virtualNetworkId,
              },
            },
          },
          { parent: this },
        ),
      );
    }

    const protectedItemIds: Record<string, pulumi.Output<string>> = {};
    const items: { vm: (typeof vms)[number]; item: recoveryservices.ReplicationProtectedItem }[] = [];
    for (const vm of vms) {
      const disks = [
        { diskId: vm.spec.osDisk.diskId, type: vm.osTargetDiskType },
        ...vm.dataDisks.map((d) => ({ diskId: d.diskId, type: d.targetDiskType })),
      ];
      const item = new recoveryservices.ReplicationProtectedItem(
        `${name}-item-${vm.spec.name}`,
        {
          ...vaultArgs,
          fabricName: fabrics.primary.name,
          protectionContainerName: containers.primary.name,
          replicatedProtectedItemName: vm.spec.name,
          properties: {
            policyId: replicationPolicy.id,
            providerSpecificDetails: {
              instanceType: "A2A",
              fabricObjectId: vm.spec.vmId,
              recoveryContainerId: containers.standby.id,
              recoveryResourceGroupId: groupId("standby"),
              recoveryAzureNetworkId: args.network.standby.virtualNetworkId,
              recoverySubnetName: vm.recoverySubnetName,
              ...(vm.targetAvailabilityZone ? { recoveryAvailabilityZone: vm.targetAvailabilityZone } : {}),
              ...(vm.spec.recoveryCapacityReservationGroupId
                ? { recoveryCapacityReservationGroupId: vm.spec.recoveryCapacityReservationGroupId }
                : {}),
              ...(policy.multiVmSync ? { multiVmGroupName: `${name}-group` } : {}),
              vmManagedDisks: disks.map((d) => ({
                diskId: d.diskId,
                primaryStagingAzureStorageAccountId: cache.id,
                recoveryResourceGroupId: groupId("standby"),
                // The replica is kept on the same type the VM fails over onto, so performance is known in advance.
                recoveryReplicaDiskAccountType: d.type,
                recoveryTargetDiskAccountType: d.type,
              })),
            },
          },
        },
        // Replication can only be enabled once the container mapping and network mapping exist, and the vault
        // may use its caches.
        { parent: this, dependsOn: [mappings.primary, ...networkMappings, ...cacheGrants] },
      );
      items.push({ vm, item });
      protectedItemIds[vm.spec.name] = item.id;
    }

    if (backup) {
      const built = this.buildBackup(
        name,
        backup,
        groups.primary,
        pair.primary,
        items,
        tags,
        args.diagnostics,
      );
      this.backupVaultId = built.vaultId;
      this.backupPolicyId = built.policyId;
      this.backupItemIds = built.itemIds as Record<Name, pulumi.Output<string>>;
      this.backup = backup;
    }

    const bootGroups = [...new Set(vms.map((v) => v.bootGroup))].sort((a, b) => a - b);
    const plan = new recoveryservices.ReplicationRecoveryPlan(
      `${name}-plan`,
      {
        ...vaultArgs,
        recoveryPlanName: `${name}-plan`,
        properties: {
          primaryFabricId: fabrics.primary.id,
          recoveryFabricId: fabrics.standby.id,
          failoverDeploymentModel: "ResourceManager",
          groups: [
            {
              groupType: "Shutdown",
              replicationProtectedItems: [],
              startGroupActions: [],
              endGroupActions: [],
            },
            {
              groupType: "Failover",
              replicationProtectedItems: [],
              startGroupActions: [],
              endGroupActions: [],
            },
            ...bootGroups.map((group) => ({
              groupType: "Boot",
              replicationProtectedItems: items
                .filter(({ vm }) => vm.bootGroup === group)
                .map(({ vm, item }) => ({ id: item.id, virtualMachineId: vm.spec.vmId })),
              startGroupActions: [],
              endGroupActions: [],
            })),
          ],
        },
      },
      { parent: this },
    );

    this.vaultId = vault.id;
    this.vaultName = vault.name;
    this.vaultResourceGroupName = groups.standby;
    this.recoveryPlanId = plan.id;
    this.recoveryPlanName = plan.name;
    this.testFailoverNetworkId = args.network.drill
      ? pulumi.output(args.network.drill.virtualNetworkId)
      : undefined;
    this.cacheStorageAccountId = cache.id;
    this.reverseCacheStorageAccountId = reverseCache.id;
    const resourceGroupIdOf = (vmId: pulumi.Input<string>) => pulumi.output(vmId).apply(resourceGroupScope);
    const knownGroups = new Map<string, pulumi.Input<string>>();
    const outputGroups: pulumi.Input<string>[] = [];
    for (const vm of vms) {
      if (typeof vm.spec.vmId === "string")
        knownGroups.set(resourceGroupScope(vm.spec.vmId).toLowerCase(), resourceGroupScope(vm.spec.vmId));
      else outputGroups.push(resourceGroupIdOf(vm.spec.vmId));
    }
    this.reprotect = {
      toPrimary: {
        policyId: replicationPolicy.id,
        recoveryContainerId: containers.primary.id,
        stagingStorageAccountId: reverseCache.id,
        // Back to the group each VM came from.
        recoveryResourceGroupIds: Object.fromEntries(
          vms.map((vm) => [vm.spec.name, resourceGroupIdOf(vm.spec.vmId)]),
        ),
      },
      toStandby: {
        policyId: replicationPolicy.id,
        recoveryContainerId: containers.standby.id,
        stagingStorageAccountId: cache.id,
        recoveryResourceGroupIds: { "*": groupId("standby") },
        recoveryAvailabilityZones: Object.fromEntries(
          vms
            .filter((vm) => vm.targetAvailabilityZone)
            .map((vm) => [vm.spec.name, vm.targetAvailabilityZone!]),
        ),
      },
      networkIds: [args.network.primary.virtualNetworkId, args.network.standby.virtualNetworkId],
      vmResourceGroupIds: [groupId("standby"), ...knownGroups.values(), ...outputGroups],
    };
    this.protectedItemIds = protectedItemIds as Record<Name, pulumi.Output<string>>;
    this.policy = policy;
    this.protectedVms = vms.map((vm) => ({
      name: vm.spec.name,
      churnTier: vm.churn.tier,
      churnLimitMBps: vm.churn.perVmMBps,
      churnReason: vm.churn.reason,
      osDiskType: vm.osTargetDiskType,
      dataDiskTypes: Object.fromEntries(vm.dataDisks.map((d) => [d.name, d.targetDiskType])),
      ...(vm.targetAvailabilityZone ? { targetAvailabilityZone: vm.targetAvailabilityZone } : {}),
      bootGroup: vm.bootGroup,
    }));
    this.registerOutputs({
      vaultId: vault.id,
      recoveryPlanId: plan.id,
      protectedVms: this.protectedVms,
      backupVaultId: this.backupVaultId,
    });
  }

  /**
   * Azure Backup of the protected VMs: a Recovery Services vault in the VMs' region, an Enhanced policy, and a
   * protected item per VM, each enabled after the VM's replication.
   */
  private buildBackup(
    name: string,
    backup: ResolvedBackup,
    resourceGroupName: pulumi.Output<string>,
    region: AzureRegion,
    items: readonly { vm: { spec: ProtectedVmSpec }; item: recoveryservices.ReplicationProtectedItem }[],
    tags: Record<string, string> | undefined,
    diagnostics?: DiagnosticsArgs,
  ) {
    // Backups go to a vault in the VMs' own region: "Backup is within a region. You need a vault in every Azure
    // region that contains VMs you want to back up" (https://learn.microsoft.com/azure/backup/backup-support-matrix).
    // Site Recovery's vault is in the standby region, so this is a second vault.
    const vault = new recoveryservices.Vault(
      childName(name, "bvault", region),
      {
        resourceGroupName,
        location: region.name,
        sku: { name: "Standard" },
        properties: {
          // Azure VM backup "doesn't require private endpoints for backup and restore of disks"
          // (https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept); on by default with Cross
          // Region Restore, which Microsoft does not support with public access denied (see VmBackupSpec).
          publicNetworkAccess: backup.publicNetworkAccess,
          // GeoRedundant + Cross Region Restore (APRL: https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/RecoveryServices/vaults/#enable-cross-region-restore-for-your-grs-recovery-services-vault);
          // (https://learn.microsoft.com/azure/backup/backup-create-recovery-services-vault#set-cross-region-restore).
          // Cross Region Restore "is currently a non-reversible storage property" (Azure CLI's check, Azure/azure-cli
          // src/azure-cli/azure/cli/command_modules/backup/custom.py).
          redundancySettings: {
            standardTierStorageRedundancy: backup.storageRedundancy,
            crossRegionRestore: backup.crossRegionRestore ? "Enabled" : "Disabled",
          },
          securitySettings: {
            // https://learn.microsoft.com/azure/backup/backup-azure-security-feature-cloud
            softDeleteSettings: {
              softDeleteState: backup.softDelete,
              softDeleteRetentionPeriodInDays: backup.softDeleteRetentionDays,
            },
            // https://learn.microsoft.com/azure/backup/backup-azure-immutable-vault-concept
            immutabilitySettings: { state: backup.immutability },
          },
          // Azure Monitor alerts for every failed backup job (Azure CLI creates vaults with this on:
          // Azure/azure-cli src/azure-cli/azure/cli/command_modules/backup/custom.py, create_vault).
          monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" } },
        },
        tags: { ...tags, purpose: "vm-backup" },
      },
      { parent: this },
    );
    // The six Backup events flow only in resource-specific mode (recoveryVaultBackupDiagnostics).
    sendDiagnostics(
      childName(name, "bvault", region),
      "Microsoft.RecoveryServices/vaults",
      vault,
      diagnostics,
      this,
      undefined,
      recoveryVaultBackupDiagnostics,
    );
    // The run time is a full timestamp of which Azure reads the time of day, as in the spec's example
    // (Azure/azure-rest-api-specs .../recoveryservicesbackup/.../stable/2024-10-01/examples/AzureIaasVm/V2Policy/IaaS_v2_daily.json).
    const at = `2025-01-05T${backup.scheduleTimeUtc}:00Z`;
    const policy = new recoveryservices.ProtectionPolicy(
      `${name}-backup-policy`,
      {
        resourceGroupName,
        vaultName: vault.name,
        policyName: `${name}-vm-enhanced`,
        properties: {
          backupManagementType: "AzureIaasVM",
          // V2 is the Enhanced policy: Trusted Launch VMs, Premium SSD v2 and Ultra disks, zone-redundant instant
          // restore snapshots (https://learn.microsoft.com/azure/backup/backup-azure-vms-enhanced-policy).
          policyType: "V2",
          instantRpRetentionRangeInDays: backup.instantRestoreDays,
          timeZone: "UTC",
          schedulePolicy: {
            schedulePolicyType: "SimpleSchedulePolicyV2",
            scheduleRunFrequency: "Daily",
            dailySchedule: { scheduleRunTimes: [at] },
          },
          retentionPolicy: {
            retentionPolicyType: "LongTermRetentionPolicy",
            dailySchedule: {
              retentionDuration: { count: backup.dailyRetentionDays, durationType: "Days" },
              retentionTimes: [at],
            },
            ...(backup.weeklyRetentionWeeks > 0
              ? {
                  weeklySchedule: {
                    daysOfTheWeek: ["Sunday"],
                    retentionDuration: { count: backup.weeklyRetentionWeeks, durationType: "Weeks" },
                    retentionTimes: [at],
                  },
                }
              : {}),
          },
        },
        tags,
      },
      { parent: this },
    );
    const itemIds: Record<string, pulumi.Output<string>> = {};
    items.forEach(({ vm, item }, i) => {
      const names = pulumi
        .output(vm.spec.vmId)
        .apply((id) => backupItemNames(id, `virtualMachines[${i}].vmId`));
      const protectedItem = new recoveryservices.ProtectedItem(
        `${name}-backup-${vm.spec.name}`,
        {
          resourceGroupName,
          vaultName: vault.name,
          fabricName: names.fabricName,
          containerName: names.containerName,
          protectedItemName: names.protectedItemName,
          properties: {
            protectedItemType: "Microsoft.Compute/virtualMachines",
            sourceResourceId: vm.spec.vmId,
            policyId: policy.id,
          },
          tags,
        },
        // After replication is enabled: both install a VM extension (Site Recovery's Mobility service, Backup's
        // snapshot extension), and one change at a time to the VM keeps them from racing each other.
        { parent: this, dependsOn: [item] },
      );
      itemIds[vm.spec.name] = protectedItem.id;
    });
    return { vaultId: vault.id, policyId: policy.id, itemIds };
  }
}
