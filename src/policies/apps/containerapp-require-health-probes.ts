import { ResilienceCheck, at } from "../model";

/** Container apps define health probes, so unhealthy replicas are restarted and taken out of traffic. */
export const appsContainerappRequireHealthProbes: ResilienceCheck = {
  name: "apps-containerapp-require-health-probes",
  area: "apps",
  description:
    "Every container of a container app defines liveness or readiness probes (template.containers[].probes).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Add probes to each container in template.containers (at least { type: "Liveness" } and { type: "Readiness" } with an httpGet path that checks the app).',
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/App/containerApps/",
    "https://learn.microsoft.com/azure/container-apps/health-probes",
  ],
  resourceTypes: ["azure-native:app:ContainerApp"],
  validateResource(resource, _config, report) {
    const containers =
      (at(resource.props, "template.containers") as { name?: string; probes?: unknown[] }[] | undefined) ??
      [];
    const bare = containers.filter((c) => !Array.isArray(c?.probes) || c.probes.length === 0);
    if (bare.length > 0)
      report(
        `container${bare.length === 1 ? "" : "s"} ${bare.map((c, i) => c?.name ?? `#${i + 1}`).join(", ")} define no health probes: a hung replica keeps receiving traffic.`,
      );
  },
};
