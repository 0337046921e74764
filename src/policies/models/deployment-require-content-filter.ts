import { CheckedResource, ResilienceCheck, at, ofType } from "../model";
import { accountFinder } from "./helpers";

type Filter = { name?: unknown; enabled?: unknown; blocking?: unknown; source?: unknown };

/**
 * A deployment's content filter (raiPolicyName, Microsoft's default policy when absent) does not switch filtering off:
 * built-in policy f3a9c2e0 (preview, "Cognitive Services Deployments should only use allowed prompt content
 * filtering", enabled and blocking); https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter.
 * The RaiPolicy is found in the stack, by name, in the deployment's account.
 */
export const modelsDeploymentRequireContentFilter: ResilienceCheck = {
  name: "models-deployment-require-content-filter",
  area: "models",
  description:
    "Model deployments use a content filter policy whose filters are enabled and blocking (Microsoft's default policy when none is named).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Point properties.raiPolicyName at a RaiPolicy whose contentFilters are all enabled: true and blocking: true (or leave raiPolicyName out for Microsoft's default policy).",
  libraryRemediation:
    "RegionalOpenAi's `raiPolicyName` (default: the account's default policy) names the content filter; name a policy whose filters are on.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/f3a9c2e0-7b4d-4d8f-9c3a-2e1f6b9a8d4e",
    "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter",
  ],
  resourceTypes: ["azure-native:cognitiveservices:Deployment", "azure-native:cognitiveservices:RaiPolicy"],
  validateStack(resources, _config, report) {
    const accountOf = accountFinder(resources);
    // Policies by name (once), each with the account it belongs to.
    const policies = new Map<string, { policy: CheckedResource; account?: CheckedResource }[]>();
    for (const policy of ofType(resources, "azure-native:cognitiveservices:RaiPolicy")) {
      const name = String(policy.props.raiPolicyName ?? policy.name).toLowerCase();
      policies.set(name, [...(policies.get(name) ?? []), { policy, account: accountOf(policy) }]);
    }
    if (policies.size === 0) return;
    for (const deployment of ofType(resources, "azure-native:cognitiveservices:Deployment")) {
      const name = at(deployment.props, "properties.raiPolicyName");
      if (typeof name !== "string") continue;
      const candidates = policies.get(name.toLowerCase()) ?? [];
      const account = accountOf(deployment);
      const match = candidates.find(
        (c) => c.account === undefined || account === undefined || c.account === account,
      );
      if (!match) continue;
      const filters = (at(match.policy.props, "properties.contentFilters") as Filter[] | undefined) ?? [];
      const off = filters.filter((f) => f.enabled === false || f.blocking === false);
      if (off.length > 0)
        report(
          `deployment ${String(deployment.props.deploymentName ?? deployment.name)} uses content filter ${name}, which turns off ${off
            .map((f) => `${String(f.name ?? "?")}${f.source ? ` (${String(f.source)})` : ""}`)
            .join(", ")}: harmful prompts and completions pass unblocked.`,
          deployment.urn,
        );
    }
  },
};
