import { ResilienceCheck, at, is, ofType } from "../model";

/** Resource types whose resource logs matter to an AI platform's operations and incident reviews. */
const withLogs = [
  "azure-native:keyvault:Vault",
  "azure-native:cognitiveservices:Account",
  "azure-native:apimanagement:ApiManagementService",
  "azure-native:web:WebApp",
  "azure-native:app:ManagedEnvironment",
  "azure-native:network:AzureFirewall",
  "azure-native:network:ApplicationGateway",
  "azure-native:network:VirtualNetworkGateway",
  "azure-native:cdn:Profile",
  "azure-native:frontdoor:FrontDoor",
  "azure-native:dbforpostgresql:Server",
  "azure-native:cosmosdb:DatabaseAccount",
  "azure-native:containerservice:ManagedCluster",
  "azure-native:automation:AutomationAccount",
  "azure-native:recoveryservices:Vault",
];

/** Resources that write resource logs have a diagnostic setting sending them somewhere. */
export const monitorResourceRequireDiagnosticSetting: ResilienceCheck = {
  name: "monitor-resource-require-diagnostic-setting",
  area: "monitor",
  description:
    "Key Vaults, AI Services accounts, API Management, apps, firewalls, gateways, Front Door, databases, AKS, Automation and Recovery Services vaults have a diagnostic setting (matched by resourceUri or dependency).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Add an azure-native monitor.DiagnosticSetting with resourceUri: <the resource id>, logs: [{ categoryGroup: "allLogs", enabled: true }] and workspaceId; Container Apps environments can instead set appLogsConfiguration.destination "log-analytics".',
  libraryRemediation:
    "Give the component diagnostics: { workspaceId } (PlatformLogs.diagnostics; WarmStandbyAiPlatform does when observability is on).",
  sources: [
    "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
    "https://learn.microsoft.com/azure/azure-monitor/reference/logs-index",
    "/providers/Microsoft.Authorization/policyDefinitions/91a78b24-f231-4a8a-8da9-02c35b2b6510",
    "/providers/Microsoft.Authorization/policyDefinitions/cf820ca0-f99e-4f3e-84fb-66e913812d21",
  ],
  resourceTypes: [...withLogs, "azure-native:monitor:DiagnosticSetting"],
  validateStack(resources, _config, report) {
    // One pass over the settings: the resource ids they name, and the URNs they depend on.
    const uris = new Set<string>();
    const dependedOn = new Set<string>();
    for (const setting of ofType(resources, "azure-native:monitor:DiagnosticSetting")) {
      if (typeof setting.props.resourceUri === "string") uris.add(setting.props.resourceUri.toLowerCase());
      for (const urn of setting.dependencies) dependedOn.add(urn);
    }
    for (const resource of ofType(resources, ...withLogs)) {
      const id = typeof resource.props.id === "string" ? resource.props.id.toLowerCase() : undefined;
      if ((id && uris.has(id)) || dependedOn.has(resource.urn)) continue;
      if (
        resource.type === "azure-native:app:ManagedEnvironment" &&
        is(at(resource.props, "appLogsConfiguration.destination"), "log-analytics")
      )
        continue;
      report(
        "no diagnostic setting sends this resource's logs anywhere: failures and access are not recorded for alerts or incident reviews.",
        resource.urn,
      );
    }
  },
};
