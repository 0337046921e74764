import { ResilienceCheck } from "../model";

/** A flow log that exists is switched on. */
export const networkFlowlogRequireEnabled: ResilienceCheck = {
  name: "network-flowlog-require-enabled",
  area: "network",
  description: "Flow logs are enabled (enabled is not false).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation: "Set enabled: true on the flow log, or delete it if the traffic is not to be recorded.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/27960feb-a23c-4577-8d36-ef8b5f35e0be",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/networkWatchers/#fix-flow-log-configurations-in-failed-state-or-disabled-status",
  ],
  resourceTypes: ["azure-native:network:FlowLog"],
  validateResource(resource, _config, report) {
    if (resource.props.enabled === false)
      report(`flow log ${resource.name} has enabled: false: no traffic of its target is recorded.`);
  },
};
