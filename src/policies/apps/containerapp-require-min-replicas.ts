import { ResilienceCheck, at, num } from "../model";

/** Container apps keep replicas running: the default of 0 scales to zero, and one replica is one failure from down. */
export const appsContainerappRequireMinReplicas: ResilienceCheck = {
  name: "apps-containerapp-require-min-replicas",
  area: "apps",
  description:
    "Container apps keep at least `minReplicas` replicas (template.scale.minReplicas; Azure's default is 0, scale to zero).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set template.scale.minReplicas to 2 or more (3 in a zone-redundant environment, so every zone runs one).",
  sources: [
    "https://learn.microsoft.com/azure/reliability/reliability-azure-container-apps",
    "https://learn.microsoft.com/azure/container-apps/scale-app",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/App/managedEnvironments/",
  ],
  config: {
    minReplicas: {
      type: "number",
      default: 2,
      description: "Fewest replicas a container app should keep running.",
    },
  },
  resourceTypes: ["azure-native:app:ContainerApp"],
  validateResource(resource, config, report) {
    const minimum = num(config, "minReplicas", 2);
    const value = at(resource.props, "template.scale.minReplicas");
    const replicas = typeof value === "number" ? value : 0;
    if (replicas < minimum)
      report(
        `template.scale.minReplicas is ${typeof value === "number" ? value : "unset (0: scales to zero)"}, below ${minimum}: ${replicas === 0 ? "requests wait for a cold start" : "one replica failure is an outage"}.`,
      );
  },
};
