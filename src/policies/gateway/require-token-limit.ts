import { ResilienceCheck, apimPolicies, findElements } from "../model";
import { gatewayServices, serviceOwners } from "./service-backends";

/** A gateway in front of models limits tokens per caller, so one agent cannot starve the others. */
export const gatewayRequireTokenLimit: ResilienceCheck = {
  name: "gateway-require-token-limit",
  area: "gateway",
  description:
    "An API Management gateway with backends applies a token limit (llm-token-limit or azure-openai-token-limit).",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    'Add <llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="..." estimate-prompt-tokens="true" /> to the API\'s inbound policy.',
  libraryRemediation:
    "AiGateway limits each validated caller with llm-token-limit; set `tokenLimit.tokensPerMinute` (default 10,000).",
  sources: [
    "https://learn.microsoft.com/azure/api-management/llm-token-limit-policy",
    "https://learn.microsoft.com/azure/api-management/azure-openai-token-limit-policy",
  ],
  resourceTypes: [
    "azure-native:apimanagement:Policy",
    "azure-native:apimanagement:ApiPolicy",
    "azure-native:apimanagement:ApiOperationPolicy",
    "azure-native:apimanagement:ProductPolicy",
  ],
  validateStack(resources, _config, report) {
    // The policy documents that apply a token limit, read once.
    const limiting = apimPolicies(resources).filter(
      (p) =>
        findElements(p.xml, "llm-token-limit").length > 0 ||
        findElements(p.xml, "azure-openai-token-limit").length > 0,
    );
    const ownersOf = serviceOwners(resources);
    const limitedServices = new Set(limiting.flatMap((p) => [...ownersOf(p.resource)]));
    for (const { service, singles } of gatewayServices(resources)) {
      if (singles.length === 0) continue;
      const limited = limitedServices.has(service);
      if (!limited)
        report(
          `gateway ${service.name} has no token limit: one caller can use the whole quota and freeze every other agent.`,
          service.urn,
        );
    }
  },
};
