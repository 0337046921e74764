import { CheckedResource, is, ofType } from "../model";

/** Microsoft's sources the Front Door checks share. */
export const frontDoorSources = {
  /** APRL recommendations for Microsoft.Cdn/profiles (Front Door Standard/Premium). */
  aprlProfiles: "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Cdn/profiles/",
  healthProbes: "https://learn.microsoft.com/azure/frontdoor/health-probes",
  /** Front Door (classic) retires on March 31, 2027; migrate to Standard or Premium. */
  classicRetirement: "https://learn.microsoft.com/azure/frontdoor/tier-migration",
  /** Microsoft's guide for Azure OpenAI behind Front Door: WAF with DRS 2.2 and Bot Manager 1.1. */
  protectOpenAi: "https://learn.microsoft.com/azure/web-application-firewall/afds/protect-azure-open-ai",
  endToEndTls: "https://learn.microsoft.com/azure/frontdoor/end-to-end-tls",
  reliability: "https://learn.microsoft.com/azure/reliability/reliability-front-door",
  wafPolicyApi:
    "https://learn.microsoft.com/rest/api/frontdoor/webapplicationfirewall/policies/create-or-update",
};

const groupType = "azure-native:cdn:AFDOriginGroup";
const originType = "azure-native:cdn:AFDOrigin";

/**
 * The origins of every origin group of a stack, built in one pass: an origin belongs to a group it depends on, or to
 * the group whose `originGroupName` it gives.
 */
export function originsByGroup(
  resources: readonly CheckedResource[],
): Map<CheckedResource, CheckedResource[]> {
  const groups = ofType(resources, groupType);
  const byUrn = new Map(groups.map((g) => [g.urn, g]));
  const byName = new Map<unknown, CheckedResource[]>();
  for (const g of groups) {
    if (g.props.originGroupName === undefined) continue;
    byName.set(g.props.originGroupName, [...(byName.get(g.props.originGroupName) ?? []), g]);
  }
  const result = new Map<CheckedResource, CheckedResource[]>(groups.map((g) => [g, []]));
  for (const origin of ofType(resources, originType)) {
    const owners = new Set<CheckedResource>();
    for (const urn of origin.dependencies) {
      const g = byUrn.get(urn);
      if (g) owners.add(g);
    }
    if (origin.props.originGroupName !== undefined)
      for (const g of byName.get(origin.props.originGroupName) ?? []) owners.add(g);
    for (const g of owners) result.get(g)!.push(origin);
  }
  return result;
}

/** Whether an origin (or classic backend) is enabled: ARM's default is Enabled. */
export const isEnabled = (resource: { enabledState?: unknown }) => !is(resource.enabledState, "Disabled");

/**
 * The WAF policy sku: `Premium_AzureFrontDoor`, `Standard_AzureFrontDoor` or `Classic_AzureFrontDoor`, which ARM
 * takes when none is given ("Defaults to Classic_AzureFrontDoor if not specified", the REST API's `sku`).
 */
export const wafSku = (waf: CheckedResource) =>
  (waf.props.sku as { name?: unknown } | undefined)?.name ?? "Classic_AzureFrontDoor";

/** Managed rule sets (Premium and classic only) of a Front Door WAF policy. */
export function managedRuleSets(waf: CheckedResource): { ruleSetType?: unknown; ruleSetVersion?: unknown }[] {
  const sets = (waf.props.managedRules as { managedRuleSets?: unknown } | undefined)?.managedRuleSets;
  return Array.isArray(sets) ? (sets as { ruleSetType?: unknown; ruleSetVersion?: unknown }[]) : [];
}

/** Whether the WAF policy's sku can hold managed rule sets (Standard cannot). */
export const takesManagedRules = (waf: CheckedResource) =>
  is(wafSku(waf), "Premium_AzureFrontDoor", "Classic_AzureFrontDoor");
