import { ResilienceCheck, at, is } from "../model";
import { modelSources } from "./helpers";

/**
 * The model version is pinned and moves only when it retires, so both regions answer with the same model: with
 * "Auto-update to default" a deployment "is automatically updated within two weeks of a change in the default
 * version", each region on its own schedule (https://learn.microsoft.com/azure/ai-foundry/openai/how-to/working-with-models;
 * https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-versions).
 */
export const modelsDeploymentPinModelVersion: ResilienceCheck = {
  name: "models-deployment-pin-model-version",
  area: "models",
  description: "Model deployments pin a model version and do not auto-update to each new default version.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set properties.model.version explicitly and properties.versionUpgradeOption 'OnceCurrentVersionExpired'; upgrade both regions together after testing.",
  libraryRemediation:
    "RegionalOpenAi pins `model.version` in both regions and defaults `versionUpgradeOption` to OnceCurrentVersionExpired; keep that.",
  sources: [
    modelSources.modelVersions,
    "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/working-with-models",
  ],
  resourceTypes: ["azure-native:cognitiveservices:Deployment"],
  validateResource(resource, _config, report) {
    const name = String(resource.props.deploymentName ?? resource.name);
    if (
      at(resource.props, "properties.model") !== undefined &&
      !at(resource.props, "properties.model.version")
    )
      report(
        `deployment ${name} gives no model version: Azure picks the current default, which can differ between regions.`,
      );
    if (is(at(resource.props, "properties.versionUpgradeOption"), "OnceNewDefaultVersionAvailable"))
      report(
        `deployment ${name} auto-updates to each new default version: answers change without a release, and the two regions may run different versions for up to two weeks.`,
      );
  },
};
