import { ResilienceCheck, at, is } from "../model";
import { modelSources } from "./helpers";

/**
 * No deployment is left to die with its model version: "Deployments that are set to No Auto Upgrade stop working when
 * the model is retired" (https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-versions).
 */
export const modelsDeploymentDisallowNoAutoUpgrade: ResilienceCheck = {
  name: "models-deployment-disallow-no-auto-upgrade",
  area: "models",
  description:
    "Model deployments are not set to NoAutoUpgrade, which stops the deployment when its model version retires.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set properties.versionUpgradeOption 'OnceCurrentVersionExpired' (the pinned version stays until it retires, then upgrades) and move versions deliberately before the retirement date.",
  libraryRemediation:
    "RegionalOpenAi's `versionUpgradeOption` defaults to OnceCurrentVersionExpired; do not set NoAutoUpgrade.",
  sources: [modelSources.modelVersions],
  resourceTypes: ["azure-native:cognitiveservices:Deployment"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "properties.versionUpgradeOption"), "NoAutoUpgrade"))
      report(
        `deployment ${String(resource.props.deploymentName ?? resource.name)} is set to NoAutoUpgrade: it stops answering the day its model version retires.`,
      );
  },
};
