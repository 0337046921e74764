import * as fs from "fs";
import * as path from "path";
import { FailoverAutomation, FailoverAutomationArgs, WorkerConfig } from "../../src";
import { Recording, record } from "../../src/testing";
import { Grant, hosts, ids, modelHosts } from "./fake-azure";

/** Built-in roles as Microsoft's reference lists them (test/fixtures/azure/builtin-roles.json says where from). */
const builtInRoles = (
  JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/azure/builtin-roles.json"), "utf8")) as {
    roles: Record<string, { roleName: string; permissions: Omit<Grant, "scope" | "role">[] }>;
  }
).roles;

/** FailoverAutomation pointed at the fake's resources: what the worker tests deploy. */
export const plannedArgs: FailoverAutomationArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  resourceGroups: { primary: "rg-east", standby: "rg-central" },
  frontDoor: {
    profileId: ids.profile,
    originGroupId: ids.originGroup,
    primaryOriginId: ids.primaryOrigin,
    standbyOriginId: ids.standbyOrigin,
    standbyOriginHostName: hosts.standby,
  },
  models: {
    standbyAccountId: ids.standbyAccount,
    standbyDeployments: [{ id: ids.chat, capacity: 150, baseCapacity: 50 }],
  },
  gateway: { standbyServiceId: ids.gateway, capacity: 2, baseCapacity: 1 },
  recovery: {
    vaultId: ids.vault,
    recoveryPlanId: ids.plan,
    testFailoverNetworkId: ids.drillNetwork,
    reprotect: {
      toPrimary: {
        policyId: ids.policy,
        recoveryContainerId: ids.primaryContainer,
        stagingStorageAccountId: ids.reverseCache,
        recoveryResourceGroupIds: { "app-1": ids.rgEast },
      },
      toStandby: {
        policyId: ids.policy,
        recoveryContainerId: ids.standbyContainer,
        stagingStorageAccountId: ids.primaryCache,
        recoveryResourceGroupIds: { "*": ids.rgCentral },
        recoveryAvailabilityZones: { "app-1": "1" },
      },
      vmResourceGroupIds: [ids.rgCentral, ids.rgEast],
      networkIds: [ids.primaryNetwork, ids.standbyNetwork],
    },
  },
  drills: { modelHosts: [modelHosts.standby], testVmResourceGroupIds: [ids.rgCentral] },
  overloadDrill: {
    poolId: ids.pool,
    primaryBackendId: ids.primaryBackend,
    standbyBackendId: ids.standbyBackend,
    durationMinutes: 1,
  },
  alertEmails: ["oncall@contoso.com"],
};

export interface Planned {
  recording: Recording;
  /** The failover worker's configuration, as the plan writes it into the runbook. */
  config: WorkerConfig;
  /** Every role assignment of the runbook identity, with its role's permissions resolved. */
  grants: Grant[];
  accountId: string;
  storageAccount: { name: string; id: string };
  /** The entry runbook as published. */
  entryText: string;
}

/** Builds FailoverAutomation under the mocks and reads what a deployment would give the runbooks. */
export async function plan(over: Partial<FailoverAutomationArgs> = {}): Promise<Planned> {
  const recording = await record(() => new FailoverAutomation("agents", { ...plannedArgs, ...over }));
  const account = recording.get("automation:AutomationAccount", "agents-aa-cus");
  const principal = (account.outputs.identity as { principalId: string }).principalId;
  const definitions = new Map(recording.ofType("authorization:RoleDefinition").map((d) => [d.id, d]));
  const grants = recording.ofType("authorization:RoleAssignment").map((a): Grant => {
    if (a.inputs.principalId !== principal) throw new Error(`${a.name} is not for the runbook identity`);
    const roleId = a.inputs.roleDefinitionId as string;
    const custom = definitions.get(roleId);
    const permissions = custom
      ? (custom.inputs.permissions as Omit<Grant, "scope" | "role">[])[0]
      : builtInRoles[roleId.split("/").pop()!]?.permissions[0];
    if (!permissions)
      throw new Error(
        `${a.name}: role ${roleId} is neither a custom role of the plan nor in the built-in fixture`,
      );
    if (
      custom &&
      !(custom.inputs.assignableScopes as string[]).some((s) =>
        (a.inputs.scope as string).toLowerCase().startsWith(s.toLowerCase()),
      )
    ) {
      throw new Error(`${a.name}: ${String(a.inputs.scope)} is outside the role's assignable scopes`);
    }
    return {
      scope: a.inputs.scope as string,
      role: custom ? (custom.inputs.roleName as string) : builtInRoles[roleId.split("/").pop()!].roleName,
      actions: permissions.actions ?? [],
      notActions: permissions.notActions ?? [],
      dataActions: permissions.dataActions ?? [],
      notDataActions: permissions.notDataActions ?? [],
    };
  });
  const text = (key: string) => recording.find(`agents-runbook-content-${key}`)!.inputs.content as string;
  const config = JSON.parse(
    JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(text("failover"))![1]),
  ) as WorkerConfig;
  const storage = recording.get("storage:StorageAccount", "agents-runbooks-cus");
  return {
    recording,
    config,
    grants,
    accountId: account.id!,
    storageAccount: { name: storage.outputs.name as string, id: storage.id! },
    entryText: text("entry"),
  };
}

/** The worker configuration with Azure's storage and monitoring hosts pointed at the fake. */
export function againstFake(config: WorkerConfig, fakeUrl: string): WorkerConfig {
  const blob = (url: string) =>
    url.replace(/^https:\/\/([a-z0-9]+)\.blob\.core\.windows\.net\//, `${fakeUrl}/blob/$1/`);
  return {
    ...config,
    lock: config.lock && { blobUrl: blob(config.lock.blobUrl) },
    records: config.records && { containerUrl: blob(config.records.containerUrl) },
    metrics: config.metrics && {
      url: config.metrics.url.replace(
        /^https:\/\/([a-z0-9]+)\.monitoring\.azure\.com/,
        `${fakeUrl}/monitoring/$1`,
      ),
    },
  };
}
