import { ResilienceCheck, at, is } from "../model";
import { modelSources } from "./helpers";

/**
 * No production traffic on the Developer deployment type: "Developer Tier offers no availability SLA and no data
 * residency guarantees" and "Developer Tier deployments have a fixed lifetime of 24 hours"
 * (https://learn.microsoft.com/azure/ai-services/openai/how-to/fine-tune-test).
 */
export const modelsDeploymentAvoidDeveloperTier: ResilienceCheck = {
  name: "models-deployment-avoid-developer-tier",
  area: "models",
  description:
    "Model deployments do not use the DeveloperTier deployment type (no SLA, no data residency, deleted after 24 hours).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Use sku.name GlobalStandard, DataZoneStandard or Standard (or a provisioned type) for anything beyond evaluating a fine-tuned model.",
  libraryRemediation:
    "Set RegionalOpenAi's deployment `sku` to GlobalStandard (the default) or another production type.",
  sources: [
    "https://learn.microsoft.com/azure/ai-services/openai/how-to/fine-tune-test",
    modelSources.deploymentTypes,
  ],
  resourceTypes: ["azure-native:cognitiveservices:Deployment"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "sku.name"), "DeveloperTier"))
      report(
        `deployment ${String(resource.props.deploymentName ?? resource.name)} is DeveloperTier: no availability SLA, no data residency, and it is deleted after 24 hours.`,
      );
  },
};
