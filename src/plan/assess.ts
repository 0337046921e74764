import {
  CheckedResource,
  at,
  isTierOne,
  locationOf,
  ofType,
  originsOf,
  referenced,
  regionHasZones,
} from "../policies/model";
import { accountOf } from "../policies/models/deployment-require-two-regions";
import { lookupRegion } from "../regions/catalog";
import { normalizeResources } from "../policies/normalize";
import type { Recording } from "../testing/harness";
import { postgresRegions } from "../database/spec";
import { StackResource, mergeProps } from "./state";
import { judgedOutputs } from "../policies/run";

/**
 * `azure-ai-failover assess`: "are all my tier-1 workloads protected in a secondary region?", answered from a
 * stack's resources (a program run offline, or a `pulumi stack export`). Pure: it reads the resource model only.
 *
 * A workload is protected when it has a copy in another region AND something fails it over without a person
 * building anything (FailoverAutomation, Front Door's health probes, a service-managed failover). A drill and zone
 * redundancy are gaps too, ranked lower, but do not make a workload unprotected.
 */

/** Whether an aspect is in place: `n/a` when it does not apply to the kind (or cannot be set in the stack). */
export type AspectStatus = "yes" | "no" | "n/a";

export interface Aspect {
  readonly status: AspectStatus;
  /** What was found, or what is missing, in a few words. */
  readonly detail: string;
}

export type GapAspect = "copy" | "failover" | "drill" | "zones";

/** One thing missing for a workload, with the code that adds it. */
export interface Gap {
  readonly workload: string;
  readonly urn: string;
  readonly tierOne: boolean;
  readonly aspect: GapAspect;
  /** What is missing and why it matters. */
  readonly problem: string;
  /** TypeScript that adds the missing piece, ready to paste (placeholders in `<...>` where the stack has no value). */
  readonly fix: string;
}

/** One workload resource, as assessed. */
export interface AssessedWorkload {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  /** What it is, in words: `virtual machine`, `model deployment`... */
  readonly kind: string;
  readonly tierOne: boolean;
  /** ARM region, or `global`. */
  readonly region: string;
  readonly zones: Aspect;
  /** Its copy in another region, and the regions the copies run in. */
  readonly copy: Aspect & { readonly regions: readonly string[] };
  readonly failover: Aspect;
  readonly drill: Aspect;
  /** A copy in another region, and failover without a person. */
  readonly protected: boolean;
  /** Higher is riskier: tier 1 first, then by how much is missing. */
  readonly risk: number;
  readonly gaps: readonly Gap[];
}

/** A drill found in the stack, and the workloads it covers. */
export interface DetectedDrill {
  readonly kind: "automation-job-schedule" | "chaos-experiment" | "resiliency-drill";
  readonly name: string;
  readonly detail: string;
  readonly covers: readonly string[];
}

/** The answer for a stack. */
export interface Assessment {
  readonly project?: string;
  readonly stack?: string;
  /** `program <dir>` or `stack export <file>`. */
  readonly source: string;
  /** Tier-1 workloads, how many are protected, and the answer. */
  readonly summary: {
    readonly workloads: number;
    readonly tierOne: number;
    readonly tierOneProtected: number;
    readonly tierOneUnprotected: readonly string[];
    readonly gaps: number;
    readonly tierOneGaps: number;
    /** True when every tier-1 workload is protected (and there is at least none unprotected). */
    readonly allTierOneProtected: boolean;
  };
  /** Riskiest first. */
  readonly workloads: readonly AssessedWorkload[];
  /** Riskiest first. */
  readonly gaps: readonly Gap[];
  readonly drills: readonly DetectedDrill[];
  /** What the assessment noticed that is no gap (a schedule that runs nothing, a workload without a region). */
  readonly notes: readonly string[];
}

export interface AssessOptions {
  readonly project?: string;
  readonly stack?: string;
  readonly source?: string;
  /** `azure-native:location` of the stack: the region of resources that name none. */
  readonly defaultLocation?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The kinds of workload, and the facts each is judged on.

const T = {
  vm: "azure-native:compute:VirtualMachine",
  vmss: "azure-native:compute:VirtualMachineScaleSet",
  account: "azure-native:cognitiveservices:Account",
  deployment: "azure-native:cognitiveservices:Deployment",
  apim: "azure-native:apimanagement:ApiManagementService",
  originGroup: "azure-native:cdn:AFDOriginGroup",
  profile: "azure-native:cdn:Profile",
  postgres: "azure-native:dbforpostgresql:Server",
  storage: "azure-native:storage:StorageAccount",
  cosmos: "azure-native:cosmosdb:DatabaseAccount",
  webApp: "azure-native:web:WebApp",
  plan: "azure-native:web:AppServicePlan",
  aks: "azure-native:containerservice:ManagedCluster",
  agentPool: "azure-native:containerservice:AgentPool",
  containerApp: "azure-native:app:ContainerApp",
  environment: "azure-native:app:ManagedEnvironment",
  protectedItem: "azure-native:recoveryservices:ReplicationProtectedItem",
  recoveryPlan: "azure-native:recoveryservices:ReplicationRecoveryPlan",
  vault: "azure-native:recoveryservices:Vault",
  automationAccount: "azure-native:automation:AutomationAccount",
  runbook: "azure-native:automation:Runbook",
  webhook: "azure-native:automation:Webhook",
  jobSchedule: "azure-native:automation:JobSchedule",
  schedule: "azure-native:automation:Schedule",
  roleAssignment: "azure-native:authorization:RoleAssignment",
  roleDefinition: "azure-native:authorization:RoleDefinition",
  actionGroup: "azure-native:monitor:ActionGroup",
  activityLogAlert: "azure-native:monitor:ActivityLogAlert",
  resourceGroup: "azure-native:resources:ResourceGroup",
  vnet: "azure-native:network:VirtualNetwork",
  nic: "azure-native:network:NetworkInterface",
  chaosExperiment: "azure-native:chaos:Experiment",
  chaosTarget: "azure-native:chaos:Target",
  resiliencyDrill: "azure-native:azureresiliencemanagement:Drill",
  blob: "azure-native:storage:Blob",
  dynamic: "pulumi-nodejs:dynamic:Resource",
  serviceGroupMember: "azure-native:relationships:ServiceGroupMemberRelationship",
} as const;

const kinds: Record<string, string> = {
  [T.vm]: "virtual machine",
  [T.vmss]: "virtual machine scale set",
  [T.account]: "model account (AI Services / OpenAI)",
  [T.deployment]: "model deployment",
  [T.apim]: "API Management",
  [T.originGroup]: "Front Door origin group",
  [T.postgres]: "PostgreSQL flexible server",
  [T.storage]: "storage account",
  [T.cosmos]: "Cosmos DB account",
  [T.webApp]: "App Service / Functions app",
  [T.aks]: "AKS cluster",
  [T.containerApp]: "container app",
};

/** Compute that runs the same way in two regions only as two resources, with traffic steered between them. */
const frontedCompute: string[] = [T.vmss, T.webApp, T.aks, T.containerApp];

/** Resource-provider namespace of each kind, to match custom roles' actions against. */
const namespaces: Record<string, string> = {
  [T.vm]: "Microsoft.Compute",
  [T.vmss]: "Microsoft.Compute",
  [T.account]: "Microsoft.CognitiveServices",
  [T.deployment]: "Microsoft.CognitiveServices",
  [T.apim]: "Microsoft.ApiManagement",
  [T.profile]: "Microsoft.Cdn",
  [T.originGroup]: "Microsoft.Cdn",
  [T.postgres]: "Microsoft.DBforPostgreSQL",
  [T.storage]: "Microsoft.Storage",
  [T.cosmos]: "Microsoft.DocumentDB",
  [T.webApp]: "Microsoft.Web",
  [T.aks]: "Microsoft.ContainerService",
  [T.containerApp]: "Microsoft.App",
  [T.vault]: "Microsoft.RecoveryServices",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const lower = (v: unknown) => String(v ?? "").toLowerCase();
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const idOf = (r: CheckedResource | undefined) => str(r?.props.id);

/** The ARM name: the id's last segment, else the name the inputs give, else the logical name. */
function armName(r: CheckedResource, ...keys: string[]): string {
  const id = idOf(r);
  if (id && !id.includes("<")) return id.slice(id.lastIndexOf("/") + 1);
  for (const key of [...keys, "name"]) if (str(r.props[key])) return r.props[key] as string;
  return r.name;
}

function resourceGroupOf(r: CheckedResource): string | undefined {
  return str(r.props.resourceGroupName) ?? /\/resourceGroups\/([^/]+)/i.exec(idOf(r) ?? "")?.[1];
}

/**
 * The model built from a recorded program: inputs over outputs, merged key by key (ids and principals known), with
 * each resource's parent (as a stack export has it).
 */
export function programResources(recording: Recording): StackResource[] {
  return recording.resources
    .filter((r) => r.custom)
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: {
        ...(mergeProps(judgedOutputs(r), r.inputs) as Record<string, unknown>),
        ...(r.id ? { id: r.id } : {}),
      },
      dependencies: r.dependencies,
      ...(r.parent ? { parent: r.parent } : {}),
    }));
}

/**
 * The library component a resource was built by, from its parent's URN (`urn:pulumi:<stack>::<project>::<parent's
 * parent type>$<parent type>::<name>`): the parent's type and name, and the type above it.
 */
function builtBy(r: CheckedResource): { type: string; name: string; within?: string } | undefined {
  const parent = (r as StackResource).parent;
  if (!parent) return undefined;
  const parts = parent.split("::");
  if (parts.length < 4) return undefined;
  const types = parts[parts.length - 2].split("$");
  return { type: types[types.length - 1], name: parts[parts.length - 1], within: types[types.length - 2] };
}

// ---------------------------------------------------------------------------------------------------------------
// The stack, indexed once.

