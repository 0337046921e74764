import {
  CheckedResource,
  ResilienceCheck,
  at,
  dependenciesOf,
  locationOf,
  ofType,
  referenced,
} from "../model";
import { accountFinder, modelSources } from "./helpers";

const accountTypes = ["azure-native:cognitiveservices:Account"];

/** The account a deployment belongs to: by dependency, then by account name. */
export function accountOf(
  deployment: CheckedResource,
  resources: readonly CheckedResource[],
): CheckedResource | undefined {
  return (
    dependenciesOf(resources, deployment, ...accountTypes)[0] ??
    referenced(resources, deployment.props.accountName, accountTypes)
  );
}

/** Deployments grouped by deployment name, with each one's region, model and capacity. */
export function deploymentsByName(resources: readonly CheckedResource[]) {
  const findAccount = accountFinder(resources);
  const groups = new Map<
    string,
    { resource: CheckedResource; region?: string; model: string; capacity?: number }[]
  >();
  for (const d of ofType(resources, "azure-native:cognitiveservices:Deployment")) {
    const name = String(d.props.deploymentName ?? d.name);
    const model = at(d.props, "properties.model") as { name?: string; version?: string } | undefined;
    const entry = {
      resource: d,
      region: locationOf(findAccount(d)),
      model: `${model?.name ?? "?"}@${model?.version ?? "unpinned"}`,
      capacity: at(d.props, "sku.capacity") as number | undefined,
    };
    groups.set(name, [...(groups.get(name) ?? []), entry]);
  }
  return groups;
}

/**
 * Every model deployment exists in at least two regions, with the same model and version (APRL 61187af4 "Deploy AOAI
 * Service in multiple regions"; Microsoft's business continuity guide for Azure OpenAI).
 */
export const modelsDeploymentRequireTwoRegions: ResilienceCheck = {
  name: "models-deployment-require-two-regions",
  area: "models",
  description: "Every model deployment exists in at least two regions, with the same model and version.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Deploy the same model and version under the same deployment name in an account in the standby region.",
  libraryRemediation:
    "RegionalOpenAi builds every `deployments` entry in both regions with the same model and pinned version; declare the deployment there.",
  sources: [modelSources.aprl, modelSources.bcdr],
  resourceTypes: ["azure-native:cognitiveservices:Deployment"],
  validateStack(resources, _config, report) {
    for (const [name, copies] of deploymentsByName(resources)) {
      const regions = new Set(copies.map((c) => c.region).filter(Boolean));
      if (regions.size < 2) {
        report(
          `deployment "${name}" exists only in ${[...regions].join(", ") || "one region"}: agents stop when that region or its quota does.`,
          copies[0].resource.urn,
        );
      }
      const models = new Set(copies.map((c) => c.model));
      if (models.size > 1) {
        report(
          `deployment "${name}" runs different models across regions (${[...models].join(" vs ")}): answers change on failover.`,
          copies[0].resource.urn,
        );
      }
    }
  },
};
