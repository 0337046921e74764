/**
 * How azure-native type tokens map to ARM resource types and ids, so the mocks can answer with ids shaped
 * like Azure's: `/subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>[/<child>/<name>]`.
 *
 * Each entry: the ARM type, then the input names that hold the parent names and, last, the resource's own
 * name (which azure-native auto-names from the logical name when it is not given). A parent name written
 * `=value` is that literal value (blob containers live under the `default` blob service).
 */
interface ArmType {
  readonly type: string;
  readonly nameInputs: readonly string[];
}

const t = (type: string, ...nameInputs: string[]): ArmType => ({ type, nameInputs });

// prettier-ignore
const armTypes: Record<string, ArmType> = {
  "azure-native:resources:ResourceGroup": t("Microsoft.Resources/resourceGroups", "resourceGroupName"),
  "azure-native:network:VirtualNetwork": t("Microsoft.Network/virtualNetworks", "virtualNetworkName"),
  "azure-native:network:Subnet": t("Microsoft.Network/virtualNetworks/subnets", "virtualNetworkName", "subnetName"),
  "azure-native:network:VirtualNetworkPeering": t("Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "virtualNetworkName", "virtualNetworkPeeringName"),
  "azure-native:network:NetworkSecurityGroup": t("Microsoft.Network/networkSecurityGroups", "networkSecurityGroupName"),
  "azure-native:network:SecurityRule": t("Microsoft.Network/networkSecurityGroups/securityRules", "networkSecurityGroupName", "securityRuleName"),
  "azure-native:network:AzureFirewall": t("Microsoft.Network/azureFirewalls", "azureFirewallName"),
  "azure-native:network:FirewallPolicy": t("Microsoft.Network/firewallPolicies", "firewallPolicyName"),
  "azure-native:network:FirewallPolicyRuleCollectionGroup": t("Microsoft.Network/firewallPolicies/ruleCollectionGroups", "firewallPolicyName", "ruleCollectionGroupName"),
  "azure-native:network:PublicIPAddress": t("Microsoft.Network/publicIPAddresses", "publicIpAddressName"),
  "azure-native:network:RouteTable": t("Microsoft.Network/routeTables", "routeTableName"),
  "azure-native:network:Route": t("Microsoft.Network/routeTables/routes", "routeTableName", "routeName"),
  "azure-native:network:PrivateEndpoint": t("Microsoft.Network/privateEndpoints", "privateEndpointName"),
  "azure-native:network:PrivateDnsZoneGroup": t("Microsoft.Network/privateEndpoints/privateDnsZoneGroups", "privateEndpointName", "privateDnsZoneGroupName"),
  "azure-native:privatedns:PrivateZone": t("Microsoft.Network/privateDnsZones", "privateZoneName"),
  "azure-native:privatedns:VirtualNetworkLink": t("Microsoft.Network/privateDnsZones/virtualNetworkLinks", "privateZoneName", "virtualNetworkLinkName"),
  "azure-native:frontdoor:Policy": t("Microsoft.Network/frontDoorWebApplicationFirewallPolicies", "policyName"),
  "azure-native:cognitiveservices:Account": t("Microsoft.CognitiveServices/accounts", "accountName"),
  "azure-native:cognitiveservices:Deployment": t("Microsoft.CognitiveServices/accounts/deployments", "accountName", "deploymentName"),
  "azure-native:apimanagement:ApiManagementService": t("Microsoft.ApiManagement/service", "serviceName"),
  "azure-native:apimanagement:Backend": t("Microsoft.ApiManagement/service/backends", "serviceName", "backendId"),
  "azure-native:apimanagement:Api": t("Microsoft.ApiManagement/service/apis", "serviceName", "apiId"),
  "azure-native:apimanagement:ApiOperation": t("Microsoft.ApiManagement/service/apis/operations", "serviceName", "apiId", "operationId"),
  "azure-native:apimanagement:ApiPolicy": t("Microsoft.ApiManagement/service/apis/policies", "serviceName", "apiId", "policyId"),
  "azure-native:apimanagement:NamedValue": t("Microsoft.ApiManagement/service/namedValues", "serviceName", "namedValueId"),
  "azure-native:apimanagement:Subscription": t("Microsoft.ApiManagement/service/subscriptions", "serviceName", "sid"),
  "azure-native:apimanagement:Logger": t("Microsoft.ApiManagement/service/loggers", "serviceName", "loggerId"),
  "azure-native:apimanagement:ApiDiagnostic": t("Microsoft.ApiManagement/service/apis/diagnostics", "serviceName", "apiId", "diagnosticId"),
  "azure-native:applicationinsights:Component": t("Microsoft.Insights/components", "resourceName"),
  "azure-native:operationalinsights:Workspace": t("Microsoft.OperationalInsights/workspaces", "workspaceName"),
  "azure-native:cdn:Profile": t("Microsoft.Cdn/profiles", "profileName"),
  "azure-native:cdn:AFDEndpoint": t("Microsoft.Cdn/profiles/afdEndpoints", "profileName", "endpointName"),
  "azure-native:cdn:AFDOriginGroup": t("Microsoft.Cdn/profiles/originGroups", "profileName", "originGroupName"),
  "azure-native:cdn:AFDOrigin": t("Microsoft.Cdn/profiles/originGroups/origins", "profileName", "originGroupName", "originName"),
  "azure-native:cdn:Route": t("Microsoft.Cdn/profiles/afdEndpoints/routes", "profileName", "endpointName", "routeName"),
  "azure-native:cdn:SecurityPolicy": t("Microsoft.Cdn/profiles/securityPolicies", "profileName", "securityPolicyName"),
  "azure-native:cdn:AFDCustomDomain": t("Microsoft.Cdn/profiles/customDomains", "profileName", "customDomainName"),
  "azure-native:recoveryservices:Vault": t("Microsoft.RecoveryServices/vaults", "vaultName"),
  "azure-native:recoveryservices:ReplicationFabric": t("Microsoft.RecoveryServices/vaults/replicationFabrics", "resourceName", "fabricName"),
  "azure-native:recoveryservices:ReplicationPolicy": t("Microsoft.RecoveryServices/vaults/replicationPolicies", "resourceName", "policyName"),
  "azure-native:recoveryservices:ReplicationProtectionContainerMapping": t("Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectionContainerMappings", "resourceName", "fabricName", "protectionContainerName", "mappingName"),
  "azure-native:recoveryservices:ReplicationNetworkMapping": t("Microsoft.RecoveryServices/vaults/replicationFabrics/replicationNetworks/replicationNetworkMappings", "resourceName", "fabricName", "networkName", "networkMappingName"),
  "azure-native:recoveryservices:ReplicationProtectedItem": t("Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems", "resourceName", "fabricName", "protectionContainerName", "replicatedProtectedItemName"),
  "azure-native:recoveryservices:ReplicationRecoveryPlan": t("Microsoft.RecoveryServices/vaults/replicationRecoveryPlans", "resourceName", "recoveryPlanName"),
  "azure-native:storage:StorageAccount": t("Microsoft.Storage/storageAccounts", "accountName"),
  "azure-native:storage:BlobContainer": t("Microsoft.Storage/storageAccounts/blobServices/containers", "accountName", "=default", "containerName"),
  "azure-native:keyvault:Vault": t("Microsoft.KeyVault/vaults", "vaultName"),
  "azure-native:web:WebApp": t("Microsoft.Web/sites", "name"),
  "azure-native:web:AppServicePlan": t("Microsoft.Web/serverfarms", "name"),
  "azure-native:containerservice:ManagedCluster": t("Microsoft.ContainerService/managedClusters", "resourceName"),
  "azure-native:containerregistry:Registry": t("Microsoft.ContainerRegistry/registries", "registryName"),
  "azure-native:cosmosdb:DatabaseAccount": t("Microsoft.DocumentDB/databaseAccounts", "accountName"),
  "azure-native:compute:VirtualMachine": t("Microsoft.Compute/virtualMachines", "vmName"),
  "azure-native:compute:Disk": t("Microsoft.Compute/disks", "diskName"),
  "azure-native:automation:AutomationAccount": t("Microsoft.Automation/automationAccounts", "automationAccountName"),
  "azure-native:automation:Runbook": t("Microsoft.Automation/automationAccounts/runbooks", "automationAccountName", "runbookName"),
  "azure-native:automation:Webhook": t("Microsoft.Automation/automationAccounts/webhooks", "automationAccountName", "webhookName"),
  "azure-native:monitor:ActionGroup": t("Microsoft.Insights/actionGroups", "actionGroupName"),
  "azure-native:monitor:ActivityLogAlert": t("Microsoft.Insights/activityLogAlerts", "activityLogAlertName"),
  "azure-native:monitor:MetricAlert": t("Microsoft.Insights/metricAlerts", "ruleName"),
  "azure-native:dbforpostgresql:Server": t("Microsoft.DBforPostgreSQL/flexibleServers", "serverName"),
  "azure-native:azureresiliencemanagement:UsagePlan": t("Microsoft.AzureResilienceManagement/usagePlans", "usagePlanName"),
  "azure-native:azureresiliencemanagement:Enrollment": t("Microsoft.AzureResilienceManagement/usagePlans/enrollments", "usagePlanName", "enrollmentName"),
  "azure-native:dbforpostgresql:VirtualEndpoint": t("Microsoft.DBforPostgreSQL/flexibleServers/virtualendpoints", "serverName", "virtualEndpointName"),
  "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": t("Microsoft.DBforPostgreSQL/flexibleServers/administrators", "serverName", "objectId"),
};

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The ARM type for an azure-native token; a best guess (`Microsoft.<Module>/<type>s`) for tokens not listed. */
export function armTypeOf(token: string): ArmType | undefined {
  const known = armTypes[token];
  if (known) return known;
  const [pkg, module, type] = token.split(":");
  if (pkg !== "azure-native" || !module || !type) return undefined;
  return t(
    `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}/${lowerFirst(type)}s`,
    `${lowerFirst(type)}Name`,
  );
}

/** Inputs a mock id is built from. */
export interface ArmIdParts {
  token: string;
  inputs: Record<string, unknown>;
  /** The resource's own name (given or auto-named). */
  name: string;
  subscriptionId: string;
}

/** The ARM id Azure would give this resource, or undefined when the token is not an ARM resource. */
export function armId({ token, inputs, name, subscriptionId }: ArmIdParts): string | undefined {
  const sub = `/subscriptions/${subscriptionId}`;
  if (token === "azure-native:resources:ResourceGroup") return `${sub}/resourceGroups/${name}`;
  if (token === "azure-native:authorization:RoleAssignment") {
    return `${String(inputs.scope ?? sub)}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  }
  if (token === "azure-native:resources:Resource") {
    const parentPath = inputs.parentResourcePath ? `/${String(inputs.parentResourcePath)}` : "";
    return (
      `${sub}/resourceGroups/${String(inputs.resourceGroupName)}/providers/` +
      `${String(inputs.resourceProviderNamespace)}${parentPath}/${String(inputs.resourceType)}/${name}`
    );
  }
  // Tenant-level service groups and the extension resources on them (ids as Microsoft's own scripts build them:
  // microsoft/mcp tools/Azure.Mcp.Tools.ResilienceManagement/tests/test-resources-post.ps1).
  if (token === "azure-native:management:ServiceGroup")
    return `/providers/Microsoft.Management/serviceGroups/${name}`;
  const onGroup = { GoalTemplate: "goalTemplates", GoalAssignment: "goalAssignments" }[
    token.replace("azure-native:azureresiliencemanagement:", "")
  ];
  if (token.startsWith("azure-native:azureresiliencemanagement:") && onGroup) {
    return (
      `/providers/Microsoft.Management/serviceGroups/${String(inputs.serviceGroupName)}` +
      `/providers/Microsoft.AzureResilienceManagement/${onGroup}/${name}`
    );
  }
  if (token === "azure-native:relationships:ServiceGroupMemberRelationship") {
    return `${String(inputs.resourceUri)}/providers/Microsoft.Relationships/serviceGroupMember/${name}`;
  }
  const arm = armTypeOf(token);
  if (!arm) return undefined;
  const [namespace, ...types] = arm.type.split("/");
  const names = arm.nameInputs
    .slice(0, -1)
    .map((input) => (input.startsWith("=") ? input.slice(1) : String(inputs[input])));
  names.push(name);
  const path = types.map((type, i) => `${type}/${names[i]}`).join("/");
  const rg =
    inputs.resourceGroupName === undefined ? "" : `/resourceGroups/${String(inputs.resourceGroupName)}`;
  return `${sub}${rg}/providers/${namespace}/${path}`;
}

/** The input holding the resource's own name, e.g. `virtualNetworkName`. */
export function nameInputOf(token: string): string | undefined {
  if (token === "azure-native:authorization:RoleAssignment") return "roleAssignmentName";
  if (token === "azure-native:resources:Resource") return "resourceName";
  if (token === "azure-native:relationships:ServiceGroupMemberRelationship") return "name";
  const arm = armTypeOf(token);
  return arm?.nameInputs[arm.nameInputs.length - 1];
}
