import * as http from "http";
import { AddressInfo } from "net";

/**
 * A fake of the parts of Azure the runbooks call, on 127.0.0.1: Azure Resource Manager (answers shaped like the REST
 * API specs' example files, linked at each answer), the managed-identity endpoint, Blob Storage (leases, Put Blob)
 * and the Azure Monitor custom-metrics endpoint. It keeps state, runs long-running operations and Site Recovery jobs
 * through their documented polling contracts, and enforces role-based access control: every request is mapped to
 * the action Azure checks (its operation name) and allowed only when a role assignment of the plan grants it at a
 * scope above the request's path.
 */

/** One request the runbook made, as the fake saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

interface Canned {
  /** 0 drops the connection without answering. */
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A response body sent as it is (Blob Storage's XML errors), not as JSON. */
class Raw {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

/**
 * A Blob Storage error: XML `<Error><Code/><Message/></Error>` with the code also in `x-ms-error-code` (versions from
 * 2017-07-29). https://learn.microsoft.com/rest/api/storageservices/status-and-error-codes2
 */
function storageError(send: Send, status: number, code: string, message: string): void {
  send(
    status,
    new Raw(
      // Blob Storage starts its XML with a UTF-8 byte order mark (Azure/Azurite#2603).
      `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:00000000-0000-0000-0000-000000000000\nTime:2026-12-02T00:00:00.0000000Z</Message></Error>`,
      "application/xml",
    ),
    { "x-ms-error-code": code },
  );
}

type Json = Record<string, unknown>;
type State = Json & { properties?: Json; sku?: Json };

/** A role assignment with its role's permissions resolved: what the identity may do at `scope` and below. */
export interface Grant {
  scope: string;
  role: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** The subscription the mocks deploy into, so ids the plan derives match the fake's. */
export const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const rgCentral = `${sub}/resourceGroups/rg-central`;
const rgEast = `${sub}/resourceGroups/rg-east`;
const vault = `${rgCentral}/providers/Microsoft.RecoveryServices/vaults/agents-vault`;
const primaryContainer = `${vault}/replicationFabrics/agents-fabric-eus2/replicationProtectionContainers/agents-container-eus2`;
export const ids = {
  rgCentral,
  rgEast,
  profile: `${rgCentral}/providers/Microsoft.Cdn/profiles/agents-fd`,
  originGroup: `${rgCentral}/providers/Microsoft.Cdn/profiles/agents-fd/originGroups/agents-fd-origins`,
  primaryOrigin: `${rgCentral}/providers/Microsoft.Cdn/profiles/agents-fd/originGroups/agents-fd-origins/origins/eastus2`,
  standbyOrigin: `${rgCentral}/providers/Microsoft.Cdn/profiles/agents-fd/originGroups/agents-fd-origins/origins/centralus`,
  standbyAccount: `${rgCentral}/providers/Microsoft.CognitiveServices/accounts/oai-cus`,
  chat: `${rgCentral}/providers/Microsoft.CognitiveServices/accounts/oai-cus/deployments/chat`,
  gateway: `${rgCentral}/providers/Microsoft.ApiManagement/service/agents-cus`,
  vault,
  plan: `${vault}/replicationRecoveryPlans/agents-plan`,
  policy: `${vault}/replicationPolicies/agents-policy`,
  primaryContainer,
  standbyContainer: `${vault}/replicationFabrics/agents-fabric-cus/replicationProtectionContainers/agents-container-cus`,
  item: `${primaryContainer}/replicationProtectedItems/app-1`,
  itemInStandby: `${vault}/replicationFabrics/agents-fabric-cus/replicationProtectionContainers/agents-container-cus/replicationProtectedItems/app-1`,
  primaryCache: `${rgEast}/providers/Microsoft.Storage/storageAccounts/agentscacheabc123`,
  reverseCache: `${rgCentral}/providers/Microsoft.Storage/storageAccounts/agentsrcacheabc123`,
  drillNetwork: `${rgCentral}/providers/Microsoft.Network/virtualNetworks/agents-vnet-drill-cus`,
  primaryNetwork: `${rgEast}/providers/Microsoft.Network/virtualNetworks/agents-vnet-eus2`,
  standbyNetwork: `${rgCentral}/providers/Microsoft.Network/virtualNetworks/agents-vnet-cus`,
  vmPrimary: `${rgEast}/providers/Microsoft.Compute/virtualMachines/app-1`,
  vmStandby: `${rgCentral}/providers/Microsoft.Compute/virtualMachines/app-1`,
  pgPrimary: `${rgEast}/providers/Microsoft.DBforPostgreSQL/flexibleServers/agents-pg-eus2`,
  pgReplica: `${rgCentral}/providers/Microsoft.DBforPostgreSQL/flexibleServers/agents-pg-cus`,
  /** The test failover VM of app-1 in the recovery group (Site Recovery names it with a -test suffix). */
  vmTest: `${rgCentral}/providers/Microsoft.Compute/virtualMachines/app-1-test`,
  primaryGateway: `${rgEast}/providers/Microsoft.ApiManagement/service/agents-eus2`,
  pool: `${rgEast}/providers/Microsoft.ApiManagement/service/agents-eus2/backends/pool-models`,
  primaryBackend: `${rgEast}/providers/Microsoft.ApiManagement/service/agents-eus2/backends/models-eus2`,
  standbyBackend: `${rgEast}/providers/Microsoft.ApiManagement/service/agents-eus2/backends/models-cus`,
};
/** Host names of the standby model account the drill probes from inside the drill network. */
export const modelHosts = { standby: "oai-cus.openai.azure.com" };
export const hosts = { primary: "agents-eus2.azure-api.net", standby: "agents-cus.azure-api.net" };

/**
 * A Service Health event as Events - List By Subscription Id answers it: the shape of the spec's example
 * (specification/resourcehealth/resource-manager/Microsoft.ResourceHealth/ResourceHealth/examples/2025-05-01/Events_ListBySubscriptionId.json),
 * with the fields a test varies.
 */
export function serviceIssue(over: {
  trackingId?: string;
  service?: string;
  region?: string;
  level?: string;
  status?: string;
  eventType?: string;
  regionStatus?: string;
}): Json {
  const trackingId = over.trackingId ?? "BC_1-FXZ";
  const service = over.service ?? "Azure OpenAI Service";
  const region = over.region ?? "East US 2";
  return {
    name: trackingId,
    type: "/providers/Microsoft.ResourceHealth/events",
    id: `/providers/Microsoft.ResourceHealth/events/${trackingId}`,
    properties: {
      eventType: over.eventType ?? "ServiceIssue",
      eventSource: "ResourceHealth",
      status: over.status ?? "Active",
      title: `ACTIVE: ${service} in ${region}`,
      summary: "An outage alert is being investigated. More information will be provided as it is known.",
      header: "Your service might have been impacted by an Azure service issue",
      level: over.level === "Critical" ? "Critical" : "Warning",
      eventLevel: over.level ?? "Warning",
      isHIR: false,
      priority: 2,
      impactStartTime: "2026-12-01T02:45:48.1203530Z",
      lastUpdateTime: "2026-12-01T03:43:48.1203530Z",
      impact: [
        {
          impactedService: service,
          impactedServiceGuid: "00000000-0000-0000-0000-0000000000ff",
          impactedRegions: [
            {
              impactedRegion: region,
              status: over.regionStatus ?? "Active",
              impactedSubscriptions: ["00000000-0000-0000-0000-000000000001"],
              impactedTenants: [],
              lastUpdateTime: "2026-12-01T03:43:48.1203530Z",
              updates: [],
            },
          ],
        },
      ],
    },
  };
}

/**
 * The Site Recovery state of the plan and its one protected item (A2A). An item sits in the container of the side it
 * replicates from (switch protection moves it: Az PowerShell addresses it by its new container afterwards), its
 * activeLocation is "Primary" while the VM runs on that side and "Recovery" after a failover, and
 * A2AReplicationDetails.recoveryAzureVMName/ResourceGroupId name the VM on the other side, the one Az PowerShell's
 * reprotect reads after a failover. Microsoft publishes no A2A example of these states: this is the model the
 * worker is written against, and the README's known limits say so.
 */
export interface RecoveryState {
  planAllowed: string[];
  itemAllowed: string[];
  /** Where the item replicates from (its container). */
  side: "primary" | "standby";
  activeLocation: "Primary" | "Recovery";
}
const protectedState: RecoveryState = {
  planAllowed: ["UnplannedFailover", "TestFailover"],
  itemAllowed: ["UnplannedFailover", "TestFailover", "DisableProtection"],
  side: "primary",
  activeLocation: "Primary",
};
const sideIds = {
  primary: { item: ids.item, group: rgEast, vm: ids.vmPrimary },
  standby: { item: ids.itemInStandby, group: rgCentral, vm: ids.vmStandby },
};

interface Operation {
  left: number;
  outcome: "Succeeded" | "Failed";
  apply: () => void;
}

interface ResourceOperation extends Operation {
  resource: string;
  failed: () => void;
}

interface Job extends Operation {
  id: string;
  /** What Azure's state becomes when the job fails. */
  onFail: () => void;
  scenario: string;
  /** The state the job ends in when it succeeds: a test failover waits for its cleanup in Suspended. */
  endState: string;
  done: boolean;
}

export class FakeAzure {
  readonly requests: SeenRequest[] = [];
  readonly resources = new Map<string, State>();
  /** Active Service Health events of the subscription. */
  events: Json[] = [];
  /** Events per page: more than this many come back with a nextLink. */
  eventsPageSize = 50;
  /** Front Door's OriginHealthPercentage per origin host name; undefined: no data points yet. */
  originHealth: Record<string, number | undefined> = {};
  /** Polls a long-running operation or a job answers "in progress" before it ends. */
  pollsBeforeDone = 1;
  /** When set, every request is checked against these grants. */
  grants?: Grant[];
  /** Storage account ARM ids by account name, to map blob URLs to data-plane scopes. */
  readonly storageAccounts = new Map<string, string>();
  /** Actions (and data actions) Azure would have checked, with how often they were allowed. */
  readonly actionsUsed = new Map<string, number>();
  /** Requests refused for lack of a role, as `action at path`. */
  readonly denied: string[] = [];
  /** Custom metric points the runbooks published. */
  readonly metricPoints: Json[] = [];
  /** Blobs written (run records and the lock), by path. */
  readonly blobs = new Map<string, string>();
  private readonly faults: { match: (r: SeenRequest) => boolean; responses: Canned[] }[] = [];
  private readonly operations = new Map<string, ResourceOperation>();
  private readonly jobs = new Map<string, Job>();
  private readonly leases = new Map<
    string,
    { id: string; seconds: number; until: number; broken?: boolean }
  >();
  private lockRace = false;
  private acquireAnswersLost = 0;
  private failNext: ((r: SeenRequest) => boolean)[] = [];
  private recovery?: RecoveryState;
  /** The zone the item's replica fails over into (A2AReplicationDetails.recoveryAvailabilityZone). */
  private zoneOfRecovery = "1";
  private itemScenario?: Json;
  /** Whether Site Recovery's 202 carries a Location naming the job (Az PowerShell reads it; the examples show none). */
  siteRecoveryLocation = true;
  /** The job state a test failover ends in while it waits for cleanup. */
  testFailoverEndState = "Suspended";
  /** What the OriginHealthPercentage metric's Origin dimension carries: the host name or the origin's name. */
  originDimension: "host" | "name" = "host";
  /** How many minutes before now the latest health point is stamped (negative: in the past). */
  healthAgeMinutes = 0;
  /** Whether the item records the zones it was protected with (A2AReplicationDetails.initialPrimaryZone/initialRecoveryZone). */
  recordsInitialZones = false;
  /** Whether Site Recovery keeps the zone switch protection is given (Az PowerShell does not send one yet). */
  keepsReprotectZone = true;
  /** Whether a deployment still reads Succeeded with its old capacity right after an update is accepted. */
  deploymentLags = false;
  /** Whether activeLocation is re-based on the item's new container after switch protection (not documented). */
  rebasesActiveLocation = true;
  /** Whether the PostgreSQL primary's region is down: a Planned promotion then fails, a Forced one goes ahead. */
  postgresPrimaryDown = false;
  /** Whether the pair has a virtual endpoint (the replica in its reader): switchover needs one. */
  postgresVirtualEndpoint = true;
  /** Whether the test failover VM exists (created by a test failover, deleted by its cleanup). */
  testVmExists = false;
  /** The test VM's PowerState code once it exists. */
  testVmPowerState = "PowerState/running";
  /** What the drill probe prints per host from inside the drill network: the address and the HTTP status. */
  probe: Record<string, { ip: string; code: number }> = {};
  /** The probe's run command ends in this execution state. */
  probeState = "Succeeded";
  /** Gateway Requests per GatewayResponseCodeCategory, for the overload drill's checks. */
  gatewayRequests: Record<string, number> = {};
  /** The pool's ETag: every update changes it. */
  private poolEtag = 1;
  private server?: http.Server;
  private counter = 0;
  port = 0;

  constructor() {
    this.reset();
  }

  /** A warm standby on an ordinary day: both origins enabled, a small standby, the VM protected in the primary. */
  reset(): void {
    this.faults.length = 0;
    this.failNext = [];
    this.operations.clear();
    this.jobs.clear();
    this.resources.clear();
    this.blobs.clear();
    this.leases.clear();
    this.lockRace = false;
    this.acquireAnswersLost = 0;
    this.events = [];
    this.eventsPageSize = 50;
    this.denied.length = 0;
    this.metricPoints.length = 0;
    this.originHealth = { [hosts.primary]: 100, [hosts.standby]: 100 };
    this.recovery = undefined;
    this.itemScenario = undefined;
    this.siteRecoveryLocation = true;
    this.testFailoverEndState = "Suspended";
    this.originDimension = "host";
    this.healthAgeMinutes = 0;
    this.recordsInitialZones = false;
    this.keepsReprotectZone = true;
    this.deploymentLags = false;
    this.rebasesActiveLocation = true;
    this.postgresPrimaryDown = false;
    this.postgresVirtualEndpoint = true;
    this.zoneOfRecovery = "1";
    this.addPostgres();
    this.testVmExists = false;
    this.testVmPowerState = "PowerState/running";
    this.probe = { [modelHosts.standby]: { ip: "10.20.3.4", code: 401 } };
    this.probeState = "Succeeded";
    this.gatewayRequests = { "2XX": 240, "4XX": 3, "5XX": 0 };
    this.poolEtag = 1;
    // Backend_Get of a priority pool (specification/apimanagement/.../stable/2024-05-01/examples/ApiManagementCreateBackendWithPriorityBasedLoadBalancer.json,
    // the 200 answer): the primary gateway's pool, its own region's models first.
    this.resources.set(ids.pool, {
      id: ids.pool,
      type: "Microsoft.ApiManagement/service/backends",
      name: "pool-models",
      properties: {
        title: "models, eastus2 first, then centralus",
        type: "Pool",
        url: null,
        protocol: null,
        pool: {
          services: [
            { id: ids.primaryBackend, priority: 1 },
            { id: ids.standbyBackend, priority: 2 },
          ],
        },
      },
    });
    // AFDOrigins_Get/Update (specification/cdn/.../stable/2025-06-01/examples/AFDOrigins_Update.json).
    const origin = (id: string, hostName: string, priority: number): State => ({
      id,
      type: "Microsoft.Cdn/profiles/origingroups/origins",
      name: id.split("/").pop(),
      properties: {
        hostName,
        httpPort: 80,
        httpsPort: 443,
        originHostHeader: hostName,
        priority,
        weight: 1000,
        enabledState: "Enabled",
        provisioningState: "Succeeded",
        deploymentStatus: "NotStarted",
        originGroupName: "agents-fd-origins",
        enforceCertificateNameCheck: true,
      },
    });
    this.resources.set(ids.primaryOrigin, origin(ids.primaryOrigin, hosts.primary, 1));
    this.resources.set(ids.standbyOrigin, origin(ids.standbyOrigin, hosts.standby, 2));
    // Deployments_Get (specification/cognitiveservices/.../stable/2025-06-01/examples/GetDeployment.json).
    this.resources.set(ids.chat, {
      id: ids.chat,
      name: "chat",
      type: "Microsoft.CognitiveServices/accounts/deployments",
      sku: { name: "GlobalStandard", capacity: 50 },
      properties: {
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        versionUpgradeOption: "OnceCurrentVersionExpired",
        provisioningState: "Succeeded",
      },
    });
    // ApiManagementService_Get (specification/apimanagement/.../stable/2024-05-01/examples/ApiManagementServiceGetService.json).
    this.resources.set(ids.gateway, {
      id: ids.gateway,
      name: "agents-cus",
      type: "Microsoft.ApiManagement/service",
      sku: { name: "StandardV2", capacity: 1 },
      properties: { provisioningState: "Succeeded", targetProvisioningState: "" },
    });
    // ReplicationRecoveryPlans_Get (specification/recoveryservicessiterecovery/.../stable/2024-10-01/examples/ReplicationRecoveryPlans_Get.json),
    // with the A2A provider and one Boot group.
    this.resources.set(ids.plan, {
      id: ids.plan,
      name: "agents-plan",
      type: "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans",
      properties: {
        friendlyName: "agents-plan",
        failoverDeploymentModel: "ResourceManager",
        replicationProviders: ["A2A"],
        allowedOperations: [],
        currentScenario: {
          scenarioName: "None",
          jobId: `${vault}/replicationJobs/None`,
          startTime: "1753-01-01T01:01:01Z",
        },
        currentScenarioStatus: "Succeeded",
        currentScenarioStatusDescription: "Completed",
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
          { groupType: "Boot", replicationProtectedItems: [], startGroupActions: [], endGroupActions: [] },
        ],
      },
    });
    this.setRecovery(protectedState);
    // VirtualMachines_Get (specification/compute/.../ComputeRP/stable/2024-11-01/examples/virtualMachineExamples/VirtualMachine_Get.json).
    for (const [vm, group] of [
      [ids.vmPrimary, rgEast],
      [ids.vmStandby, rgCentral],
    ]) {
      this.resources.set(vm, {
        id: vm,
        name: "app-1",
        type: "Microsoft.Compute/virtualMachines",
        location: group === rgEast ? "eastus2" : "centralus",
        zones: [group === rgEast ? "2" : "1"],
        properties: {
          storageProfile: {
            osDisk: {
              osType: "Linux",
              name: "app-1-os",
              createOption: "FromImage",
              managedDisk: {
                id: `${group}/providers/Microsoft.Compute/disks/app-1-os`,
                storageAccountType: "Premium_LRS",
              },
            },
            dataDisks: [
              {
                lun: 0,
                name: "app-1-data",
                createOption: "Attach",
                managedDisk: {
                  id: `${group}/providers/Microsoft.Compute/disks/app-1-data`,
                  storageAccountType: "PremiumV2_LRS",
                },
              },
            ],
          },
          provisioningState: "Succeeded",
        },
      });
    }
  }

  /**
   * A PostgreSQL flexible server and its read replica in the standby region, shaped like Servers - Get
   * (specification/postgresql/.../stable/2025-08-01/examples/ServersGet.json): `state` Ready, `replica.role` and
   * `replicationRole` Primary on the source; GeoAsyncReplica with replicationState Active on the cross-region replica
   * (ReplicationRole and ReplicationState in the same spec).
   */
  private addPostgres(): void {
    const server = (id: string, location: string, role: string): State => ({
      id,
      name: id.split("/").pop(),
      type: "Microsoft.DBforPostgreSQL/flexibleServers",
      location,
      sku: { name: "Standard_D4ds_v5", tier: "GeneralPurpose" },
      properties: {
        replica: {
          role,
          capacity: 5,
          ...(role === "Primary" ? {} : { replicationState: "Active" }),
        },
        replicationRole: role,
        replicaCapacity: 5,
        state: "Ready",
        // ServersGet.json shows `highAvailability: { mode, state }`; replicas cannot have it.
        highAvailability:
          role === "Primary"
            ? { mode: "ZoneRedundant", state: "Healthy" }
            : { mode: "Disabled", state: "NotEnabled" },
        version: "17",
        fullyQualifiedDomainName: `${id.split("/").pop()}.postgres.database.azure.com`,
        ...(role === "Primary" ? {} : { sourceServerResourceId: ids.pgPrimary }),
      },
    });
    this.resources.set(ids.pgPrimary, server(ids.pgPrimary, "eastus2", "Primary"));
    this.resources.set(ids.pgReplica, server(ids.pgReplica, "centralus", "GeoAsyncReplica"));
  }

  /** Sets a server's role (and, for a replica, its replicationState), as after a promotion Azure did or did not do. */
  setPostgresRole(id: string, role: string, replicationState = "Active"): void {
    const server = this.resources.get(id)!;
    const replica =
      role === "Primary" || role === "None" ? { role, capacity: 5 } : { role, capacity: 5, replicationState };
    server.properties = { ...server.properties, replica, replicationRole: role, state: "Ready" };
  }

  /**
   * Puts the Site Recovery plan and its item in a state: the item is (re)created under the container of its side,
   * as ReplicationProtectedItems_Get.json shapes it, with the A2A details Az PowerShell reads.
   */
  setRecovery(state: Partial<RecoveryState>): void {
    const next = { ...(this.recovery ?? protectedState), ...state };
    this.recovery = next;
    const here = sideIds[next.side];
    const there = sideIds[next.side === "primary" ? "standby" : "primary"];
    this.resources.delete(ids.item);
    this.resources.delete(ids.itemInStandby);
    this.resources.set(here.item, {
      id: here.item,
      name: "app-1",
      type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems",
      properties: {
        friendlyName: "app-1",
        protectionState: "Protected",
        activeLocation: next.activeLocation,
        allowedOperations: [...next.itemAllowed],
        replicationHealth: "Normal",
        policyId: ids.policy,
        currentScenario: this.itemScenario ?? {
          scenarioName: "None",
          jobId: `${vault}/replicationJobs/None`,
          startTime: "1753-01-01T01:01:01Z",
        },
        providerSpecificDetails: {
          instanceType: "A2A",
          fabricObjectId: here.vm,
          recoveryAzureVMName: "app-1",
          recoveryAzureResourceGroupId: there.group,
          recoveryAvailabilityZone: this.zoneOfRecovery,
          ...(this.recordsInitialZones ? { initialPrimaryZone: "3", initialRecoveryZone: "1" } : {}),
          // A2AReplicationDetails: "The test failover fabric object Id" and "The test failover VM name".
          ...(this.testVmExists
            ? { testFailoverRecoveryFabricObjectId: ids.vmTest, tfoAzureVMName: "app-1-test" }
            : {}),
        },
        // ReplicationProtectedItemProperties.testFailoverState ("None" in ReplicationProtectedItems_Get.json).
        testFailoverState: this.testVmExists ? "Completed" : "None",
      },
    });
    const plan = this.resources.get(ids.plan)!;
    plan.properties!.allowedOperations = [...next.planAllowed];
    (plan.properties!.groups as Json[])[2].replicationProtectedItems = [
      { id: here.item, virtualMachineId: here.vm },
    ];
  }

  /** The test failover VM (VirtualMachine_Get.json shape, in the recovery group, attached to the drill network). */
  private createTestVm(): void {
    this.testVmExists = true;
    this.resources.set(ids.vmTest, {
      id: ids.vmTest,
      name: "app-1-test",
      type: "Microsoft.Compute/virtualMachines",
      location: "centralus",
      zones: ["1"],
      properties: {
        storageProfile: { osDisk: { osType: "Linux", name: "app-1-os-test", createOption: "Attach" } },
        provisioningState: "Succeeded",
      },
    });
  }

  /** Test failover cleanup deletes the test VMs, and their run commands with them. */
  private deleteTestVm(): void {
    this.testVmExists = false;
    for (const key of [...this.resources.keys()]) if (key.startsWith(ids.vmTest)) this.resources.delete(key);
  }

  /** The pool's members as they are now. */
  poolMembers(): { id: string; priority: number }[] {
    return (
      this.resources.get(ids.pool)!.properties!.pool as { services: { id: string; priority: number }[] }
    ).services;
  }

  recoveryState(): RecoveryState {
    return { ...this.recovery! };
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Answers matching requests with these responses first (in order), then normally. */
  fault(match: (r: SeenRequest) => boolean, ...responses: Canned[]): void {
    this.faults.push({ match, responses });
  }

  /** The next Site Recovery job or operation started by a matching request ends Failed. */
  failOperation(match: (r: SeenRequest) => boolean): void {
    this.failNext.push(match);
  }

  /**
   * The next lease request on a lock blob that does not exist yet answers 404, and another run then creates that blob
   * and takes its lease before this one can: the race of two first runs.
   */
  raceLockCreation(): void {
    this.lockRace = true;
  }

  /** Breaks the lock's lease (Lease Blob `break`, period 0), as an operator or another run taking it over would. */
  breakLease(): void {
    for (const lease of this.leases.values()) lease.broken = true;
  }

  /** The next `count` acquires take the lease but answer 500, so the caller cannot know whether it holds it. */
  loseAcquireAnswers(count = 1): void {
    this.acquireAnswersLost = count;
  }

  /** How many leases are held and neither expired nor broken. */
  activeLeases(): number {
    return [...this.leases.values()].filter((l) => !l.broken && l.until > Date.now()).length;
  }

  /** Requests that change something in ARM (not the lock, the run records or the metrics). */
  armWrites(): SeenRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/subscriptions/"));
  }

  /** `METHOD path` of the ARM writes, the compact form tests compare. */
  armWriteLines(): string[] {
    return this.armWrites().map((r) => `${r.method} ${r.path}`);
  }

  /** Every request that changes something, lock and records included, as `METHOD path[ (lease action)]`. */
  writeLines(): string[] {
    return this.requests
      .filter((r) => r.method !== "GET")
      .map(
        (r) =>
          `${r.method} ${r.path}${r.headers["x-ms-lease-action"] ? ` (${r.headers["x-ms-lease-action"]})` : ""}`,
      );
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.url);
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const seen: SeenRequest = {
        method: req.method ?? "GET",
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams.entries()),
        headers: req.headers,
        body,
      };
      this.requests.push(seen);
      const send = (status: number, answer?: unknown, headers: Record<string, string> = {}) => {
        const raw = answer instanceof Raw;
        res.writeHead(status, {
          "Content-Type": raw ? answer.contentType : "application/json",
          ...headers,
        });
        res.end(raw ? answer.text : answer === undefined ? "" : JSON.stringify(answer));
      };
      const fault = this.faults.find((f) => f.responses.length > 0 && f.match(seen));
      if (fault) {
        const canned = fault.responses.shift()!;
        // Status 0: the connection drops without an answer.
        if (canned.status === 0) return req.socket.destroy();
        return send(
          canned.status,
          canned.body ?? { error: { code: "Injected", message: `injected ${canned.status}` } },
          canned.headers,
        );
      }
      try {
        this.route(seen, send);
      } catch (error) {
        send(500, { error: { code: "FakeBug", message: String(error) } });
      }
    });
  }

  /**
   * Azure's authorization check: the action (or data action) must be granted at the request's scope or above.
   * Answers like ARM's AuthorizationFailed (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting).
   */
  private authorize(action: string, scope: string, data: boolean, send: Send): boolean {
    if (!this.grants) return true;
    const lowerScope = scope.toLowerCase();
    const allowed = this.grants.some((g) => {
      const s = g.scope.toLowerCase().replace(/\/$/, "");
      if (lowerScope !== s && !lowerScope.startsWith(`${s}/`)) return false;
      const [yes, no] = data ? [g.dataActions, g.notDataActions] : [g.actions, g.notActions];
      return yes.some((p) => matches(p, action)) && !no.some((p) => matches(p, action));
    });
    if (allowed) {
      this.actionsUsed.set(action, (this.actionsUsed.get(action) ?? 0) + 1);
      return true;
    }
    this.denied.push(`${action} at ${scope}`);
    // Blob Storage answers a data action it refuses in its own XML format.
    // https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes
    if (data && action.startsWith("Microsoft.Storage/")) {
      storageError(
        send,
        403,
        "AuthorizationPermissionMismatch",
        "This request is not authorized to perform this operation using this permission.",
      );
      return false;
    }
    send(403, {
      error: {
        code: data ? "AuthorizationPermissionMismatch" : "AuthorizationFailed",
        message: `The client '00000000-0000-0000-0000-0000000000a1' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid.`,
      },
    });
    return false;
  }

  private route(r: SeenRequest, send: Send): void {
    if (r.path === "/msi/token") {
      if (r.headers["x-identity-header"] !== "test-identity-header" || r.headers.metadata !== "True")
        return send(401, { error: { message: "bad identity header" } });
      return send(200, { access_token: `token-for-${r.query.resource}`, expires_in: "3600" });
    }
    if (r.path.startsWith("/blob/")) return this.blob(r, send);
    if (r.path.startsWith("/monitoring/")) return this.customMetric(r, send);
    if (r.headers.authorization !== "Bearer token-for-https://management.azure.com/") {
      return send(401, {
        error: { code: "InvalidAuthenticationToken", message: "ARM calls need an ARM token" },
      });
    }
    if (!r.query["api-version"]) return send(400, { error: { code: "MissingApiVersionParameter" } });
    const { action, scope } = armAction(r.method, r.path);
    if (!this.authorize(action, scope, false, send)) return;
    const lower = r.path.toLowerCase();

    if (r.method === "GET" && lower === `${sub}/providers/microsoft.resourcehealth/events`.toLowerCase()) {
      return this.listEvents(r, send);
    }
    if (r.method === "GET" && lower.endsWith("/providers/microsoft.insights/metrics"))
      return this.metrics(r, send);
    if (r.method === "GET" && r.path === `${ids.originGroup}/origins`) {
      // AFDOrigins_ListByOriginGroup
      return send(200, {
        value: [this.resources.get(ids.primaryOrigin), this.resources.get(ids.standbyOrigin)],
      });
    }
    const job = /\/replicationJobs\/([^/]+)$/i.exec(r.path);
    if (r.method === "GET" && job) return this.getJob(job[1], send);
    const operation = /\/operationresults\/([^/]+)$/i.exec(r.path);
    if (r.method === "GET" && operation) return this.getOperation(operation[1], r, send);
    const planOperation = /^(.*\/replicationRecoveryPlans\/[^/]+)\/([A-Za-z]+)$/.exec(r.path);
    if (r.method === "POST" && planOperation)
      return this.planOperation(planOperation[1], planOperation[2], r, send);
    const switchProtection = /^(.*\/replicationProtectionContainers\/[^/]+)\/switchprotection$/i.exec(r.path);
    if (r.method === "POST" && switchProtection) return this.switchProtection(switchProtection[1], r, send);
    if (
      r.method === "PUT" &&
      /\/providers\/Microsoft\.Automation\/automationAccounts\/[^/]+\/jobs\/[^/]+$/i.test(r.path)
    ) {
      // Job_Create (specification/automation/.../stable/2024-10-23/examples/job/createJob.json): 201. Creating a job
      // of a runbook needs its read too (Automation Runbook Operator: "to be able to create Jobs of the runbook").
      const body = r.body as { properties?: { runbook?: { name?: string } } };
      const runbook = `${r.path.split("/jobs/")[0]}/runbooks/${body?.properties?.runbook?.name}`;
      if (!this.authorize("Microsoft.Automation/automationAccounts/runbooks/read", runbook, false, send))
        return;
      return send(201, {
        id: r.path,
        name: r.path.split("/").pop(),
        type: "Microsoft.Automation/AutomationAccounts/Jobs",
        properties: {
          jobId: "5b8a3960-e8ab-45f6-bec6-567df8467d1a",
          runbook: { name: body?.properties?.runbook?.name },
          provisioningState: "Processing",
          status: "New",
        },
      });
    }

    if (/\/virtualMachines\/[^/]+\/runCommands\/[^/]+$/i.test(r.path)) return this.runCommand(r, send);
    if (lower.startsWith(ids.pool.toLowerCase())) return this.backend(r, send);

    if (r.path === ids.pgPrimary && this.postgresPrimaryDown)
      // How ARM answers for a server whose region is down is not documented: the worker treats anything but a prompt
      // 200 with state Ready as down.
      return send(503, { error: { code: "ServiceUnavailable", message: "the region is unavailable" } });
    const resource = this.resources.get(r.path);
    if (!resource) return send(404, { error: { code: "ResourceNotFound", message: `${r.path} not found` } });
    if (r.method === "GET" && r.query.$expand === "instanceView" && lower.includes("/virtualmachines/")) {
      // VirtualMachines_Get with $expand=instanceView (…/virtualMachineExamples/VirtualMachine_Get_WithInstanceView.json).
      return send(200, {
        ...resource,
        properties: {
          ...resource.properties,
          instanceView: {
            statuses: [
              { code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded" },
              { code: this.testVmPowerState, level: "Info", displayStatus: this.testVmPowerState },
            ],
          },
        },
      });
    }
    if (r.method === "GET") {
      this.poll(r.path);
      return send(200, resource);
    }
    if (r.method === "PATCH" && lower.includes("/microsoft.cdn/"))
      return this.updateOrigin(resource, r, send);
    if (r.method === "PATCH" && lower.includes("/microsoft.cognitiveservices/"))
      return this.updateDeployment(resource, r, send);
    if (r.method === "PATCH" && lower.includes("/microsoft.apimanagement/"))
      return this.updateService(resource, r, send);
    if (r.method === "PATCH" && lower.includes("/microsoft.dbforpostgresql/flexibleservers/"))
      return this.updateServer(resource, r, send);
    return send(405, { error: { code: "MethodNotAllowed" } });
  }

  private listEvents(r: SeenRequest, send: Send): void {
    const page = Number(r.query.page ?? 0);
    const slice = this.events.slice(page * this.eventsPageSize, (page + 1) * this.eventsPageSize);
    const more = (page + 1) * this.eventsPageSize < this.events.length;
    send(200, {
      value: slice,
      ...(more
        ? {
            nextLink: `${this.url}${sub}/providers/Microsoft.ResourceHealth/events?api-version=${r.query["api-version"]}&page=${page + 1}`,
          }
        : {}),
    });
  }

  /** Metrics_List (specification/monitor/.../stable/2024-02-01/examples/GetMetric.json), OriginHealthPercentage by Origin. */
  private metrics(r: SeenRequest, send: Send): void {
    // "Access to ... metrics for a resource requires that the user has read access to the resource type and scope of
    // that resource" (https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security).
    const resource = r.path.replace(/\/providers\/Microsoft\.Insights\/metrics$/i, "");
    if (!this.authorize(armAction("GET", resource).action, resource, false, send)) return;
    if (r.query.metricnames === "Requests" && resource.toLowerCase().includes("/microsoft.apimanagement/"))
      return this.requestsMetric(r, send);
    if (r.query.metricnames !== "OriginHealthPercentage")
      return send(400, { error: { code: "BadRequest", message: "unknown metric" } });
    send(200, {
      cost: 0,
      timespan: r.query.timespan,
      interval: r.query.interval,
      value: [
        {
          id: `${r.path}/OriginHealthPercentage`,
          type: "Microsoft.Insights/metrics",
          name: { value: "OriginHealthPercentage", localizedValue: "Origin Health Percentage" },
          unit: "Percent",
          timeseries: Object.entries(this.originHealth).map(([host, value]) => ({
            metadatavalues: [
              {
                name: { value: "origin", localizedValue: "Origin" },
                value:
                  this.originDimension === "host" ? host : host === hosts.primary ? "eastus2" : "centralus",
              },
              { name: { value: "origingroup", localizedValue: "OriginGroup" }, value: "agents-fd-origins" },
            ],
            data:
              value === undefined
                ? [{ timeStamp: minute(-1) }]
                : [
                    { timeStamp: minute(this.healthAgeMinutes - 1), average: value },
                    { timeStamp: minute(this.healthAgeMinutes), average: value },
                  ],
          })),
          errorCode: "Success",
        },
      ],
      namespace: "Microsoft.Cdn/profiles",
      resourceregion: "global",
    });
  }

  /**
   * Metrics_List of API Management's Requests metric split by GatewayResponseCodeCategory (the GetMetric.json shape;
   * metric and dimension names: https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-apimanagement-service-metrics).
   */
  private requestsMetric(r: SeenRequest, send: Send): void {
    if (r.query.aggregation !== "Total" || !/GatewayResponseCodeCategory/.test(r.query.$filter ?? ""))
      return send(400, {
        error: { code: "BadRequest", message: "expected Total split by GatewayResponseCodeCategory" },
      });
    send(200, {
      cost: 0,
      timespan: r.query.timespan,
      interval: r.query.interval,
      value: [
        {
          id: `${r.path}/Requests`,
          type: "Microsoft.Insights/metrics",
          name: { value: "Requests", localizedValue: "Requests" },
          unit: "Count",
          timeseries: Object.entries(this.gatewayRequests).map(([category, total]) => ({
            metadatavalues: [
              {
                name: { value: "gatewayresponsecodecategory", localizedValue: "GatewayResponseCodeCategory" },
                value: category,
              },
            ],
            data: [{ timeStamp: minute(-1), total }],
          })),
          errorCode: "Success",
        },
      ],
      namespace: "Microsoft.ApiManagement/service",
      resourceregion: "eastus2",
    });
  }

  /**
   * Backend_Get (200 with an ETag header) and Backend_Update (PATCH, If-Match required; 200 with the backend:
   * …/stable/2024-05-01/examples/ApiManagementUpdateBackend.json). A stale ETag is refused with 412.
   */
  private backend(r: SeenRequest, send: Send): void {
    const pool = this.resources.get(ids.pool)!;
    if (r.path !== ids.pool) return send(404, { error: { code: "ResourceNotFound" } });
    const etag = `"${this.poolEtag}"`;
    if (r.method === "GET") return send(200, pool, { ETag: etag });
    if (r.method !== "PATCH") return send(405, { error: { code: "MethodNotAllowed" } });
    const match = r.headers["if-match"];
    if (!match)
      return send(400, { error: { code: "InvalidRequest", message: "If-Match header is required" } });
    if (match !== "*" && match !== etag)
      return send(412, { error: { code: "PreconditionFailed", message: "The entity has been modified" } });
    const properties = (r.body as State).properties ?? {};
    pool.properties = { ...pool.properties, ...properties };
    this.poolEtag++;
    return send(200, pool, { ETag: `"${this.poolEtag}"` });
  }

  /**
   * Managed run commands (…/ComputeRP/stable/2024-11-01/examples/runCommandExamples/VirtualMachineRunCommand_CreateOrUpdate.json
   * and _Get.json): PUT answers 201 Creating; GET with $expand=instanceView shows the execution state and output.
   */
  private runCommand(r: SeenRequest, send: Send): void {
    const vm = r.path.split("/runCommands/")[0];
    if (!this.resources.has(vm))
      return send(404, { error: { code: "ResourceNotFound", message: `${vm} not found` } });
    if (r.method === "PUT") {
      const body = r.body as { location?: string; properties?: { source?: { script?: string } } };
      const command: State = {
        id: r.path,
        name: r.path.split("/").pop(),
        type: "Microsoft.Compute/virtualMachines/runCommands",
        location: body.location,
        properties: { ...body.properties, provisioningState: "Creating" },
      };
      this.resources.set(r.path, command);
      this.operation(r, () => {
        const script = String(body.properties?.source?.script ?? "");
        const output = Object.entries(this.probe)
          .filter(([host]) => script.includes(host))
          .map(([host, answer]) => `AAF-PROBE ${host} ${answer.ip} ${answer.code}`)
          .join("\n");
        command.properties = {
          ...command.properties,
          provisioningState: this.probeState === "Succeeded" ? "Succeeded" : "Failed",
          instanceView: {
            executionState: this.probeState,
            executionMessage: "",
            exitCode: this.probeState === "Succeeded" ? 0 : 1,
            output,
            error: this.probeState === "Succeeded" ? "" : "curl: (28) Connection timed out",
            startTime: "2026-12-01T03:50:00Z",
            endTime: "2026-12-01T03:50:20Z",
          },
        };
      });
      return send(201, command);
    }
    const command = this.resources.get(r.path);
    if (!command) return send(404, { error: { code: "ResourceNotFound" } });
    this.poll(r.path);
    const view =
      r.query.$expand === "instanceView"
        ? command
        : { ...command, properties: { ...command.properties, instanceView: undefined } };
    return send(200, view);
  }

  /** AFDOrigins_Update: 202 with `azure-asyncoperation` at resource-group scope, body provisioningState Updating. */
  private updateOrigin(origin: State, r: SeenRequest, send: Send): void {
    const changes = (r.body as State).properties ?? {};
    const id = this.operation(r, () => {
      origin.properties = { ...origin.properties, ...changes, provisioningState: "Succeeded" };
    });
    origin.properties = { ...origin.properties, provisioningState: "Updating" };
    const group = r.path.split("/providers/")[0].replace("/resourceGroups/", "/resourcegroups/");
    send(202, origin, {
      "azure-asyncoperation": `${this.url}${group}/providers/Microsoft.Cdn/operationresults/${id}?api-version=2025-06-01`,
    });
  }

  /**
   * Deployments_Update (…/stable/2025-06-01/examples/UpdateDeployment.json: PATCH of `sku`): 202 with a location,
   * the deployment then in a non-terminal state until done, as PutDeployment.json's 201 shows ("Accepted").
   */
  private updateDeployment(deployment: State, r: SeenRequest, send: Send): void {
    const body = r.body as State;
    if (Object.keys(body).some((k) => k !== "sku" && k !== "tags"))
      return send(400, {
        error: { code: "InvalidRequestContent", message: "Deployments - Update takes sku and tags" },
      });
    this.operation(r, () => {
      deployment.sku = { ...body.sku };
      deployment.properties = { ...deployment.properties, provisioningState: "Succeeded" };
    });
    if (!this.deploymentLags)
      deployment.properties = { ...deployment.properties, provisioningState: "Accepted" };
    send(202, undefined, {
      location: `${this.url}${r.path}/operationResults/${this.counter}?api-version=2025-06-01`,
    });
  }

  /** ApiManagementService_Update (…/stable/2024-05-01/examples/ApiManagementUpdateServiceToNewVnetAndAZs.json): 202, Location and Azure-AsyncOperation under the service. */
  private updateService(service: State, r: SeenRequest, send: Send): void {
    const body = r.body as State;
    const id = this.operation(r, () => {
      service.sku = { ...service.sku, ...body.sku };
      service.properties = {
        ...service.properties,
        provisioningState: "Succeeded",
        targetProvisioningState: "",
      };
    });
    service.properties = {
      ...service.properties,
      provisioningState: "Updating",
      targetProvisioningState: "Succeeded",
    };
    const status = `${this.url}${r.path}/operationresults/${id}?api-version=2024-05-01&asyncResponse`;
    send(202, undefined, { Location: status, "Azure-AsyncOperation": status });
  }

  /**
   * Servers - Update with `replica` (ServersPromoteReplicaAsForcedSwitchover.json and its Planned/Standalone
   * siblings): 202 with Azure-AsyncOperation and Location at the subscription's location scope, the servers
   * Updating until polled, then the roles as Microsoft describes them: a switchover swaps them (the old primary
   * becomes the replica, and its replication catches up once its region is back), a standalone promotion ends
   * replication ("an independent server"). Switchover needs the replica in the virtual endpoint's reader; Planned
   * cannot complete while the primary is down ("Forced ... for regional outages"); a server that is not a replica
   * cannot be promoted.
   * https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote
   */
  private updateServer(server: State, r: SeenRequest, send: Send): void {
    const changes = ((r.body as State)?.properties as Json | undefined) ?? {};
    if (changes.highAvailability) {
      // Servers - Update of highAvailability: 202, the server Updating until polled; replicas cannot have HA.
      const role = String(((server.properties as Json).replica as Json).role);
      if (role !== "Primary" && role !== "None")
        return send(400, {
          error: { code: "ReplicaCannotHaveHighAvailability", message: `${String(server.name)} is ${role}` },
        });
      const id = `op${++this.counter}`;
      this.operations.set(id, {
        resource: r.path,
        left: this.pollsBeforeDone,
        outcome: "Succeeded",
        apply: () => {
          server.properties = {
            ...(server.properties as Json),
            state: "Ready",
            highAvailability: { ...(changes.highAvailability as Json), state: "CreatingStandby" },
          };
        },
        failed: () => undefined,
      });
      server.properties = { ...(server.properties as Json), state: "Updating" };
      return send(202, undefined, {
        "Azure-AsyncOperation": `${this.url}${sub}/providers/Microsoft.DBforPostgreSQL/locations/${String(server.location)}/azureAsyncOperation/${id}?api-version=2025-08-01`,
      });
    }
    return this.promoteServer(server, r, send);
  }

  private promoteServer(server: State, r: SeenRequest, send: Send): void {
    const replica = ((r.body as State)?.properties as Json | undefined)?.replica as Json | undefined;
    const mode = replica?.promoteMode;
    const option = replica?.promoteOption;
    if (
      !["Standalone", "Switchover"].includes(mode as string) ||
      !["Planned", "Forced"].includes(option as string)
    )
      return send(400, {
        error: {
          code: "InvalidParameterValue",
          message: `promoteMode ${String(mode)} / promoteOption ${String(option)}`,
        },
      });
    const props = server.properties as Json;
    const role = String((props.replica as Json).role);
    if (!["AsyncReplica", "GeoAsyncReplica"].includes(role))
      return send(400, {
        error: { code: "ServerIsNotReplica", message: `${String(server.name)} is ${role}` },
      });
    if (props.state !== "Ready")
      return send(409, {
        error: { code: "ServerIsBusy", message: `${String(server.name)} is ${String(props.state)}` },
      });
    if (mode === "Switchover" && !this.postgresVirtualEndpoint)
      return send(400, {
        error: {
          code: "VirtualEndpointRequired",
          message: "the replica must be the reader virtual endpoint's target",
        },
      });
    const other = r.path === ids.pgReplica ? ids.pgPrimary : ids.pgReplica;
    const otherDown = other === ids.pgPrimary ? this.postgresPrimaryDown : false;
    const fails = this.takeFailure(r) || (option === "Planned" && otherDown);
    const id = `op${++this.counter}`;
    server.properties = { ...props, state: "Updating" };
    this.operations.set(id, {
      resource: r.path,
      left: this.pollsBeforeDone,
      outcome: fails ? "Failed" : "Succeeded",
      apply: () => {
        if (mode === "Standalone") {
          this.setPostgresRole(r.path, "None");
        } else {
          // Roles swap; a promotion turns high availability off ("we disable HA during the initial promotion").
          // A primary whose region is down rejoins as a replica once it is back: Reconfiguring until then.
          this.setPostgresRole(r.path, "Primary");
          this.setPostgresRole(other, "GeoAsyncReplica", otherDown ? "Reconfiguring" : "Active");
          for (const id of [r.path, other])
            (this.resources.get(id)!.properties as Json).highAvailability = {
              mode: "Disabled",
              state: "NotEnabled",
            };
        }
      },
      failed: () => {
        server.properties = { ...(server.properties as Json), state: "Ready" };
      },
    });
    const at = `${this.url}${sub}/providers/Microsoft.DBforPostgreSQL/locations/${String(server.location)}`;
    send(202, undefined, {
      "Azure-AsyncOperation": `${at}/azureAsyncOperation/${id}?api-version=2025-08-01`,
      Location: `${at}/operationResults/${id}?api-version=2025-08-01`,
    });
  }

  /**
   * A long-running ARM operation: the resource shows a non-terminal provisioningState until it (or the operation's
   * status URL) has been polled enough, then the change lands (or provisioningState becomes Failed).
   */
  private operation(r: SeenRequest, apply: () => void): string {
    const id = `op${++this.counter}`;
    const fails = this.takeFailure(r);
    const resource = this.resources.get(r.path)!;
    this.operations.set(id, {
      resource: r.path,
      left: this.pollsBeforeDone,
      outcome: fails ? "Failed" : "Succeeded",
      apply,
      failed: () => {
        resource.properties = { ...resource.properties, provisioningState: "Failed" };
      },
    });
    return id;
  }

  /** The operation-status URL, per the ARM contract: 200 with `status` InProgress, then Succeeded or Failed. */
  private getOperation(id: string, _r: SeenRequest, send: Send): void {
    const op = this.operations.get(id);
    if (!op) return send(404, { error: { code: "NotFound" } });
    if (op.left-- > 0) return send(200, { status: "InProgress" });
    this.finish(id);
    send(200, {
      status: op.outcome,
      ...(op.outcome === "Failed" ? { error: { code: "Failed", message: "the fake made it fail" } } : {}),
    });
  }

  private finish(id: string): void {
    const op = this.operations.get(id);
    if (!op) return;
    if (op.outcome === "Succeeded") op.apply();
    else op.failed();
    this.operations.delete(id);
  }

  /** A read of a resource with a pending operation counts as a poll of it. */
  private poll(resource: string): void {
    for (const [id, op] of [...this.operations]) {
      if (op.resource === resource && op.left-- <= 0) this.finish(id);
    }
  }

  private takeFailure(r: SeenRequest): boolean {
    const i = this.failNext.findIndex((f) => f(r));
    if (i < 0) return false;
    this.failNext.splice(i, 1);
    return true;
  }

  /**
   * A recovery plan operation (ReplicationRecoveryPlans_UnplannedFailover.json and siblings): 202 with
   * Azure-AsyncOperation (…/replicationOperationStatus/{id}) and Retry-After 30 as the examples show, and a Location
   * whose segment after `operationresults/` names the job, as Az PowerShell reads it (PSAsrClient.GetJobIdFromReponseLocation).
   */
  private planOperation(planId: string, operation: string, r: SeenRequest, send: Send): void {
    const plan = this.resources.get(planId);
    if (!plan) return send(404, { error: { code: "NotFound" } });
    const allowedName: Record<string, string> = {
      unplannedFailover: "UnplannedFailover",
      failoverCommit: "Commit",
      testFailover: "TestFailover",
      testFailoverCleanup: "TestFailoverCleanup",
    };
    if (!allowedName[operation])
      return send(400, { error: { code: "NotSupported", message: `the fake does not model ${operation}` } });
    const allowed = plan.properties!.allowedOperations as string[];
    if (!allowed.includes(allowedName[operation])) {
      return send(400, { error: { code: "InvalidOperation", message: `${operation} is not allowed now` } });
    }
    const properties = (r.body as { properties?: Json } | undefined)?.properties;
    // ReplicationRecoveryPlans_FailoverCommit takes no body; the others require one.
    if (operation === "failoverCommit" ? r.body !== undefined : !properties)
      return send(400, {
        error: { code: "InvalidRequestContent", message: `unexpected body for ${operation}` },
      });
    if (operation === "testFailover") {
      // Site Recovery checks the caller may use the network it is handed (linked access).
      if (
        !this.authorize("Microsoft.Network/virtualNetworks/read", String(properties!.networkId), false, send)
      )
        return;
    }
    const before = this.recoveryState();
    const next = this.afterPlanOperation(operation, String(properties?.failoverDirection ?? ""), before);
    const job = this.startJob(
      r,
      operation === "testFailover" ? this.testFailoverEndState : "Succeeded",
      operation,
      () => {
        if (operation === "testFailover") this.createTestVm();
        if (operation === "testFailoverCleanup") this.deleteTestVm();
        this.setRecovery(next);
        plan.properties!.currentScenarioStatus = "Succeeded";
      },
      () => {
        // A failed test failover still leaves its test VMs to clean up; other failures leave the state as it was.
        this.setRecovery(operation === "testFailover" ? { planAllowed: ["TestFailoverCleanup"] } : before);
        plan.properties!.currentScenarioStatus = "Failed";
      },
    );
    plan.properties = {
      ...plan.properties,
      allowedOperations: [],
      currentScenario: {
        scenarioName: allowedName[operation],
        jobId: job.id,
        startTime: "2026-12-01T03:45:00Z",
      },
      currentScenarioStatus: "InProgress",
    };
    this.sendAccepted(planId, job, send);
  }

  private afterPlanOperation(
    operation: string,
    direction: string,
    before: RecoveryState,
  ): Partial<RecoveryState> {
    switch (operation) {
      case "unplannedFailover":
        // Toward the side the item does not replicate from: the VM then runs in its recovery location.
        void direction;
        return { planAllowed: ["Commit"], itemAllowed: ["Commit"], activeLocation: "Recovery" };
      case "failoverCommit":
        return { planAllowed: [], itemAllowed: ["ReverseReplicate", "DisableProtection"] };
      case "testFailover":
        return { planAllowed: ["TestFailoverCleanup"], itemAllowed: ["TestFailoverCleanup"] };
      default:
        return {
          planAllowed: [...protectedState.planAllowed],
          itemAllowed: [...protectedState.itemAllowed],
          side: before.side,
        };
    }
  }

  /**
   * ReplicationProtectionContainers_SwitchProtection (…/stable/2024-10-01/examples/ReplicationProtectionContainers_SwitchProtection.json):
   * 202 with Azure-AsyncOperation and Retry-After. Site Recovery checks the caller may use the cache and the group
   * it is handed (https://learn.microsoft.com/azure/site-recovery/site-recovery-role-based-linked-access-control).
   */
  private switchProtection(containerId: string, r: SeenRequest, send: Send): void {
    const body = r.body as {
      properties?: {
        replicationProtectedItemName?: string;
        providerSpecificDetails?: { recoveryResourceGroupId?: string; vmManagedDisks?: Json[] };
      };
    };
    const itemId = `${containerId}/replicationProtectedItems/${body?.properties?.replicationProtectedItemName}`;
    const item = this.resources.get(itemId);
    if (!item) return send(404, { error: { code: "NotFound", message: `${itemId} not found` } });
    const details = (body.properties?.providerSpecificDetails ?? {}) as {
      recoveryResourceGroupId?: string;
      vmManagedDisks?: Json[];
      policyId?: string;
      recoveryContainerId?: string;
      recoveryAvailabilityZone?: string;
    };
    // The project's model of Site Recovery's linked-access check: the caller may read what the input names.
    if (
      !this.authorize(
        "Microsoft.RecoveryServices/vaults/replicationPolicies/read",
        String(details.policyId),
        false,
        send,
      )
    )
      return;
    if (
      !this.authorize(
        "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/read",
        String(details.recoveryContainerId),
        false,
        send,
      )
    )
      return;
    for (const disk of details.vmManagedDisks ?? []) {
      if (
        !this.authorize(
          "Microsoft.Storage/storageAccounts/read",
          String(disk.primaryStagingAzureStorageAccountId),
          false,
          send,
        )
      )
        return;
    }
    if (
      !this.authorize(
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        String(details.recoveryResourceGroupId),
        false,
        send,
      )
    )
      return;
    if (!(item.properties!.allowedOperations as string[]).includes("ReverseReplicate")) {
      return send(400, { error: { code: "InvalidOperation", message: "reprotect is not allowed now" } });
    }
    const before = this.recoveryState();
    const side = before.side === "primary" ? "standby" : "primary";
    const job = this.startJob(
      r,
      "Succeeded",
      "SwitchProtection",
      () => {
        this.itemScenario = undefined;
        if (this.keepsReprotectZone && details.recoveryAvailabilityZone)
          this.zoneOfRecovery = details.recoveryAvailabilityZone;
        this.setRecovery(
          side === "standby"
            ? {
                planAllowed: ["UnplannedFailover", "TestFailover"],
                itemAllowed: ["UnplannedFailover", "TestFailover"],
                side,
                activeLocation: this.rebasesActiveLocation ? "Primary" : "Recovery",
              }
            : { ...protectedState },
        );
      },
      () => {
        this.itemScenario = undefined;
        this.setRecovery(before);
      },
    );
    this.itemScenario = {
      scenarioName: "SwitchProtection",
      jobId: job.id,
      startTime: "2026-12-01T03:45:00Z",
    };
    this.setRecovery({ itemAllowed: [] });
    this.sendAccepted(containerId, job, send);
  }

  private startJob(
    r: SeenRequest,
    endState: string,
    scenario: string,
    apply: () => void,
    onFail: () => void,
  ): Job {
    const name = `${(++this.counter).toString(16).padStart(8, "0")}-9adb-4867-a49d-88be40bff14b`;
    const job: Job = {
      id: `${vault}/replicationJobs/${name}`,
      scenario,
      endState,
      left: this.pollsBeforeDone,
      outcome: this.takeFailure(r) ? "Failed" : "Succeeded",
      apply,
      onFail,
      done: false,
    };
    this.jobs.set(name, job);
    return job;
  }

  private sendAccepted(resourceId: string, job: Job, send: Send): void {
    const name = job.id.split("/").pop();
    send(202, undefined, {
      "Azure-AsyncOperation": `${this.url}${vault}/replicationOperationStatus/${name}?api-version=2024-10-01`,
      ...(this.siteRecoveryLocation
        ? { Location: `${this.url}${resourceId}/operationresults/${name}?api-version=2024-10-01` }
        : {}),
      "Retry-After": "30",
    });
  }

  /** ReplicationJobs_Get (…/examples/ReplicationJobs_Get.json): state InProgress, then the end state. */
  private getJob(name: string, send: Send): void {
    const job = this.jobs.get(name);
    if (!job) return send(404, { error: { code: "NotFound" } });
    let state = "InProgress";
    if (job.done || job.left-- <= 0) {
      if (!job.done) (job.outcome === "Succeeded" ? job.apply : job.onFail)();
      job.done = true;
      state = job.outcome === "Succeeded" ? job.endState : "Failed";
    }
    send(200, {
      id: job.id,
      name,
      type: "Microsoft.RecoveryServices/vaults/replicationJobs",
      properties: {
        scenarioName: job.scenario,
        friendlyName: job.scenario,
        state,
        stateDescription: state === "Succeeded" ? "Completed" : state,
        tasks: [],
        errors:
          state === "Failed"
            ? [
                {
                  serviceErrorDetails: {
                    code: "70094",
                    message: "The fake made the job fail: capacity not available in the target region.",
                  },
                  providerErrorDetails: { errorCode: 0, errorMessage: "" },
                  errorLevel: "Error",
                  creationTime: "2026-12-01T03:46:00Z",
                },
              ]
            : [],
        startTime: "2026-12-01T03:45:00Z",
        allowedActions: [],
        targetInstanceType: "RecoveryPlan",
        customDetails: { instanceType: "AsrJobDetails" },
      },
    });
  }

  /**
   * Blob Storage: Get Blob, Put Blob, and Lease Blob on the lock (acquire 60 s with an optional proposed id, renew,
   * release), in the states and answers of Lease Blob's table (https://learn.microsoft.com/rest/api/storageservices/lease-blob);
   * errors in Blob Storage's XML (https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes).
   */
  private blob(r: SeenRequest, send: Send): void {
    const [, , account, container, ...rest] = r.path.split("/");
    const blobName = rest.join("/");
    const storageId =
      this.storageAccounts.get(account) ??
      `${rgCentral}/providers/Microsoft.Storage/storageAccounts/${account}`;
    const scope = `${storageId}/blobServices/default/containers/${container}/blobs/${blobName}`;
    // https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes
    if (r.headers.authorization !== "Bearer token-for-https://storage.azure.com/")
      return send(
        401,
        new Raw(
          '\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidAuthenticationInfo</Code><Message>Server failed to authenticate the request. Please refer to the information in the www-authenticate header.</Message></Error>',
          "application/xml",
        ),
        {
          "x-ms-error-code": "InvalidAuthenticationInfo",
          "WWW-Authenticate":
            "Bearer authorization_uri=https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/authorize resource_id=https://storage.azure.com",
        },
      );
    const key = `${container}/${blobName}`;
    const exists = this.blobs.has(key);
    const write = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write";
    const notFound = () => storageError(send, 404, "BlobNotFound", "The specified blob does not exist.");
    // Put Blob: write to replace, add/action to create; Lease Blob: write.
    // https://learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory#permissions-for-calling-data-operations
    if (r.method === "GET") {
      // Get Blob: data action blobs/read.
      if (
        !this.authorize(
          "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
          scope,
          true,
          send,
        )
      )
        return;
      if (!exists) return notFound();
      return send(200, JSON.parse(this.blobs.get(key)!));
    }
    const held = this.leases.get(key);
    const active = held !== undefined && !held.broken && held.until > Date.now();
    if (r.query.comp !== "lease") {
      const needed = exists
        ? write
        : "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action";
      if (!this.authorize(needed, scope, true, send)) return;
      const given = r.headers["x-ms-lease-id"];
      // "If the lease ID is not included, these operations will fail on a leased blob with 412".
      if (active && given === undefined) {
        return storageError(
          send,
          412,
          "LeaseIdMissing",
          "There is currently a lease on the blob and no lease ID was specified in the request.",
        );
      }
      if (active && given !== held.id) {
        return storageError(
          send,
          412,
          "LeaseIdMismatchWithBlobOperation",
          "The lease ID specified did not match the lease ID for the blob.",
        );
      }
      // "Write using (A) | Broken (A): Fails (412) | Expired (A): Fails (412)".
      if (!active && given !== undefined) {
        return storageError(
          send,
          412,
          "LeaseNotPresentWithBlobOperation",
          "There is currently no lease on the blob.",
        );
      }
      // A write ends an expired or broken lease for good: its id can no longer be renewed.
      if (!active) this.leases.delete(key);
      this.blobs.set(key, typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? ""));
      return send(201);
    }
    if (!this.authorize(write, scope, true, send)) return;
    if (!exists) {
      if (this.lockRace) {
        // Another first run creates the blob and takes its lease right after this 404.
        this.lockRace = false;
        this.blobs.set(key, "");
        this.leases.set(key, {
          id: "7e0f2c4a-0000-4000-8000-0000000000b2",
          seconds: 60,
          until: Date.now() + 60_000,
        });
      }
      return notFound();
    }
    const action = r.headers["x-ms-lease-action"];
    const given = r.headers["x-ms-lease-id"];
    if (action === "acquire") {
      const proposed = r.headers["x-ms-proposed-lease-id"] as string | undefined;
      const durationText = String(r.headers["x-ms-lease-duration"] ?? "");
      const duration = /^-?\d+$/.test(durationText) ? Number(durationText) : NaN;
      // "Trying to acquire a lease without specifying a lease duration will fail with 400 Bad Request – Missing
      // required header" (Lease Blob); the message is the service's wire text (the common error codes page words it
      // "A required HTTP header was not specified.").
      if (r.headers["x-ms-lease-duration"] === undefined) {
        return storageError(
          send,
          400,
          "MissingRequiredHeader",
          "An HTTP header that's mandatory for this request is not specified.",
        );
      }
      // Lease Blob: -1 (never expires) or 15 to 60 seconds (code and message as Azurite's getInvalidLeaseDuration); a
      // proposed id "in a GUID string format". Azure takes any form .NET's Guid parses; the fake takes only the
      // hyphenated one, which is what the worker sends.
      if (
        !(duration === -1 || (duration >= 15 && duration <= 60)) ||
        (proposed !== undefined &&
          !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(proposed))
      ) {
        return storageError(
          send,
          400,
          "InvalidHeaderValue",
          "The value for one of the HTTP headers is not in the correct format.",
        );
      }
      // "Acquire (A) | Leased (A): Leased (A), new duration"; a lease held under another id: 409.
      if (active && (proposed === undefined || proposed !== held.id)) {
        return storageError(send, 409, "LeaseAlreadyPresent", "There is already a lease present.");
      }
      const id = proposed ?? `00000000-0000-4000-8000-${String(++this.counter).padStart(12, "0")}`;
      const seconds = duration === -1 ? 1e9 : duration;
      this.leases.set(key, { id, seconds, until: Date.now() + seconds * 1000 });
      if (this.acquireAnswersLost > 0) {
        this.acquireAnswersLost -= 1;
        return storageError(
          send,
          500,
          "InternalError",
          "The server encountered an internal error. Please retry the request.",
        );
      }
      return send(201, undefined, { "x-ms-lease-id": id });
    }
    if (!held || held.id !== given) {
      return storageError(
        send,
        409,
        "LeaseIdMismatchWithLeaseOperation",
        "The lease ID specified did not match the lease ID for the blob.",
      );
    }
    if (action === "release") {
      this.leases.delete(key);
      return send(200);
    }
    if (held.broken) {
      return storageError(
        send,
        409,
        "LeaseIsBrokenAndCannotBeRenewed",
        "The lease ID matched, but the lease has been broken explicitly and cannot be renewed.",
      );
    }
    // "the lease may be renewed even if it has expired as long as the blob has not been modified or leased again";
    // "When you renew a lease, the lease duration clock resets".
    held.until = Date.now() + held.seconds * 1000;
    return send(200, undefined, { "x-ms-lease-id": held.id });
  }

  /** Custom metrics: POST https://<region>.monitoring.azure.com/<resourceId>/metrics, token for https://monitoring.azure.com/. */
  private customMetric(r: SeenRequest, send: Send): void {
    if (r.headers.authorization !== "Bearer token-for-https://monitoring.azure.com/")
      return send(401, { error: { code: "InvalidToken" } });
    const resourceId = r.path.replace(/^\/monitoring\/[a-z0-9]+/, "").replace(/\/metrics$/, "");
    if (r.method !== "POST") return send(405);
    if (!this.authorize("Microsoft.Insights/Metrics/Write", resourceId, true, send)) return;
    this.metricPoints.push(r.body as Json);
    return send(200);
  }
}

