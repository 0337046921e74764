import type { AzureRegion } from "../regions/catalog";
import type { RegionPair } from "../regions/pair";
import {
  FirewallRuleCollectionGroupSpec,
  FirewallRuleSpec,
  platformRuleGroupName,
  platformRuleGroupPriority,
} from "./spec";

/**
 * A regional service tag, e.g. `Storage.EastUS2`: the tag, a dot, and the region's name as Microsoft writes it in
 * the tags (`Storage.EastUS`, `EventHub.CentralUS` in the Site Recovery networking page's examples).
 * https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags
 */
export function regionalServiceTag(tag: string, region: AzureRegion): string {
  return `${tag}.${region.displayName.replace(/\s+/g, "")}`;
}

/**
 * The traffic the platform itself needs through the firewalls, from both VNets, by service tag (network rules on
 * TCP 443; Azure Firewall takes service tags as network-rule destinations, and only there:
 * https://learn.microsoft.com/azure/firewall/service-tags).
 *
 * - Site Recovery, Azure-to-Azure, per https://learn.microsoft.com/azure/site-recovery/azure-to-azure-about-networking:
 *   `Storage.<source region>` (the cache account), `AzureActiveDirectory`, `EventHub.<target region>`,
 *   `AzureSiteRecovery`, and `GuestAndHybridManagement` for the Mobility agent's auto-update. The page lists the
 *   mirror rules for the target region too, "so that replication can be enabled from the target region to the
 *   source region post-failover": one policy serves both firewalls, so both directions are here.
 * - Microsoft Entra ID: `AzureActiveDirectory` (tokens for managed identities' callers and agents).
 * - Azure Monitor agent: "Both AzureMonitor and AzureResourceManager tags are required".
 *   https://learn.microsoft.com/azure/azure-monitor/agents/azure-monitor-agent-network-configuration
 *
 * Private endpoints need no rule: their addresses are inside the VNets (or the peered one), whose routes are more
 * specific than the firewall's 0.0.0.0/0.
 */
export function platformRuleGroup(
  pair: RegionPair,
  sourceAddresses: string[],
): FirewallRuleCollectionGroupSpec {
  const https = (name: string, destinationAddresses: string[], description: string): FirewallRuleSpec => ({
    ruleType: "NetworkRule",
    name,
    ipProtocols: ["TCP"],
    sourceAddresses,
    destinationAddresses,
    destinationPorts: ["443"],
    description,
  });
  const { primary, standby } = pair;
  return {
    name: platformRuleGroupName,
    priority: platformRuleGroupPriority,
    ruleCollections: [
      {
        name: "site-recovery",
        priority: 100,
        action: "Allow",
        rules: [
          https(
            "cache-storage",
            [regionalServiceTag("Storage", primary), regionalServiceTag("Storage", standby)],
            "Site Recovery cache accounts in the source region (each region is the source in one direction).",
          ),
          https(
            "event-hub",
            [regionalServiceTag("EventHub", standby), regionalServiceTag("EventHub", primary)],
            "Site Recovery monitoring and diagnostics data to the target region (each region is the target in one direction).",
          ),
          https("site-recovery", ["AzureSiteRecovery"], "The Site Recovery service."),
          https(
            "agent-update",
            ["GuestAndHybridManagement"],
            "Mobility agent auto-update (Azure Automation) and the Linux Azure Monitor agent.",
          ),
        ],
      },
      {
        name: "identity-and-monitoring",
        priority: 200,
        action: "Allow",
        rules: [
          https("entra-id", ["AzureActiveDirectory"], "Microsoft Entra ID sign-in and tokens."),
          https(
            "azure-monitor",
            ["AzureMonitor", "AzureResourceManager"],
            "Azure Monitor agent: both tags are required.",
          ),
        ],
      },
    ],
  };
}