class Stack {
  readonly groups: CheckedResource[];
  constructor(readonly resources: readonly CheckedResource[]) {
    this.groups = ofType(resources, T.resourceGroup);
  }
  of(...types: string[]) {
    return ofType(this.resources, ...types);
  }
  byUrn(urn: string) {
    return this.resources.find((r) => r.urn === urn);
  }
  group(r: CheckedResource) {
    const name = lower(resourceGroupOf(r));
    return this.groups.find((g) => lower(g.props.resourceGroupName ?? g.props.name ?? g.name) === name);
  }
  /** Its own location, its account's (deployments), or its group's. */
  region(r: CheckedResource): string | undefined {
    if (r.type === T.deployment) return locationOf(accountOf(r, this.resources)) ?? this.regionOfGroup(r);
    return locationOf(r) ?? this.regionOfGroup(r);
  }
  private regionOfGroup(r: CheckedResource) {
    return locationOf(this.group(r));
  }
  /** Tagged `failover-role: standby` or `drill`, itself or through its group (as the tier-1 Service Health policy reads it). */
  standbySide(r: CheckedResource): boolean {
    const role = (x: CheckedResource | undefined) =>
      String(((x?.props.tags ?? {}) as Record<string, unknown>)["failover-role"] ?? "");
    return ["standby", "drill"].includes(role(r)) || ["standby", "drill"].includes(role(this.group(r)));
  }
  /** Tier 1 itself; a deployment through its account; an origin group through its profile. */
  tierOne(r: CheckedResource): boolean {
    if (isTierOne(r)) return true;
    if (r.type === T.deployment) {
      const account = accountOf(r, this.resources);
      return account !== undefined && isTierOne(account);
    }
    if (r.type === T.originGroup) {
      const profile = this.profileOf(r);
      return profile !== undefined && isTierOne(profile);
    }
    return false;
  }
  profileOf(group: CheckedResource): CheckedResource | undefined {
    return (
      this.of(T.profile).find((p) => group.dependencies.includes(p.urn)) ??
      referenced(this.resources, group.props.profileName, [T.profile])
    );
  }
  /** The workload an origin sends traffic to: one it depends on, or the one whose host name it uses. */
  servedBy(origin: CheckedResource): CheckedResource | undefined {
    const candidates = this.of(...Object.keys(kinds)).filter((r) => r.type !== T.originGroup);
    const byDependency = candidates.find((r) => origin.dependencies.includes(r.urn));
    if (byDependency) return byDependency;
    const host = str(origin.props.hostName);
    if (!host) return undefined;
    return candidates.find((r) => hostsOf(r).includes(lower(host)));
  }
  originRegion(origin: CheckedResource): string | undefined {
    // https://learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium/afd-origins/create:
    // sharedPrivateLinkResource.privateLinkLocation is the region of the origin's Private Link resource.
    const privateLink = str(at(origin.props, "sharedPrivateLinkResource.privateLinkLocation"));
    if (privateLink) return lower(privateLink).replace(/\s+/g, "");
    const served = this.servedBy(origin);
    return served ? this.region(served) : undefined;
  }
  /** Origin groups with an enabled origin that sends traffic to `r`. */
  originGroupsServing(r: CheckedResource): CheckedResource[] {
    return this.of(T.originGroup).filter((g) =>
      originsOf(this.resources, g).some((o) => o.props.enabledState !== "Disabled" && this.servedBy(o) === r),
    );
  }
}

