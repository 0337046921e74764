import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources, isEnabled } from "./helpers";

/**
 * A classic Front Door backend pool with two or more enabled backends has an enabled health probe (on a dedicated
 * path): "Front Door then uses responses from the health probe to determine the best origin"; probes can only be
 * disabled when a pool has a single enabled backend (https://learn.microsoft.com/azure/frontdoor/health-probes).
 */
export const frontdoorClassicBackendPoolRequireHealthProbe: ResilienceCheck = {
  name: "frontdoor-classic-backend-pool-require-health-probe",
  area: "frontdoor",
  description:
    "Front Door (classic) backend pools with two or more enabled backends use an enabled health probe on a dedicated path.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Give the pool's healthProbeSettings (the FrontDoor's healthProbeSettings entry it references) enabledState 'Enabled', healthProbeMethod 'HEAD' and a dedicated path such as '/healthz'; better, migrate to a Standard/Premium profile.",
  sources: [frontDoorSources.healthProbes, frontDoorSources.classicRetirement],
  resourceTypes: ["azure-native:frontdoor:FrontDoor"],
  validateResource(resource, _config, report) {
    const settings = Array.isArray(resource.props.healthProbeSettings)
      ? (resource.props.healthProbeSettings as Record<string, unknown>[])
      : [];
    const pools = Array.isArray(resource.props.backendPools)
      ? (resource.props.backendPools as Record<string, unknown>[])
      : [];
    for (const pool of pools) {
      const backends = Array.isArray(pool.backends) ? (pool.backends as Record<string, unknown>[]) : [];
      if (backends.filter((b) => isEnabled(b)).length < 2) continue;
      const ref = at(pool, "healthProbeSettings.id");
      const refName = typeof ref === "string" ? ref.split("/").pop()?.toLowerCase() : undefined;
      const probe =
        settings.find(
          (s) =>
            typeof ref === "string" && typeof s.id === "string" && s.id.toLowerCase() === ref.toLowerCase(),
        ) ??
        settings.find((s) => typeof s.name === "string" && s.name.toLowerCase() === refName) ??
        (settings.length === 1 ? settings[0] : undefined);
      const name = String(pool.name ?? "?");
      if (!probe || is(probe.enabledState, "Disabled")) {
        report(
          `backend pool ${name} has ${backends.length} backends but no enabled health probe: Front Door cannot tell a dead backend.`,
        );
        continue;
      }
      if (!probe.path || probe.path === "/")
        report(
          `backend pool ${name} probes "${String(probe.path ?? "/")}": probe a dedicated health path, not the root.`,
        );
    }
  },
};
