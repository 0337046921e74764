import { ResilienceCheck, at, is } from "../model";
import { aksType, builtInPolicy } from "./helpers";

/**
 * The AKS API server is not open to the whole Internet: a private cluster, public network access disabled, or
 * authorized IP ranges. https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges,
 * https://learn.microsoft.com/azure/aks/private-clusters
 */
export const computeAksRestrictApiServer: ResilienceCheck = {
  name: "compute-aks-restrict-api-server",
  area: "compute",
  description: "AKS API servers are private or limited to authorized IP ranges.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set apiServerAccessProfile.enablePrivateCluster true (and reach it from the VNet), or apiServerAccessProfile.authorizedIPRanges to the CIDRs of your admins and pipelines.",
  sources: [
    builtInPolicy("0e246bcf-5f6f-4f87-bc6f-775d4712c7ea"),
    builtInPolicy("040732e8-d947-40b8-95d6-854c95024bf8"),
    "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
  ],
  resourceTypes: [aksType],
  validateResource(resource, _config, report) {
    const profile = resource.props.apiServerAccessProfile;
    const ranges = at(profile, "authorizedIPRanges");
    const restricted =
      at(profile, "enablePrivateCluster") === true ||
      is(resource.props.publicNetworkAccess, "Disabled") ||
      (Array.isArray(ranges) && ranges.length > 0);
    if (!restricted)
      report(
        "the API server is public with no authorized IP ranges: anyone on the Internet can reach the cluster's control plane.",
      );
  },
};
