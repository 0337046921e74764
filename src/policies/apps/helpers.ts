import { CheckedResource, at, is } from "../model";

/** Shared readers for the apps checks (not a check). */

/** Whether a site (`azure-native:web:WebApp`) is a function app: its `kind` names `functionapp`. */
export const isFunctionApp = (site: CheckedResource) =>
  typeof site.props.kind === "string" && site.props.kind.toLowerCase().includes("functionapp");

/** A `siteConfig` property of a site. */
export const siteConfig = (site: CheckedResource, key: string): unknown =>
  at(site.props, `siteConfig.${key}`);

export { hasManagedIdentity } from "../model";

/** App Service plan tiers without production SLA or scale-out (Free, Shared, Basic): by `sku.tier`, else `sku.name`. */
export function planTier(plan: CheckedResource): string | undefined {
  const tier = at(plan.props, "sku.tier");
  if (typeof tier === "string" && tier !== "") return tier;
  const name = at(plan.props, "sku.name");
  if (typeof name !== "string") return undefined;
  if (/^F\d/i.test(name)) return "Free";
  if (/^D\d/i.test(name)) return "Shared";
  if (/^B\d/i.test(name)) return "Basic";
  if (/^Y\d/i.test(name)) return "Dynamic";
  if (/^FC\d/i.test(name)) return "FlexConsumption";
  return undefined;
}

/** Plans Azure scales itself (Consumption, Flex Consumption): instance counts do not apply. */
export const isServerless = (plan: CheckedResource) => is(planTier(plan), "Dynamic", "FlexConsumption");