/** The start of the minute `offset` minutes from now, as Azure Monitor stamps 1-minute points. */
function minute(offset: number): string {
  const at = new Date(Date.now() + offset * 60_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString().replace(".000Z", "Z");
}

type Send = (status: number, body?: unknown, headers?: Record<string, string>) => void;

/** Whether a permission pattern (`*` wildcards, case-insensitive, as role definitions write them) covers an action. */
export function matches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return regex.test(action);
}

/**
 * The action ARM checks for a request, by the resource provider operation naming
 * (https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations): the namespace after the
 * last `/providers/`, the resource types, then `read`/`write`/`delete`, or `<operation>/action` for a POST.
 */
export function armAction(method: string, path: string): { action: string; scope: string } {
  const at = path.toLowerCase().lastIndexOf("/providers/");
  const [namespace, ...segments] = path.slice(at + "/providers/".length).split("/");
  let operation: string | undefined;
  if (method === "POST" && segments.length % 2 === 1) operation = segments.pop();
  const types = segments.filter((_, i) => i % 2 === 0);
  const verb = operation
    ? `${operation}/action`
    : method === "GET"
      ? "read"
      : method === "DELETE"
        ? "delete"
        : "write";
  return { action: [namespace, ...types, verb].join("/"), scope: path };
}