/** Host names a resource answers on, as Front Door origins name them. */
function hostsOf(r: CheckedResource): string[] {
  const values = [
    r.props.gatewayUrl, // API Management
    r.props.defaultHostName, // App Service
    at(r.props, "configuration.ingress.fqdn"), // Container Apps
    r.props.latestRevisionFqdn,
    r.props.fqdn, // AKS
    r.props.hostName,
    ...list(r.props.hostNames),
  ];
  return values
    .map(str)
    .filter((v): v is string => v !== undefined)
    .map((v) => lower(v.replace(/^https?:\/\//, "").replace(/\/.*$/, "")));
}

// ---------------------------------------------------------------------------------------------------------------
// Copies in another region.

interface Copy {
  readonly detail: string;
  readonly regions: string[];
  /** The copies that are resources of the stack (skipped as workloads of their own). */
  readonly resources: CheckedResource[];
  /** What FailoverAutomation needs of the copy, when it is the library's kind. */
  readonly ids: string[];
}

const noCopy = (detail: string): Copy => ({ detail, regions: [], resources: [], ids: [] });

/** A name without its region's name and short code, to pair `app-eus2` with `app-cus`. */
function stem(name: string, region: string | undefined): string {
  let s = lower(name);
  const r = region ? lookupRegion(region) : undefined;
  for (const token of [region, r?.code].filter((t): t is string => !!t)) s = s.split(lower(token)).join("");
  return s.replace(/[-_]+$/g, "").replace(/^[-_]+/g, "");
}

function copiesOf(stack: Stack, r: CheckedResource, region: string | undefined): Copy {
  const elsewhere = (x: CheckedResource) => {
    const other = stack.region(x);
    return other !== undefined && region !== undefined && other !== region && other !== "global";
  };
  const found = (how: string, copies: CheckedResource[]): Copy => {
    const regions = [...new Set(copies.map((c) => stack.region(c)!))];
    return {
      detail: `${how} in ${regions.join(", ")}`,
      regions,
      resources: copies,
      ids: copies.map(idOf).filter((i): i is string => !!i),
    };
  };
  switch (r.type) {
    case T.vm: {
      // A2A replication: the protected item's providerSpecificDetails.fabricObjectId is the VM's id
      // (azure-rest-api-specs recoveryservicessiterecovery A2AEnableProtectionInput; ReplicationProtectedItems_Create.json).
      const item = stack.of(T.protectedItem).find((i) => {
        const source = at(i.props, "properties.providerSpecificDetails.fabricObjectId");
        return (idOf(r) !== undefined && lower(source) === lower(idOf(r))) || i.dependencies.includes(r.urn);
      });
      if (!item) return noCopy("not replicated (no Site Recovery protected item)");
      const vault = vaultOf(stack, item);
      const target = stack.region(vault ?? item) ?? "the vault's region";
      return {
        detail: `Site Recovery replication to ${target} (${item.name})`,
        regions: [target],
        resources: [],
        ids: [idOf(vault)].filter((i): i is string => !!i),
      };
    }
    case T.account: {
      const names = new Set(deploymentsOf(stack, r).map(deploymentName));
      const copies = stack
        .of(T.account)
        .filter(
          (a) =>
            a !== r &&
            elsewhere(a) &&
            (names.size > 0
              ? deploymentsOf(stack, a).some((d) => names.has(deploymentName(d)))
              : stem(armName(a, "accountName"), stack.region(a)) === stem(armName(r, "accountName"), region)),
        );
      return copies.length > 0
        ? found("an account with the same deployments", copies)
        : noCopy("no account with its deployments in another region");
    }
    case T.deployment: {
      const model = modelOf(r);
      const copies = stack
        .of(T.deployment)
        .filter(
          (d) => d !== r && deploymentName(d) === deploymentName(r) && modelOf(d) === model && elsewhere(d),
        );
      return copies.length > 0
        ? found(`"${deploymentName(r)}" (${model}) deployed`, copies)
        : noCopy(`"${deploymentName(r)}" (${model}) runs in no other region`);
    }
    case T.apim: {
      // Premium multi-region: properties.additionalLocations[].location
      // (https://learn.microsoft.com/azure/api-management/api-management-howto-deploy-multi-region). A disabled
      // gateway serves nothing, and the flag is read where it is set: additionalLocations[].disableGateway "can be
      // used to disable the gateway in this additional location"; the service's own disableGateway "can be used to
      // disable the gateway in master region", the primary location
      // (https://learn.microsoft.com/dotnet/api/azure.resourcemanager.apimanagement.models.additionallocation.disablegateway;
      // the service-level text from the REST spec, as azure-native 3.28 apimanagement/apiManagementService.d.ts quotes it).
      const additional = [
        ...new Set(
          list(r.props.additionalLocations)
            .filter((l) => at(l, "disableGateway") !== true)
            .map((l) => lower(at(l, "location")).replace(/\s+/g, ""))
            .filter((l) => l !== "" && l !== region),
        ),
      ];
      const disabled = list(r.props.additionalLocations)
        .filter((l) => at(l, "disableGateway") === true)
        .map((l) => lower(at(l, "location")).replace(/\s+/g, ""));
      const off = disabled.length ? ` (gateway disabled in ${disabled.join(", ")})` : "";
      if (r.props.disableGateway === true) {
        // The primary region's gateway is off: the additional gateways serve, and one of them is the copy of another.
        if (additional.length >= 2)
          return {
            detail: `gateways in ${additional.join(", ")}; the primary region's is disabled (disableGateway)${off}`,
            regions: additional,
            resources: [],
            ids: [],
          };
        return noCopy(
          `the primary region's gateway is disabled (disableGateway) and ${additional.length ? `only ${additional[0]}'s serves` : "no other location serves"}${off}`,
        );
      }
      if (additional.length > 0)
        return {
          detail: `additional gateway location ${additional.join(", ")}${off}`,
          regions: additional,
          resources: [],
          ids: [],
        };
      if (disabled.length > 0) return noCopy(`every additional location's gateway is disabled${off}`);
      return secondInstance(stack, r, region, elsewhere, found, "a second gateway");
    }
    case T.originGroup: {
      const enabled = originsOf(stack.resources, r).filter((o) => o.props.enabledState !== "Disabled");
      const regions = [...new Set(enabled.map((o) => stack.originRegion(o)).filter((x): x is string => !!x))];
      if (regions.length >= 2)
        return {
          detail: `enabled origins in ${regions.join(", ")}`,
          regions,
          resources: [],
          ids: [],
        };
      return noCopy(
        `${enabled.length} enabled origin(s)${regions.length ? `, all in ${regions[0]}` : ""}: nothing to fail over to`,
      );
    }
    case T.postgres: {
      // A geo read replica: a Server in another region with createMode "Replica" and sourceServerResourceId
      // (Azure/template-reference-generator microsoft.dbforpostgresql/samples/flexibleservers/virtualendpoints/main.bicep;
      // https://learn.microsoft.com/azure/reliability/reliability-database-postgresql).
      const replicas = stack
        .of(T.postgres)
        .filter(
          (s) =>
            s !== r &&
            s.props.createMode === "Replica" &&
            (referenced([r], s.props.sourceServerResourceId) !== undefined ||
              s.dependencies.includes(r.urn)) &&
            elsewhere(s),
        );
      if (replicas.length > 0) return found("read replica", replicas);
      return noCopy(
        at(r.props, "backup.geoRedundantBackup") === "Enabled"
          ? "geo-redundant backup only: a geo-restore builds a new server, no standby"
          : "no read replica in another region",
      );
    }
    case T.storage: {
      // Standard_GRS, Standard_RAGRS, Standard_GZRS, Standard_RAGZRS replicate to a secondary region
      // (https://learn.microsoft.com/rest/api/storagerp/srp_sku_types).
      const sku = String(at(r.props, "sku.name") ?? "");
      if (/GRS$|GZRS$/.test(sku)) {
        const secondary = lookupRegion(region ?? "")?.pairedRegion;
        return {
          detail: `${sku}: geo-replicated${secondary ? ` to ${secondary}` : ""}`,
          regions: secondary ? [secondary] : ["secondary"],
          resources: [],
          ids: [],
        };
      }
      return noCopy(`${sku || "no sku"}: every copy in ${region ?? "one region"}`);
    }
    case T.cosmos: {
      // locations[].locationName, one per region the account replicates to
      // (https://learn.microsoft.com/powershell/module/az.cosmosdb/new-azcosmosdblocationobject).
      const regions = [
        ...new Set(
          list(r.props.locations)
            .map((l) => lower(at(l, "locationName")).replace(/\s+/g, ""))
            .filter((l) => l !== ""),
        ),
      ];
      const others = regions.filter((l) => l !== region);
      return others.length > 0
        ? { detail: `replicated to ${others.join(", ")}`, regions: others, resources: [], ids: [] }
        : noCopy("one region only");
    }
    default:
      return secondInstance(stack, r, region, elsewhere, found, `a second ${kinds[r.type] ?? "instance"}`);
  }
}

/** The same kind in another region, behind the same Front Door origin group, or named the same but for its region. */
function secondInstance(
  stack: Stack,
  r: CheckedResource,
  region: string | undefined,
  elsewhere: (x: CheckedResource) => boolean,
  found: (how: string, copies: CheckedResource[]) => Copy,
  what: string,
): Copy {
  const sameType = stack.of(r.type).filter((x) => x !== r && elsewhere(x));
  const groups = stack.originGroupsServing(r);
  const behindFrontDoor = sameType.filter((x) =>
    stack.originGroupsServing(x).some((g) => groups.includes(g)),
  );
  if (behindFrontDoor.length > 0)
    return found(`${what} behind the same Front Door origin group`, behindFrontDoor);
  const named = sameType.filter((x) => stem(armName(x), stack.region(x)) === stem(armName(r), region));
  if (named.length > 0) return found(`${what} (same name but for its region)`, named);
  return noCopy(`no ${what.replace(/^an? /, "")} in another region`);
}

function vaultOf(stack: Stack, item: CheckedResource): CheckedResource | undefined {
  return (
    stack.of(T.vault).find((v) => item.dependencies.includes(v.urn)) ??
    referenced(stack.resources, item.props.resourceName, [T.vault])
  );
}

const deploymentName = (d: CheckedResource) => String(d.props.deploymentName ?? d.name);
function modelOf(d: CheckedResource): string {
  const model = at(d.props, "properties.model") as { name?: string; version?: string } | undefined;
  return `${model?.name ?? "?"}@${model?.version ?? "unpinned"}`;
}
function deploymentsOf(stack: Stack, account: CheckedResource) {
  return stack.of(T.deployment).filter((d) => accountOf(d, stack.resources) === account);
}

// ---------------------------------------------------------------------------------------------------------------
// Zone redundancy.

function zonesOf(stack: Stack, r: CheckedResource, region: string | undefined): Aspect {
  const zonal = regionHasZones(region);
  const missing = (detail: string): Aspect =>
    zonal ? { status: "no", detail } : { status: "n/a", detail: `${detail} (${region} has no zones)` };
  const zones = (v: unknown) => list(v).map(String);
  switch (r.type) {
    case T.vm: {
      // A VM pinned to a zone stops with that zone: Azure's own zonal resiliency posture counts a VM only with Site
      // Recovery zonal disaster recovery, a ZRS disk, or a multi-zone scale set
      // (https://learn.microsoft.com/azure/resiliency/goals-recommendations-support-matrix). Regional Site Recovery
      // covers losing the region, not the zone. A VM with no zone is not judged (Azure places it).
      const z = zones(r.props.zones);
      return z.length
        ? missing(`pinned to zone ${z.join(", ")}`)
        : { status: "n/a", detail: "regional (no zone)" };
    }
    case T.vmss:
      return zones(r.props.zones).length >= 2
        ? { status: "yes", detail: `zones ${zones(r.props.zones).join(", ")}` }
        : missing("instances in one zone or none");
    case T.account:
    case T.deployment:
      return { status: "n/a", detail: "not set in the stack" };
    case T.originGroup:
      return { status: "n/a", detail: "global" };
    case T.apim: {
      // properties.zones / additionalLocations[].zones (Premium):
      // https://learn.microsoft.com/azure/api-management/api-management-howto-deploy-multi-region
      const z = zones(r.props.zones);
      if (z.length >= 2) return { status: "yes", detail: `zones ${z.join(", ")}` };
      return String(at(r.props, "sku.name")) === "Premium"
        ? missing("Premium without zones")
        : {
            status: "n/a",
            detail: `${String(at(r.props, "sku.name") ?? "?")} tier: zones not set in the stack`,
          };
    }
    case T.postgres: {
      // highAvailability.mode ZoneRedundant | SameZone | Disabled (azure-notes 8.1; reliability-database-postgresql).
      if (r.props.createMode === "Replica") return { status: "n/a", detail: "replica" };
      const mode = String(at(r.props, "highAvailability.mode") ?? "Disabled");
      if (mode === "ZoneRedundant") return { status: "yes", detail: "zone-redundant HA" };
      // Microsoft's region table (https://learn.microsoft.com/azure/postgresql/overview#azure-regions, as
      // src/database/spec.ts holds it): where it offers no zone-redundant HA to new servers, none can be asked for.
      const offered = region ? postgresRegions.get(region)?.zoneRedundantHa : undefined;
      if (offered === "blocked")
        return {
          status: "n/a",
          detail: `high availability ${mode}: Microsoft's region table says new zone-redundant HA deployments are temporarily blocked in ${region}`,
        };
      if (offered === "no")
        return {
          status: "n/a",
          detail: `high availability ${mode}: Microsoft's region table offers no zone-redundant HA in ${region}`,
        };
      return missing(`high availability ${mode}`);
    }
    case T.storage: {
      const sku = String(at(r.props, "sku.name") ?? "");
      return /ZRS$/.test(sku) ? { status: "yes", detail: sku } : missing(sku || "no sku");
    }
    case T.cosmos: {
      // locations[].isZoneRedundant (https://learn.microsoft.com/powershell/module/az.cosmosdb/new-azcosmosdblocationobject)
      const here = list(r.props.locations).find(
        (l) => lower(at(l, "locationName")).replace(/\s+/g, "") === region,
      );
      return at(here, "isZoneRedundant") === true
        ? { status: "yes", detail: "zone-redundant" }
        : missing("isZoneRedundant not set");
    }
    case T.webApp: {
      // App Service plan properties.zoneRedundant
      // (https://learn.microsoft.com/dotnet/api/azure.resourcemanager.appservice.models.appserviceplanpatch.iszoneredundant).
      const plan = referenced(stack.resources, r.props.serverFarmId, [T.plan]);
      if (!plan) return { status: "n/a", detail: "its plan is not in the stack" };
      return plan.props.zoneRedundant === true
        ? { status: "yes", detail: `plan ${plan.name} zone-redundant` }
        : missing(`plan ${plan.name} not zone-redundant`);
    }
    case T.aks: {
      // agentPoolProfiles[].availabilityZones (https://learn.microsoft.com/azure/aks/availability-zones), and node
      // pools declared as their own AgentPool resources: resourceName is the cluster's name, availabilityZones the
      // pool's zones (azure-native 3.28 containerservice/agentPool.d.ts).
      const cluster = lower(armName(r, "resourceName"));
      const separate = stack
        .of(T.agentPool)
        .filter(
          (p) =>
            p.dependencies.includes(r.urn) ||
            (lower(p.props.resourceName) === cluster &&
              lower(resourceGroupOf(p)) === lower(resourceGroupOf(r))),
        )
        .map((p) => ({ name: armName(p, "agentPoolName"), availabilityZones: p.props.availabilityZones }));
      const pools = [...list(r.props.agentPoolProfiles), ...separate];
      const single = pools.filter((p) => zones(at(p, "availabilityZones")).length < 2);
      return pools.length > 0 && single.length === 0
        ? { status: "yes", detail: "every node pool across zones" }
        : missing(
            pools.length === 0
              ? "no node pool in the stack"
              : `node pools without availabilityZones: ${single.map((p) => String(at(p, "name") ?? "?")).join(", ")}`,
          );
    }
    case T.containerApp: {
      // Container Apps environment properties.zoneRedundant
      // (https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.ContainerApp.AvailabilityZone).
      const env = referenced(stack.resources, r.props.managedEnvironmentId ?? r.props.environmentId, [
        T.environment,
      ]);
      if (!env) return { status: "n/a", detail: "its environment is not in the stack" };
      return env.props.zoneRedundant === true
        ? { status: "yes", detail: `environment ${env.name} zone-redundant` }
        : missing(`environment ${env.name} not zone-redundant`);
    }
    default:
      return { status: "n/a", detail: "unknown" };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Automation: an Automation account whose identity holds roles on what fails over, woken by Service Health.

interface AutomationAccount {
  readonly resource: CheckedResource;
  readonly name: string;
  /** Scopes its identity holds roles at, with the namespaces the role's actions cover (undefined: any). */
  readonly grants: { scope: string; namespaces?: string[] }[];
  /** Regions (display names) a Service Health alert wakes it for; `*` for every region. */
  readonly wokenFor: Set<string>;
  /** Its runbooks whose names end in `drill`, and the job schedules starting them. */
  readonly drillSchedules: { jobSchedule: CheckedResource; runbook: string; schedule?: CheckedResource }[];
}

/**
 * Built-in roles whose actions only read (and, for some, open support requests or run log queries): an identity
 * holding one cannot fail anything over. Ids and actions from Microsoft's list of built-in roles,
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (Reader: "View all resources, but does
 * not allow you to make any changes", its one action the read of every type; Site Recovery Reader: "Lets you view Site Recovery status but
 * not perform other management operations"). Any other built-in role counts: its actions are not in the stack.
 */
export const readOnlyBuiltInRoles: Readonly<Record<string, string>> = {
  "acdd72a7-3385-48ef-bd42-f606fba81ae7": "Reader",
  "43d0d8ad-25c7-4714-9337-8ba259a9fe05": "Monitoring Reader",
  "73c42c96-874c-492b-b04d-ab87d138a893": "Log Analytics Reader",
  "dbaa88c4-0c30-4179-9fb3-46319faa6149": "Site Recovery Reader",
  "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1": "Storage Blob Data Reader",
};

/** An action that changes or acts on something: anything but a read (an action ending in `/read`). */
const acts = (action: string) => !/\/read$/i.test(action);

function automationAccounts(stack: Stack): AutomationAccount[] {
  return stack.of(T.automationAccount).map((account) => {
    const name = armName(account, "automationAccountName");
    const principal = lower(at(account.props, "identity.principalId"));
    const grants = stack
      .of(T.roleAssignment)
      .filter(
        (a) =>
          (principal !== "" && lower(a.props.principalId) === principal) ||
          a.dependencies.includes(account.urn),
      )
      .filter((a) => !readOnlyBuiltInRoles[lower(a.props.roleDefinitionId).split("/").pop() ?? ""])
      .map((a) => {
        const definition = referenced(stack.resources, a.props.roleDefinitionId, [T.roleDefinition]);
        // A custom role in the stack counts for the namespaces its acting (not read) actions name; a built-in one
        // (not in the stack, and not a known reader) for any: its actions cannot be read offline.
        const actions = definition
          ? list(definition.props.permissions)
              .flatMap((p) => list(at(p, "actions")).map(String))
              .filter(acts)
          : undefined;
        return {
          scope: lower(a.props.scope),
          namespaces: actions?.map((x) => lower(x === "*" ? "*" : x.split("/")[0])),
        };
      })
      .filter((g) => g.scope !== "" && (g.namespaces === undefined || g.namespaces.length > 0));
    const accountId = lower(idOf(account));
    const reachesAccount = (group: CheckedResource) =>
      group.props.enabled !== false &&
      // automationRunbookReceivers[].automationAccountId, or a webhook receiver whose webhook belongs to the account
      // (https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups).
      (list(group.props.automationRunbookReceivers).some(
        (rr) =>
          (accountId !== "" && lower(at(rr, "automationAccountId")) === accountId) ||
          lower(at(rr, "automationAccountId")).endsWith(`/automationaccounts/${lower(name)}`),
      ) ||
        (list(group.props.webhookReceivers).length > 0 &&
          stack
            .of(T.webhook)
            .some(
              (w) =>
                group.dependencies.includes(w.urn) && lower(w.props.automationAccountName) === lower(name),
            )));
    const wokenFor = new Set<string>();
    for (const alert of stack.of(T.activityLogAlert)) {
      if (alert.props.enabled === false) continue;
      const allOf = list(at(alert.props, "condition.allOf")) as Record<string, unknown>[];
      if (!allOf.some((c) => c.field === "category" && c.equals === "ServiceHealth")) continue;
      const groups = [
        ...list(at(alert.props, "actions.actionGroups")).map((g) =>
          referenced(stack.resources, at(g, "actionGroupId"), [T.actionGroup]),
        ),
        ...stack.of(T.actionGroup).filter((g) => alert.dependencies.includes(g.urn)),
      ].filter((g): g is CheckedResource => g !== undefined);
      if (!groups.some(reachesAccount)) continue;
      const regionClause = allOf.find(
        (c) => c.field === "properties.impactedServices[*].ImpactedRegions[*].RegionName",
      );
      if (!regionClause) wokenFor.add("*");
      else
        for (const display of list(regionClause.containsAny ?? [regionClause.equals]))
          wokenFor.add(String(display));
    }
    const drillSchedules = stack
      .of(T.jobSchedule)
      .filter(
        (j) =>
          lower(j.props.automationAccountName) === lower(name) &&
          /drill$/i.test(String(at(j.props, "runbook.name"))),
      )
      .map((j) => ({
        jobSchedule: j,
        runbook: String(at(j.props, "runbook.name")),
        schedule: stack
          .of(T.schedule)
          .find(
            (s) =>
              lower(s.props.automationAccountName) === lower(name) &&
              [s.props.scheduleName, s.props.name, s.name]
                .map(lower)
                .includes(lower(at(j.props, "schedule.name"))),
          ),
      }))
      // A disabled schedule starts nothing (Schedule isEnabled, https://learn.microsoft.com/rest/api/automation/schedule/create-or-update).
      .filter((d) => d.schedule?.props.isEnabled !== false);
    return { resource: account, name, grants, wokenFor, drillSchedules };
  });
}

interface Target {
  readonly id: string;
  readonly namespace: string;
}

/** What a failover acts on for a workload: itself, its copies, the vault replicating it, the Front Door routing to it. */
function failoverTargets(stack: Stack, r: CheckedResource, copy: Copy): Target[] {
  const targets: Target[] = [];
  const add = (id: string | undefined, type: string) => {
    if (id)
      targets.push({
        id: lower(id),
        namespace: lower(namespaces[type] ?? id.split("/providers/")[1]?.split("/")[0]),
      });
  };
  if (r.type === T.deployment) {
    add(idOf(accountOf(r, stack.resources)), T.account);
    for (const c of copy.resources) add(idOf(accountOf(c, stack.resources)), T.account);
  } else {
    add(idOf(r), r.type === T.originGroup ? T.profile : r.type);
    for (const c of copy.resources) add(idOf(c), c.type);
  }
  if (r.type === T.vm) for (const vault of copy.ids) add(vault, T.vault);
  if (r.type === T.originGroup) add(idOf(stack.profileOf(r)), T.profile);
  for (const group of stack.originGroupsServing(r)) add(idOf(stack.profileOf(group)), T.profile);
  return targets;
}

function grantedOn(account: AutomationAccount, targets: Target[]): Target[] {
  return targets.filter((t) =>
    account.grants.some(
      (g) =>
        (t.id === g.scope || t.id.startsWith(`${g.scope}/`)) &&
        (g.namespaces === undefined || g.namespaces.includes("*") || g.namespaces.includes(t.namespace)),
    ),
  );
}

function failoverOf(
  stack: Stack,
  r: CheckedResource,
  region: string,
  copy: Copy,
  accounts: AutomationAccount[],
): Aspect & { account?: AutomationAccount } {
  if (copy.regions.length === 0) return { status: "no", detail: "nothing to fail over to" };
  if (r.type === T.cosmos && r.props.enableAutomaticFailover === true)
    // "Enables automatic failover of the write region in the rare event that the region is unavailable"
    // (https://learn.microsoft.com/dotnet/api/azure.resourcemanager.cosmosdb.models.cosmosdbaccountcreateorupdatecontent.enableautomaticfailover).
    return { status: "yes", detail: "service-managed failover (enableAutomaticFailover)" };
  if (r.type === T.originGroup)
    return r.props.healthProbeSettings
      ? { status: "yes", detail: "Front Door health probes steer traffic between the origins" }
      : { status: "no", detail: "no health probe: Front Door cannot tell a dead origin" };
  const display = lookupRegion(region)?.displayName ?? region;
  const targets = failoverTargets(stack, r, copy);
  for (const account of accounts) {
    if (!account.wokenFor.has("*") && !account.wokenFor.has(display)) continue;
    const granted = grantedOn(account, targets);
    if (granted.length > 0)
      return {
        status: "yes",
        detail: `Automation account ${account.name}, woken by Service Health for ${display}, holds roles on ${granted.length === 1 ? shortId(granted[0].id) : `${granted.length} of its resources`}`,
        account,
      };
  }
  if (frontedCompute.includes(r.type) || r.type === T.apim) {
    const probed = stack
      .originGroupsServing(r)
      .find(
        (g) =>
          g.props.healthProbeSettings && copy.resources.some((c) => stack.originGroupsServing(c).includes(g)),
      );
    if (probed)
      return { status: "yes", detail: `Front Door health probes (${probed.name}) steer to the copy` };
  }
  const woken = accounts.filter((a) => a.wokenFor.has("*") || a.wokenFor.has(display));
  if (r.type === T.storage)
    // Geo-replication keeps a copy in the secondary region, but it serves writes only after a customer-managed
    // account failover: "A failover request can be triggered for a storage account in the event a primary endpoint
    // becomes unavailable ... The secondary cluster will become primary after failover and the account is converted
    // to LRS" (https://learn.microsoft.com/rest/api/storagerp/storageaccounts/failover;
    // https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover). Azure does not start it.
    return {
      status: "no",
      detail:
        woken.length === 0
          ? "its secondary takes writes only after a customer-managed account failover, and nothing in the stack starts one"
          : `its secondary takes writes only after a customer-managed account failover; Automation account ${woken[0].name} is woken for ${display} but holds no role that may start it`,
    };
  return {
    status: "no",
    detail:
      woken.length === 0
        ? `no Service Health alert for ${display} wakes a runbook that acts on it`
        : `Automation account ${woken[0].name} is woken for ${display} but holds no role on it or its copy`,
  };
}

const shortId = (id: string) => id.split("/").slice(-2).join("/");

// ---------------------------------------------------------------------------------------------------------------
// Drills: a job schedule on a drill runbook, a Chaos Studio experiment, an Azure Resiliency drill.

interface DrillFinder {
  readonly drills: DetectedDrill[];
  /** The drills covering a workload (names), recording the coverage on the drill. */
  cover(r: CheckedResource, copy: Copy): string[];
}

/**
 * What a worker runbook of FailoverAutomation is configured with: the `CONFIG = json.loads("...")` line it is
 * published with (src/automation/content.ts renderWorker), read back from the content published to its Runbook (the
 * RunbookContent resource of src/automation/runbook-content.ts; before it, the storage Blob the Runbook depended on, and
 * a stack export keeps a string asset's `text`). Undefined when it is not in the stack.
 */
interface DrillConfig {
  readonly recovery?: { readonly planId?: string; readonly drillNetworkId?: string };
  readonly drill?: { readonly modelHosts?: readonly string[] };
}

function runbookConfig(stack: Stack, runbook: CheckedResource | undefined): DrillConfig | undefined {
  if (!runbook) return undefined;
  const published = stack
    .of(T.dynamic)
    .find(
      (c) =>
        c.props.kind === "azure-ai-failover:automation:RunbookContent" &&
        (c.dependencies.includes(runbook.urn) || lower(c.props.runbookId) === lower(idOf(runbook))),
    );
  const uri = lower(at(runbook.props, "publishContentLink.uri")).split("?")[0];
  const blob = stack
    .of(T.blob)
    .find((b) => runbook.dependencies.includes(b.urn) || (uri !== "" && lower(b.props.url) === uri));
  const source = blob?.props.source;
  const text =
    typeof published?.props.content === "string"
      ? published.props.content
      : typeof source === "string"
        ? source
        : str(at(source, "text"));
  const line = text ? /^CONFIG = json\.loads\((".*")\)$/m.exec(text) : null;
  if (!line) return undefined;
  try {
    const config: unknown = JSON.parse(JSON.parse(line[1]) as string);
    return config && typeof config === "object" ? (config as DrillConfig) : undefined;
  } catch {
    return undefined; // not this library's runbook
  }
}

/** The VMs a recovery plan holds: groups[].replicationProtectedItems[] (virtualMachineId, or the item's source VM). */
function planVms(stack: Stack, plan: CheckedResource | undefined): Set<string> {
  const entries = list(at(plan?.props, "properties.groups")).flatMap((g) =>
    list(at(g, "replicationProtectedItems")),
  );
  const itemIds = new Set(entries.map((e) => lower(at(e, "id"))));
  const vms = entries.map((e) => lower(at(e, "virtualMachineId")));
  for (const item of stack.of(T.protectedItem))
    if (itemIds.has(lower(idOf(item))))
      vms.push(lower(at(item.props, "properties.providerSpecificDetails.fabricObjectId")));
  return new Set(vms.filter((v) => v !== ""));
}

/** Whether a model account answers on one of these host names (its endpoint's, or its custom subdomain's). */
function accountAnswersOn(account: CheckedResource | undefined, hosts: readonly string[]): boolean {
  if (!account) return false;
  const endpoint = lower(str(at(account.props, "properties.endpoint")) ?? "")
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  const subdomain = lower(at(account.props, "properties.customSubDomainName"));
  return hosts.some((h) => h === endpoint || (subdomain !== "" && h.split(".")[0] === subdomain));
}

/** The model accounts behind a workload and its copies (a deployment's account, an account itself). */
function modelAccounts(stack: Stack, r: CheckedResource, copy: Copy): (CheckedResource | undefined)[] {
  return [r, ...copy.resources].map((x) => (x.type === T.deployment ? accountOf(x, stack.resources) : x));
}

function drillFinder(stack: Stack, accounts: AutomationAccount[]): DrillFinder {
  const drills: (DetectedDrill & { covers: string[]; test: (r: CheckedResource, copy: Copy) => boolean })[] =
    [];
  for (const account of accounts) {
    for (const d of account.drillSchedules) {
      // A job schedule links a runbook to a schedule: properties.runbook.name and properties.schedule.name
      // (https://learn.microsoft.com/rest/api/automation/jobschedule/create). A drill covers what it exercises, and
      // FailoverAutomation's drill (worker.py run_drill) exercises two things only: a Site Recovery test failover of
      // the recovery plan into the drill network (recovery.planId, recovery.drillNetworkId: without both it stops
      // before testing anything), then, from a test VM, a probe of the standby models' hosts (drill.modelHosts).
      // It never promotes a database replica, nor touches API Management or Front Door.
      const frequency = d.schedule
        ? `every ${String(d.schedule.props.interval ?? 1)} ${lower(d.schedule.props.frequency)}`
        : `schedule "${String(at(d.jobSchedule.props, "schedule.name"))}" (not in the stack)`;
      const runbook = stack
        .of(T.runbook)
        .find(
          (rb) =>
            lower(rb.props.automationAccountName) === lower(account.name) &&
            lower(rb.props.runbookName ?? rb.props.name ?? rb.name) === lower(d.runbook),
        );
      const config = runbookConfig(stack, runbook);
      const where = `runbook ${d.runbook} in Automation account ${account.name}, ${frequency}`;
      if (config) {
        const planId = str(config.recovery?.planId);
        const runs = planId !== undefined && str(config.recovery?.drillNetworkId) !== undefined;
        const plan = stack.of(T.recoveryPlan).find((p) => planId && lower(idOf(p)) === lower(planId));
        const vms = runs ? planVms(stack, plan) : new Set<string>();
        const hosts = runs ? list(config.drill?.modelHosts).map(lower) : [];
        drills.push({
          kind: "automation-job-schedule",
          name: d.jobSchedule.name,
          detail: runs
            ? `${where}: a test failover of recovery plan ${plan ? armName(plan) : shortId(planId!)} into the drill network${hosts.length ? `, then a probe of the standby models (${hosts.join(", ")})` : ""}`
            : `${where}: its configuration names no recovery plan and drill network, so it stops before testing anything`,
          covers: [],
          test: (r, copy) =>
            r.type === T.vm
              ? vms.has(lower(idOf(r)))
              : (r.type === T.account || r.type === T.deployment) &&
                modelAccounts(stack, r, copy).some((a) => accountAnswersOn(a, hosts)),
        });
        continue;
      }
      // Its configuration is not in the stack (not this library's runbook, or a secret in an export): the kinds
      // FailoverAutomation's drill exercises, where its identity may act on the vault or the models.
      drills.push({
        kind: "automation-job-schedule",
        name: d.jobSchedule.name,
        detail: `${where} (its configuration is not in the stack: judged by its identity's roles on the vault and the models)`,
        covers: [],
        test: (r, copy) =>
          ([T.vm, T.account, T.deployment] as string[]).includes(r.type) &&
          grantedOn(
            account,
            failoverTargets(stack, r, copy).filter((t) =>
              ["microsoft.recoveryservices", "microsoft.cognitiveservices"].includes(t.namespace),
            ),
          ).length > 0,
      });
    }
  }
  for (const experiment of stack.of(T.chaosExperiment)) {
    // An experiment's steps run one after the other, its branches at once, and each branch's actions are faults or
    // delays; a fault (name urn:csci:microsoft:<provider>:<fault>/<version>) runs against the targets of the selector
    // its selectorId names; selectors[].targets[].id is a Chaos target, <resource id>/providers/Microsoft.Chaos/targets/<name>
    // (https://learn.microsoft.com/azure/chaos-studio/chaos-studio-chaos-experiments; the experiment JSON of
    // https://learn.microsoft.com/azure/chaos-studio/chaos-studio-tutorial-service-direct-cli;
    // https://learn.microsoft.com/azure/templates/microsoft.chaos/2025-01-01/experiments). So only a selector that a
    // fault action uses puts its targets through anything.
    const prop = (key: string) => at(experiment.props, `properties.${key}`) ?? at(experiment.props, key);
    const faults = list(prop("steps"))
      .flatMap((step) => list(at(step, "branches")))
      .flatMap((branch) => list(at(branch, "actions")))
      .filter(
        (a) => /^urn:csci:microsoft:/i.test(String(at(a, "name") ?? "")) && lower(at(a, "type")) !== "delay",
      );
    const used = new Set(faults.map((a) => String(at(a, "selectorId") ?? "")));
    const targetIds = list(prop("selectors"))
      .filter((s) => used.has(String(at(s, "id") ?? "")))
      .flatMap((s) => list(at(s, "targets")))
      .map((t) => lower(at(t, "id")))
      .filter((t) => t !== "");
    const targets = targetIds.map((t) => t.split("/providers/microsoft.chaos/targets/")[0]);
    const chaosTargets = stack
      .of(T.chaosTarget)
      .filter((t) => targetIds.includes(lower(idOf(t))))
      .map((t) => lower(t.props.parentResourceName));
    drills.push({
      kind: "chaos-experiment",
      name: experiment.name,
      detail:
        faults.length === 0
          ? "Chaos Studio experiment with no fault action: it tests nothing"
          : `Chaos Studio experiment, ${faults.length} fault action(s) on ${targetIds.length} target(s); it runs when started (nothing in the stack schedules it)`,
      covers: [],
      test: (r, copy) =>
        [r, ...copy.resources].some(
          (x) =>
            (idOf(x) !== undefined && targets.includes(lower(idOf(x)))) ||
            chaosTargets.includes(lower(armName(x))),
        ),
    });
  }
  for (const drill of stack.of(T.resiliencyDrill)) {
    // Azure Resiliency drills run on a service group; members are ServiceGroupMemberRelationship resources
    // (resourceUri = the member, properties.targetId = the service group) (azure-notes 7.1, 7.2; preview).
    const group = lower(drill.props.serviceGroupName);
    const members = stack
      .of(T.serviceGroupMember)
      .filter((m) => lower(at(m.props, "properties.targetId")).endsWith(`/servicegroups/${group}`))
      .map((m) => lower(m.props.resourceUri))
      .filter((u) => u !== "");
    drills.push({
      kind: "resiliency-drill",
      name: drill.name,
      detail: `Azure Resiliency drill (preview) on service group ${String(drill.props.serviceGroupName)} (${members.length} member(s) in the stack)`,
      covers: [],
      test: (r) => {
        const id = lower(idOf(r));
        return id !== "" && members.some((m) => id === m || id.startsWith(`${m}/`));
      },
    });
  }
  return {
    drills,
    cover(r, copy) {
      const found = drills.filter((d) => d.test(r, copy));
      for (const d of found) d.covers.push(r.name);
      return found.map((d) => `${d.name} (${d.detail})`);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Fixes as code.

const q = (s: string) => JSON.stringify(s);
const placeholder = (what: string) => `<${what}>`;
function camel(name: string): string {
  const parts = name.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  const joined = parts.map((p, i) => (i === 0 ? p.toLowerCase() : p[0].toUpperCase() + p.slice(1))).join("");
  return /^[0-9]/.test(joined) ? `r${joined}` : joined || "resource";
}

interface FixContext {
  readonly stack: Stack;
  readonly r: CheckedResource;
  readonly region: string;
  readonly standby: string;
  readonly copy: Copy;
  readonly accounts: AutomationAccount[];
}

/** The standby region: where its copies run, else the Azure paired region, else a placeholder. */
function standbyRegion(stack: Stack, r: CheckedResource, region: string, copy: Copy): string {
  const fromCopy = copy.regions.find((x) => x !== region && x !== "secondary");
  if (fromCopy) return fromCopy;
  const used = [...new Set(stack.resources.map((x) => stack.region(x)))].find(
    (x) => x && x !== region && x !== "global" && lookupRegion(x) !== undefined,
  );
  return used ?? lookupRegion(region)?.pairedRegion ?? placeholder("standby region");
  void r;
}

function groupIn(stack: Stack, region: string): string | undefined {
  const g = stack.groups.find((x) => locationOf(x) === region && !/drill/i.test(x.name));
  return g ? armName(g, "resourceGroupName") : undefined;
}

function copyFix(c: FixContext): string {
  const { stack, r, region, standby } = c;
  const regions = `regions: { primary: ${q(region)}, standby: ${q(standby)} },`;
  const rg = resourceGroupOf(r);
  const standbyGroup = groupIn(stack, standby);
  const groups =
    rg && standbyGroup ? `  resourceGroups: { primary: ${q(rg)}, standby: ${q(standbyGroup)} },\n` : "";
  switch (r.type) {
    case T.vm: {
      const vmName = armName(r, "vmName");
      const nicId = str(at(list(at(r.props, "networkProfile.networkInterfaces"))[0], "id"));
      const nic = referenced(stack.resources, nicId, [T.nic]);
      const subnetId = str(at(list(nic?.props.ipConfigurations)[0], "subnet.id"));
      const vnetId = subnetId?.replace(/\/subnets\/[^/]+$/i, "");
      const subnet = subnetId?.split("/").pop();
      const standbyVnet = stack.of(T.vnet).find((v) => stack.region(v) === standby && !/drill/i.test(v.name));
      const osDisk = str(at(r.props, "storageProfile.osDisk.managedDisk.id"));
      const dataDisks = list(at(r.props, "storageProfile.dataDisks"))
        .map(
          (d) =>
            `        { name: ${q(`lun${String(at(d, "lun") ?? 0)}`)}, diskId: ${q(str(at(d, "managedDisk.id")) ?? placeholder("data disk id"))} },`,
        )
        .join("\n");
      return [
        `import { SiteRecovery } from "azure-ai-failover";`,
        ``,
        `// Replicates ${vmName} (${region}) to ${standby}; its disks fail over onto Premium SSD.`,
        `const ${camel(r.name)}Recovery = new SiteRecovery(${q(`${r.name}-dr`)}, {`,
        `  ${regions}`,
        ...(groups ? [groups.trimEnd()] : []),
        `  network: {`,
        `    primary: { virtualNetworkId: ${q(vnetId ?? placeholder(`VNet id of ${vmName}'s NIC`))} },`,
        `    standby: { virtualNetworkId: ${q(idOf(standbyVnet) ?? placeholder(`a VNet in ${standby}, same address plan`))} },`,
        `  },`,
        `  recoverySubnetName: ${q(subnet ?? placeholder("standby subnet name"))},`,
        `  virtualMachines: [`,
        `    {`,
        `      name: ${q(vmName)},`,
        `      vmId: ${q(idOf(r) ?? placeholder(`${vmName}'s id`))},`,
        `      osDisk: { diskId: ${q(osDisk ?? placeholder(`${vmName}'s OS disk id`))} },`,
        ...(dataDisks ? [`      dataDisks: [`, dataDisks, `      ],`] : []),
        `    },`,
        `  ],`,
        `});`,
      ].join("\n");
    }
    case T.account:
    case T.deployment: {
      const account = r.type === T.account ? r : accountOf(r, stack.resources);
      const existingCopy =
        r.type === T.deployment && account
          ? stack.of(T.account).find((a) => a !== account && stack.region(a) === standby)
          : undefined;
      const deployments = r.type === T.account ? deploymentsOf(stack, r) : [r];
      if (existingCopy) {
        // The standby account exists: the missing deployment goes into it, the same model and version
        // (Microsoft.CognitiveServices/accounts/deployments: sku { name, capacity }, properties.model).
        const model = at(r.props, "properties.model") as Record<string, unknown> | undefined;
        return [
          `import * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";`,
          ``,
          `// The same deployment in ${armName(existingCopy, "accountName")} (${standby}).`,
          `new cognitiveservices.Deployment(${q(`${deploymentName(r)}-${lookupRegion(standby)?.code ?? standby}`)}, {`,
          `  resourceGroupName: ${q(resourceGroupOf(existingCopy) ?? placeholder("standby group"))},`,
          `  accountName: ${q(armName(existingCopy, "accountName"))},`,
          `  deploymentName: ${q(deploymentName(r))},`,
          `  sku: ${JSON.stringify(at(r.props, "sku") ?? { name: "GlobalStandard", capacity: 1 })},`,
          `  properties: {`,
          `    model: ${JSON.stringify(model ?? {})},`,
          `    versionUpgradeOption: "OnceCurrentVersionExpired", // both regions keep the pinned version`,
          `  },`,
          `});`,
        ].join("\n");
      }
      const specs = deployments.map((d) => {
        const model = at(d.props, "properties.model") as { name?: string; version?: string } | undefined;
        const sku = String(at(d.props, "sku.name") ?? "GlobalStandard");
        const capacity = Number(at(d.props, "sku.capacity") ?? 1);
        const unit = /Provisioned/.test(sku) ? "capacityPtu" : "capacityThousandTpm";
        return `    { name: ${q(deploymentName(d))}, model: { name: ${q(model?.name ?? placeholder("model"))}, version: ${q(model?.version ?? placeholder("version"))} }, sku: ${q(sku)}, ${unit}: ${capacity} },`;
      });
      const name = account ? armName(account, "accountName") : r.name;
      return [
        `import { RegionalOpenAi } from "azure-ai-failover";`,
        ``,
        `// ${name}'s deployments in an account per region (${region}, ${standby}): point callers (or AiGateway) at`,
        `// models.primary / models.standby, then retire ${name}.`,
        `const models = new RegionalOpenAi(${q(account?.name ?? r.name)}, {`,
        `  ${regions}`,
        ...(groups ? [groups.trimEnd()] : []),
        ...(account?.props.kind === "AIServices" ? [`  kind: "AIServices",`] : []),
        `  deployments: [`,
        ...(specs.length ? specs : [`    // ${name} has no deployments in the stack`]),
        `  ],`,
        `});`,
      ].join("\n");
    }
    case T.apim: {
      const sku = String(at(r.props, "sku.name") ?? "");
      if (sku === "Premium")
        return [
          `// On ${armName(r, "serviceName")} (Premium): a gateway in ${standby}, in the same instance`,
          `// (https://learn.microsoft.com/azure/api-management/api-management-howto-deploy-multi-region).`,
          `additionalLocations: [`,
          `  { location: ${q(standby)}, sku: { name: "Premium", capacity: ${Number(at(r.props, "sku.capacity") ?? 1)} }${regionHasZones(standby) ? `, zones: ["1", "2", "3"]` : ""} },`,
          `],`,
        ].join("\n");
      const accounts = stack
        .of(T.account)
        .filter((a) => stack.region(a) === region || stack.region(a) === standby);
      const primaryAccount = accounts.find((a) => stack.region(a) === region);
      const standbyAccount = accounts.find((a) => stack.region(a) === standby);
      const endpoint = (a: CheckedResource | undefined) =>
        a
          ? q(
              str(at(a.props, "properties.endpoint")) ??
                `https://${String(at(a.props, "properties.customSubDomainName") ?? armName(a))}.openai.azure.com/`,
            )
          : q(placeholder("model endpoint"));
      return [
        `import { AiGateway } from "azure-ai-failover";`,
        ``,
        `// A gateway per region (${region}, ${standby}) with the same policy; put both behind FrontDoorFailover.`,
        `const gateway = new AiGateway(${q(r.name)}, {`,
        `  ${regions}`,
        ...(groups ? [groups.trimEnd()] : []),
        `  models: {`,
        `    primary: { endpoint: ${endpoint(primaryAccount)}, accountId: ${q(idOf(primaryAccount) ?? placeholder("primary model account id"))} },`,
        `    standby: { endpoint: ${endpoint(standbyAccount)}, accountId: ${q(idOf(standbyAccount) ?? placeholder("standby model account id"))} },`,
        `  },`,
        `  publisherEmail: ${q(str(r.props.publisherEmail) ?? placeholder("publisher e-mail"))},`,
        `  callers: {`,
        `    tenantId: ${q(placeholder("tenant GUID"))},`,
        `    clientApplicationIds: [${q(placeholder("caller app's client id"))}],`,
        `    audiences: [${q(placeholder("your API's Application ID URI"))}],`,
        `  },`,
        `});`,
      ].join("\n");
    }
    case T.originGroup:
      return frontDoorFix(c, originsOf(stack.resources, r));
    case T.postgres: {
      const server = armName(r, "serverName");
      return [
        `// A read replica of ${server} in ${standby} keeps its data (createMode "Replica"):`,
        `import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";`,
        `new dbforpostgresql.Server(${q(`${r.name}-replica`)}, {`,
        `  resourceGroupName: ${q(groupIn(stack, standby) ?? rg ?? placeholder("standby group"))},`,
        `  serverName: ${q(`${server}-${lookupRegion(standby)?.code ?? "standby"}`)},`,
        `  location: ${q(standby)},`,
        `  createMode: "Replica",`,
        `  sourceServerResourceId: ${q(idOf(r) ?? placeholder(`${server}'s id`))},`,
        `});`,
        ``,
        `// Or a new server built for failover, replica and promotion included (PostgresStandby; see its README section):`,
        `import { PostgresStandby, privateEndpointsIn } from "azure-ai-failover";`,
        `const ${camel(r.name)}Database = new PostgresStandby(${q(r.name)}, {`,
        `  ${regions}`,
        `  resourceGroups: { primary: ${q(rg ?? placeholder("primary group"))}, standby: ${q(groupIn(stack, standby) ?? placeholder("standby group"))} },`,
        `  // A subnet per region and the privatelink.postgres.database.azure.com zone (MirroredNetwork builds both).`,
        `  privateEndpoints: privateEndpointsIn(network.descriptor, "endpoints"),`,
        `  administrators: [{ objectId: ${q(placeholder("Entra group object id"))}, principalName: ${q(placeholder("group name"))}, principalType: "group" }],`,
        `});`,
      ].join("\n");
    }
    case T.storage:
      return [
        `// On ${armName(r, "accountName")}: geo-redundant (the secondary is the paired region${lookupRegion(region)?.pairedRegion ? `, ${lookupRegion(region)?.pairedRegion}` : ""};`,
        `// https://learn.microsoft.com/rest/api/storagerp/srp_sku_types).`,
        `sku: { name: ${q(regionHasZones(region) ? "Standard_GZRS" : "Standard_GRS")} },`,
      ].join("\n");
    case T.cosmos:
      return [
        `// On ${armName(r, "accountName")}: a second region, and service-managed failover.`,
        `locations: [`,
        `  { locationName: ${q(region)}, failoverPriority: 0${regionHasZones(region) ? ", isZoneRedundant: true" : ""} },`,
        `  { locationName: ${q(standby)}, failoverPriority: 1 },`,
        `],`,
        `enableAutomaticFailover: true,`,
      ].join("\n");
    default:
      return [
        `// Run a second ${kinds[r.type] ?? r.type} in ${standby} (the same definition, location ${q(standby)}), then let`,
        `// Front Door fail over between the two:`,
        frontDoorFix(c, []),
      ].join("\n");
  }
}

function frontDoorFix(c: FixContext, origins: CheckedResource[]): string {
  const { stack, r, region, standby } = c;
  const profile = r.type === T.originGroup ? stack.profileOf(r) : undefined;
  const existing = origins
    .map((o) => ({ host: str(o.props.hostName), region: stack.originRegion(o) ?? region }))
    .filter((o) => o.host);
  const host = existing[0]?.host ?? hostsOf(r)[0] ?? placeholder(`${r.name}'s host name`);
  const probePath = str(at(r.props, "healthProbeSettings.probePath"));
  return [
    `import { FrontDoorFailover } from "azure-ai-failover";`,
    ``,
    `const frontDoor = new FrontDoorFailover(${q(profile?.name ?? r.name)}, {`,
    `  resourceGroupName: ${q((profile && resourceGroupOf(profile)) ?? groupIn(stack, standby) ?? resourceGroupOf(r) ?? placeholder("group"))},`,
    `  origins: [`,
    `    { name: ${q(existing[0]?.region ?? region)}, hostName: ${q(host)}, region: ${q(existing[0]?.region ?? region)} },`,
    `    { name: ${q(standby)}, hostName: ${q(placeholder(`the copy's host name in ${standby}`))}, region: ${q(standby)} },`,
    `  ],`,
    ...(probePath ? [`  probePath: ${q(probePath)},`] : []),
    `});`,
  ].join("\n");
}

function failoverFix(c: FixContext, copyMissing: boolean): string {
  const { stack, r, region, standby, copy } = c;
  const v = camel(r.name);
  const lines: string[] = [];
  switch (r.type) {
    case T.vm: {
      const vault = copy.ids[0];
      const plan = stack
        .of(T.recoveryPlan)
        .find(
          (p) =>
            lower(JSON.stringify(p.props)).includes(lower(idOf(r) ?? "\u0000")) ||
            p.dependencies.includes(r.urn),
        );
      lines.push(
        copyMissing
          ? `  recovery: { vaultId: ${v}Recovery.vaultId, recoveryPlanId: ${v}Recovery.recoveryPlanId },`
          : `  recovery: { vaultId: ${q(vault ?? placeholder("vault id"))}, recoveryPlanId: ${q(idOf(plan) ?? placeholder("a recovery plan holding the VM (SiteRecovery.recoveryPlanId)"))} },`,
      );
      break;
    }
    case T.account:
    case T.deployment: {
      const standbyAccount = copy.resources.map((x) =>
        x.type === T.account ? x : accountOf(x, stack.resources),
      )[0];
      const deps =
        r.type === T.deployment ? copy.resources : standbyAccount ? deploymentsOf(stack, standbyAccount) : [];
      lines.push(
        copyMissing
          ? `  models: { standbyAccountId: models.standby.accountId, standbyDeployments: [/* models.standby.deploymentIds.<name>, capacity */] },`
          : `  models: {\n    standbyAccountId: ${q(idOf(standbyAccount) ?? placeholder("standby account id"))},\n    standbyDeployments: [\n${deps.map((d) => `      { id: ${q(idOf(d) ?? placeholder("deployment id"))}, capacity: ${Number(at(d.props, "sku.capacity") ?? 1)} },`).join("\n")}\n    ],\n  },`,
      );
      break;
    }
    case T.apim:
      lines.push(
        copyMissing
          ? `  gateway: { standbyServiceId: gateway.standby.serviceId, capacity: 2 },`
          : `  gateway: { standbyServiceId: ${q(idOf(copy.resources[0]) ?? placeholder("standby gateway id"))}, capacity: ${Number(at(copy.resources[0]?.props, "sku.capacity") ?? 1)} },`,
      );
      break;
    case T.originGroup:
      return [
        `// On the origin group ${r.name}: probe every origin, so Front Door stops sending to a dead one.`,
        `healthProbeSettings: { probePath: "/", probeProtocol: "Https", probeRequestType: "GET", probeIntervalInSeconds: 10 },`,
      ].join("\n");
    case T.postgres: {
      // FailoverAutomation promotes the replica (switchover with a virtual endpoint, standalone without one).
      const replica = copy.resources[0];
      lines.push(
        copyMissing
          ? `  databases: { ${q(v)}: ${v}Database.failover },`
          : [
              `  databases: {`,
              `    ${q(v)}: {`,
              `      primaryServerId: ${q(idOf(r) ?? placeholder(`${r.name}'s id`))},`,
              `      replicaServerId: ${q(idOf(replica) ?? placeholder("the replica's id"))},`,
              `      // With a read-write virtual endpoint on the primary, the replica is promoted to primary (switchover).`,
              `      virtualEndpointId: ${q(placeholder("the virtual endpoint's id, if any"))},`,
              `    },`,
              `  },`,
            ].join("\n"),
      );
      break;
    }
    case T.cosmos:
      return `// On ${armName(r, "accountName")}: let Cosmos DB fail the write region over.\nenableAutomaticFailover: true,`;
    case T.storage: {
      // POST .../storageAccounts/{name}/failover (https://learn.microsoft.com/rest/api/storagerp/storageaccounts/failover);
      // az storage account failover (https://learn.microsoft.com/cli/azure/storage/account#az-storage-account-failover).
      const account = armName(r, "accountName");
      const group = resourceGroupOf(r) ?? placeholder("resource group");
      return [
        `// ${account}'s copy in ${standby} takes writes only after a customer-managed account failover, which no component of`,
        `// this library starts (https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover).`,
        `// Put it in your failover runbook (its identity then needs Microsoft.Storage/storageAccounts/failover/action on`,
        `// the account) or in the procedure the person on call follows:`,
        `//   az storage account failover --name ${account} --resource-group ${group}`,
        `// An unplanned failover loses the writes after the account's last sync time and leaves it LRS: make it`,
        `// geo-redundant again afterwards (https://learn.microsoft.com/rest/api/storagerp/storageaccounts/failover).`,
      ].join("\n");
    }
    default:
      return [
        `// Put ${r.name} and its copy behind one Front Door origin group: its probes fail over.`,
        frontDoorFix(c, []),
      ].join("\n");
  }
  const existing = c.accounts.find((a) => a.wokenFor.size > 0);
  return [
    `import { FailoverAutomation } from "azure-ai-failover";`,
    ``,
    existing
      ? `// ${existing.name} already answers Service Health; add this part to the FailoverAutomation that created it, or:`
      : `// A Service Health incident in ${region} starts the failover runbook, which acts on ${r.name}'s copy.`,
    `const automation = new FailoverAutomation(${q(`${r.name}-failover`)}, {`,
    `  regions: { primary: ${q(region)}, standby: ${q(standby)} },`,
    ...lines,
    `  alertEmails: [${q(placeholder("on-call e-mail"))}],`,
    `});`,
  ].join("\n");
}

function drillFix(c: FixContext, failover: Aspect & { account?: AutomationAccount }): string {
  // The account that fails it over, else one whose identity may act on it (Front Door's probes fail an origin group
  // over, yet the runbook's drill may still exercise it).
  const targets = failoverTargets(c.stack, c.r, c.copy);
  const account = failover.account ?? c.accounts.find((a) => grantedOn(a, targets).length > 0);
  const runbook = account
    ? c.stack.of(T.runbook).find(
        (rb) =>
          lower(rb.props.automationAccountName) === lower(account.name) &&
          /drill$/i.test(String(rb.props.runbookName ?? rb.props.name ?? rb.name)) &&
          // the token-overload drill (started by hand) exercises the gateway's model pool, not a failover
          !/overload-drill$/i.test(String(rb.props.runbookName ?? rb.props.name ?? rb.name)),
      )
    : undefined;
  const rbName = runbook ? String(runbook.props.runbookName ?? runbook.props.name ?? armName(runbook)) : "";
  if (!([T.vm, T.account, T.deployment] as string[]).includes(c.r.type))
    // FailoverAutomation's drill exercises the recovery plan's VMs and the standby models only (worker.py run_drill).
    return [
      `// No drill of this library exercises ${c.r.name}: its scheduled drill${rbName ? ` (${rbName})` : ""} runs a test failover of the`,
      `// recovery plan's VMs and probes the standby models from the drill network, nothing else. Prove its`,
      `// failover yourself, on a schedule: a planned failover and failback in a maintenance window, or a Chaos Studio`,
      `// experiment with a fault action on it where Chaos Studio has a target for its kind`,
      `// (https://learn.microsoft.com/azure/chaos-studio/chaos-studio-fault-providers).`,
    ].join("\n");
  if (account && runbook && account.drillSchedules.some((d) => lower(d.runbook) === lower(rbName)))
    return c.r.type === T.vm
      ? [
          `// ${rbName} is scheduled but does not exercise ${c.r.name}: its test failover runs the recovery plan in its`,
          `// configuration. Put ${c.r.name} in that plan (SiteRecovery's virtualMachines), or give FailoverAutomation`,
          `// recovery.recoveryPlanId the plan that holds it.`,
        ].join("\n")
      : [
          `// ${rbName} is scheduled but does not probe ${c.r.name}'s standby models: add the standby account's host name`,
          `// (<account>.openai.azure.com, with a private endpoint in the drill VNet) to FailoverAutomation's drills.modelHosts.`,
        ].join("\n");
  if (!account || !runbook)
    return [
      `// ${c.r.name} has no runbook drill to schedule: FailoverAutomation (see the failover fix) brings a drill runbook`,
      `// (isolated test failover of the recovery plan, standby models checked); schedule it as below once it exists.`,
      `// Where no runbook covers it, a Chaos Studio experiment targeting ${c.r.name} is its drill.`,
    ].join("\n");
  const group = resourceGroupOf(account.resource) ?? placeholder("Automation account's group");
  const scheduleName = `${rbName}-monthly`;
  return [
    `import * as automation from "@pulumi/azure-native/automation";`,
    ``,
    `// Runs ${rbName} once a month (a Schedule runs nothing until a JobSchedule links it to a runbook:`,
    `// https://learn.microsoft.com/rest/api/automation/jobschedule/create).`,
    `const drillSchedule = new automation.Schedule(${q(scheduleName)}, {`,
    `  resourceGroupName: ${q(group)},`,
    `  automationAccountName: ${q(account.name)},`,
    `  name: ${q(scheduleName)},`,
    `  frequency: "Month",`,
    `  interval: 1,`,
    `  startTime: ${q(placeholder("first run, ISO 8601 in UTC"))},`,
    `});`,
    `new automation.JobSchedule(${q(scheduleName)}, {`,
    `  resourceGroupName: ${q(group)},`,
    `  automationAccountName: ${q(account.name)},`,
    `  runbook: { name: ${q(rbName)} },`,
    `  schedule: { name: drillSchedule.name },`,
    `});`,
  ].join("\n");
}

function zonesFix(c: FixContext): string {
  const { r } = c;
  switch (r.type) {
    case T.postgres: {
      const server = armName(r, "serverName");
      const mode = String(at(r.props, "highAvailability.mode") ?? "Disabled");
      // "You can enable high availability during server creation or at a later time"; a server whose standby is in
      // the same zone moves to zone-redundant HA "using PITR or read replicas", i.e. a new server
      // (https://learn.microsoft.com/azure/reliability/reliability-database-postgresql).
      const when =
        mode === "SameZone"
          ? [
              `// Its HA mode was chosen when HA was set up: Microsoft moves a same-zone server to zone-redundant HA through a`,
              `// point-in-time restore or a read replica, i.e. a new server (https://learn.microsoft.com/azure/reliability/reliability-database-postgresql).`,
            ]
          : [
              `// HA can be enabled on an existing server, in General Purpose or Memory Optimized only`,
              `// (https://learn.microsoft.com/azure/reliability/reliability-database-postgresql).`,
            ];
      const component = builtBy(r);
      if (component?.type === "azure-ai-failover:database:PostgresStandby")
        return component.within === "azure-ai-failover:platform:WarmStandbyAiPlatform"
          ? [
              `// On the WarmStandbyAiPlatform whose PostgresStandby "${component.name}" builds ${server}:`,
              ...when,
              `database: { highAvailability: "ZoneRedundant" },`,
            ].join("\n")
          : [
              `// On the PostgresStandby "${component.name}" that builds ${server}:`,
              ...when,
              `highAvailability: "ZoneRedundant",`,
            ].join("\n");
      return [`// On ${server}:`, ...when, `highAvailability: { mode: "ZoneRedundant" },`].join("\n");
    }
    case T.storage: {
      const geo = /GRS$|GZRS$/.test(String(at(r.props, "sku.name")));
      return `// On ${armName(r, "accountName")}:\nsku: { name: ${q(geo ? "Standard_GZRS" : "Standard_ZRS")} },`;
    }
    case T.apim:
      return `// On ${armName(r, "serviceName")} (Premium):\nzones: ["1", "2", "3"],`;
    case T.cosmos:
      return `// On ${armName(r, "accountName")} (set at creation): isZoneRedundant: true on the ${c.region} location.`;
    case T.webApp:
      return `// On its App Service plan: zoneRedundant: true (at least 3 instances).`;
    case T.aks:
      return `// On every node pool of ${armName(r)}:\navailabilityZones: ["1", "2", "3"],`;
    case T.containerApp:
      return `// On its Container Apps environment (set at creation, with an infrastructure subnet):\nzoneRedundant: true,`;
    case T.vmss:
      return `// On ${armName(r)}:\nzones: ["1", "2", "3"],`;
    case T.vm:
      return [
        `// ${armName(r, "vmName")} runs in one zone; losing it stops the VM until the region fails over. Azure counts a VM as`,
        `// zone-resilient with Site Recovery zone-to-zone replication, a zone-redundant (ZRS) disk, or a scale set across`,
        `// zones (https://learn.microsoft.com/azure/resiliency/goals-recommendations-support-matrix), e.g. as a scale set:`,
        `// zones: ["1", "2", "3"] on a VirtualMachineScaleSet.`,
      ].join("\n");
    default:
      return `// ${r.name}: spread it across the region's zones.`;
  }
}

// ---------------------------------------------------------------------------------------------------------------

const weights: Record<GapAspect, number> = { copy: 8, failover: 4, drill: 2, zones: 1 };

/** The assessment of a stack's resources. */
export function assess(resources: readonly CheckedResource[], options: AssessOptions = {}): Assessment {
  // The policies' resource model: current type tokens (v2 programs, versioned modules), the default region.
  const stack = new Stack(normalizeResources(resources, { defaultLocation: options.defaultLocation }));
  const accounts = automationAccounts(stack);
  const drills = drillFinder(stack, accounts);
  const notes: string[] = [];

  // Site Recovery's cache accounts serve replication, not a workload
  // (vmManagedDisks[].primaryStagingAzureStorageAccountId, A2AVmManagedDiskInputDetails in the spec).
  const caches = new Set(
    stack
      .of(T.protectedItem)
      .flatMap((i) => list(at(i.props, "properties.providerSpecificDetails.vmManagedDisks")))
      .map((d) => lower(at(d, "primaryStagingAzureStorageAccountId")))
      .filter((id) => id !== ""),
  );
  // Nor are the accounts VNet flow logs write to (a flow log's storageId): they hold the network's logs, kept in
  // the VNet's region as Network Watcher requires (https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview).
  for (const flowLog of stack.of("azure-native:network:FlowLog")) {
    const id = lower(at(flowLog.props, "storageId"));
    if (id !== "") caches.add(id);
  }
  const candidates = stack
    .of(...Object.keys(kinds))
    .filter((r) => !(r.type === T.storage && caches.has(lower(idOf(r)))));
  const ordered = [
    ...candidates.filter((r) => !stack.standbySide(r)),
    ...candidates.filter((r) => stack.standbySide(r)),
  ];
  const copies = new Set<CheckedResource>();
  const workloads: AssessedWorkload[] = [];
  for (const r of ordered) {
    if (copies.has(r)) continue;
    const region = r.type === T.originGroup ? "global" : stack.region(r);
    if (region !== "global" && stack.standbySide(r)) continue;
    if (!region) {
      notes.push(`${r.name} (${r.type}) has no location, itself or through its group: not assessed.`);
      continue;
    }
    const copy = copiesOf(stack, r, region);
    copy.resources.forEach((x) => copies.add(x));
    const tierOne = stack.tierOne(r);
    const zones = zonesOf(stack, r, region === "global" ? undefined : region);
    const failover = failoverOf(stack, r, region, copy, accounts);
    const covering = drills.cover(r, copy);
    const drill: Aspect =
      r.type === T.storage
        ? { status: "n/a", detail: "a storage account failover drill is not detected offline" }
        : covering.length > 0
          ? { status: "yes", detail: covering.join("; ") }
          : {
              status: "no",
              detail:
                drills.drills.length > 0
                  ? `not exercised by the drills found (${drills.drills.map((d) => d.name).join(", ")})`
                  : "no scheduled drill runbook, Chaos Studio experiment or Resiliency drill covers it",
            };
    const copyAspect = {
      status: copy.regions.length > 0 ? "yes" : "no",
      detail: copy.detail,
      regions: copy.regions,
    } as const;
    // A global origin group's home is where its (first) origin runs.
    const home =
      region === "global"
        ? (originsOf(stack.resources, r)
            .map((o) => stack.originRegion(o))
            .find((x) => x !== undefined) ?? "")
        : region;
    const standby = standbyRegion(stack, r, home, copy);
    const context: FixContext = { stack, r, region: home || region, standby, copy, accounts };
    const gaps: Gap[] = [];
    const gap = (aspect: GapAspect, problem: string, fix: string) =>
      gaps.push({ workload: r.name, urn: r.urn, tierOne, aspect, problem, fix });
    if (copyAspect.status === "no")
      gap(
        "copy",
        `no copy in a second region: ${copy.detail}; a regional outage stops it.`,
        copyFix(context),
      );
    if (failover.status === "no")
      gap(
        "failover",
        copyAspect.status === "no"
          ? "nothing fails it over (once it has a copy, automation must move to it)."
          : `its copy waits for a person: ${failover.detail}.`,
        failoverFix(context, copyAspect.status === "no"),
      );
    if (drill.status === "no")
      gap("drill", `no drill proves its failover works: ${drill.detail}.`, drillFix(context, failover));
    if (zones.status === "no")
      gap("zones", `not zone-redundant (${zones.detail}): losing one zone stops it.`, zonesFix(context));
    const isProtected = copyAspect.status === "yes" && failover.status !== "no";
    workloads.push({
      urn: r.urn,
      name: r.name,
      type: r.type,
      kind: kinds[r.type],
      tierOne,
      region,
      zones,
      copy: copyAspect,
      failover: { status: failover.status, detail: failover.detail },
      drill,
      protected: isProtected,
      risk: (tierOne ? 100 : 0) + gaps.reduce((sum, g) => sum + weights[g.aspect], 0),
      gaps,
    });
  }
  workloads.sort((a, b) => b.risk - a.risk || a.name.localeCompare(b.name));
  const gaps = workloads
    .flatMap((w) => w.gaps.map((g) => ({ g, risk: w.risk })))
    .sort(
      (a, b) =>
        b.risk - a.risk ||
        weights[b.g.aspect] - weights[a.g.aspect] ||
        a.g.workload.localeCompare(b.g.workload),
    )
    .map((x) => x.g);
  for (const account of accounts)
    for (const s of stack
      .of(T.schedule)
      .filter((x) => lower(x.props.automationAccountName) === lower(account.name)))
      if (
        !stack
          .of(T.jobSchedule)
          .some((j) =>
            [s.props.scheduleName, s.props.name, s.name]
              .map(lower)
              .includes(lower(at(j.props, "schedule.name"))),
          )
      )
        notes.push(
          `schedule ${s.name} in ${account.name} is linked to no runbook (no JobSchedule): it runs nothing.`,
        );
  const tier = workloads.filter((w) => w.tierOne);
  const unprotected = tier.filter((w) => !w.protected).map((w) => w.name);
  return {
    project: options.project,
    stack: options.stack,
    source: options.source ?? "stack",
    summary: {
      workloads: workloads.length,
      tierOne: tier.length,
      tierOneProtected: tier.length - unprotected.length,
      tierOneUnprotected: unprotected,
      gaps: gaps.length,
      tierOneGaps: gaps.filter((g) => g.tierOne).length,
      allTierOneProtected: unprotected.length === 0,
    },
    workloads,
    gaps,
    drills: drills.drills.map(({ kind, name, detail, covers }) => ({ kind, name, detail, covers })),
    notes,
  };
}

/** 3 when a tier-1 workload is unprotected, else 0. */
export const assessExitCode = (assessment: Assessment): 0 | 3 =>
  assessment.summary.allTierOneProtected ? 0 : 3;

// ---------------------------------------------------------------------------------------------------------------
// Output.

function verdict(a: Assessment): string {
  const s = a.summary;
  if (s.tierOne === 0)
    return "No workload is tagged tier 1 (tier: 1 or criticality: critical), so none is judged as one.";
  return s.allTierOneProtected
    ? `Yes: all ${s.tierOne} tier-1 workload(s) have a copy in a second region that fails over without a person.`
    : `No: ${s.tierOneUnprotected.length} of ${s.tierOne} tier-1 workload(s) unprotected (${s.tierOneUnprotected.join(", ")}).`;
}

const title = (a: Assessment) =>
  `${a.project ?? "stack"}${a.stack ? ` (stack ${a.stack})` : ""}, from ${a.source}`;
const mark = (s: AspectStatus) => (s === "yes" ? "yes" : s === "no" ? "NO " : "n/a");
const markCell = (s: AspectStatus) => mark(s).trim();

/** The assessment for a terminal. */
export function renderAssessmentText(a: Assessment): string {
  const lines = [
    `Assessment of ${title(a)}`,
    `Are all tier-1 workloads protected in a second region? ${verdict(a)}`,
    "",
  ];
  lines.push(`Workloads (${a.workloads.length}, riskiest first)`);
  for (const w of a.workloads) {
    lines.push(
      `  ${w.tierOne ? "[tier 1] " : ""}${w.name}  ${w.kind}  ${w.region}${w.protected ? "" : "  UNPROTECTED"}`,
    );
    lines.push(`      copy      ${mark(w.copy.status)}  ${w.copy.detail}`);
    lines.push(`      failover  ${mark(w.failover.status)}  ${w.failover.detail}`);
    lines.push(`      drill     ${mark(w.drill.status)}  ${w.drill.detail}`);
    lines.push(`      zones     ${mark(w.zones.status)}  ${w.zones.detail}`);
  }
  lines.push("", a.gaps.length ? `Gaps (${a.gaps.length}, riskiest first)` : "Gaps: none");
  a.gaps.forEach((g, i) => {
    lines.push(`  ${i + 1}. ${g.tierOne ? "[tier 1] " : ""}${g.workload} (${g.aspect}): ${g.problem}`);
    const same = a.gaps.findIndex((x) => x.fix === g.fix);
    if (same < i) {
      lines.push(`     fix: the same as gap ${same + 1}`);
      return;
    }
    lines.push("     fix:");
    for (const line of g.fix.split("\n")) lines.push(line ? `       ${line}` : "");
  });
  lines.push("", a.drills.length ? "Drills found" : "Drills found: none");
  for (const d of a.drills)
    lines.push(
      `  ${d.name}: ${d.detail}; covers ${d.covers.length ? d.covers.join(", ") : "no assessed workload"}`,
    );
  if (a.notes.length) lines.push("", "Notes", ...a.notes.map((n) => `  ${n}`));
  return lines.join("\n");
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The assessment as Markdown, for a pull request. */
export function renderAssessmentMarkdown(a: Assessment): string {
  const lines = [
    `## Failover readiness: ${title(a)}`,
    "",
    `**Are all tier-1 workloads protected in a second region?** ${verdict(a)}`,
    "",
    "| tier | workload | kind | region | copy in a second region | failover | drill | zones |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const w of a.workloads)
    lines.push(
      `| ${w.tierOne ? "**1**" : ""} | \`${w.name}\` | ${w.kind} | ${w.region} | ${markCell(w.copy.status)}: ${cell(w.copy.detail)} | ${markCell(w.failover.status)}: ${cell(w.failover.detail)} | ${markCell(w.drill.status)} | ${markCell(w.zones.status)}: ${cell(w.zones.detail)} |`,
    );
  lines.push("", a.gaps.length ? `### Gaps, riskiest first (${a.gaps.length})` : "### Gaps: none", "");
  a.gaps.forEach((g, i) => {
    lines.push(
      `${i + 1}. ${g.tierOne ? "**tier 1** " : ""}\`${g.workload}\` (${g.aspect}): ${g.problem}`,
      "",
    );
    const same = a.gaps.findIndex((x) => x.fix === g.fix);
    if (same < i) {
      lines.push(`   Fix: the same as ${same + 1}.`, "");
      return;
    }
    lines.push("   ```ts");
    for (const line of g.fix.split("\n")) lines.push(line ? `   ${line}` : "");
    lines.push("   ```", "");
  });
  lines.push("### Drills found", "");
  if (a.drills.length === 0) lines.push("None.");
  for (const d of a.drills)
    lines.push(
      `- \`${d.name}\`: ${d.detail}; covers ${d.covers.length ? d.covers.map((c) => `\`${c}\``).join(", ") : "no assessed workload"}`,
    );
  if (a.notes.length) lines.push("", "### Notes", "", ...a.notes.map((n) => `- ${n}`));
  return lines.join("\n");
}
