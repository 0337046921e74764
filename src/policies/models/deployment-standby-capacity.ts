import { ResilienceCheck, num } from "../model";
import { deploymentsByName } from "./deployment-require-two-regions";
import { modelSources } from "./helpers";

/** The smallest copy of a deployment has at least a configured share of the largest one's capacity. */
export const modelsDeploymentStandbyCapacity: ResilienceCheck = {
  name: "models-deployment-standby-capacity",
  area: "models",
  description: "Each deployment's standby capacity is at least a configured share of its primary capacity.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Raise the standby deployment's capacity (quota permitting), or accept a degraded failover explicitly by lowering the share.",
  libraryRemediation:
    "Set RegionalOpenAi's `standbyCapacity` (default: the primary's) on the deployment, quota permitting.",
  sources: [modelSources.bcdr, modelSources.aprl],
  config: {
    minimumStandbyShare: {
      type: "number",
      default: 1,
      description: "Smallest acceptable standby/primary capacity ratio (1 = full warm standby).",
    },
  },
  resourceTypes: ["azure-native:cognitiveservices:Deployment"],
  validateStack(resources, config, report) {
    const share = num(config, "minimumStandbyShare", 1);
    for (const [name, copies] of deploymentsByName(resources)) {
      const capacities = copies.map((c) => c.capacity).filter((c): c is number => typeof c === "number");
      if (capacities.length < 2) continue;
      const [low, high] = [Math.min(...capacities), Math.max(...capacities)];
      if (low < high * share) {
        const smallest = copies.find((c) => c.capacity === low)!;
        report(
          `deployment "${name}" has ${low} against ${high} elsewhere (${Math.round((100 * low) / high)}%, objective ${Math.round(share * 100)}%): a failover serves only part of the load.`,
          smallest.resource.urn,
        );
      }
    }
  },
};
