import type { ResilienceCheck } from "../model";
import { networkBastionRequireZoneRedundancy } from "./bastion-require-zone-redundancy";
import { networkDdosplanProtectVnets } from "./ddosplan-protect-vnets";
import { networkFirewallRequireMultiplePublicIps } from "./firewall-require-multiple-public-ips";
import { networkFirewallRequireStandardTier } from "./firewall-require-standard-tier";
import { networkFirewallRequireThreatIntelDeny } from "./firewall-require-threat-intel-deny";
import { networkFirewallRequireZoneRedundancy } from "./firewall-require-zone-redundancy";
import { networkFirewallpolicyEnableDnsProxy } from "./firewallpolicy-enable-dns-proxy";
import { networkFirewallpolicyEnableIdps } from "./firewallpolicy-enable-idps";
import { networkFirewallpolicyRequireThreatIntelDeny } from "./firewallpolicy-require-threat-intel-deny";
import { networkFlowlogEnableTrafficAnalytics } from "./flowlog-enable-traffic-analytics";
import { networkFlowlogRequireEnabled } from "./flowlog-require-enabled";
import { networkFlowlogRequireRetention } from "./flowlog-require-retention";
import { networkFlowlogRequireStorageInTargetRegion } from "./flowlog-require-storage-in-target-region";
import { networkFlowlogTargetVirtualNetwork } from "./flowlog-target-virtual-network";
import { networkNatgatewayRequireZone } from "./natgateway-require-zone";
import { networkNsgDenyInboundAnyAnyInternet } from "./nsg-deny-inbound-any-any-internet";
import { networkNsgRestrictManagementPorts } from "./nsg-restrict-management-ports";
import { networkNsgRulesMatchStandby } from "./nsg-rules-match-standby";
import { networkPrivateendpointRequireDnsZoneGroup } from "./privateendpoint-require-dns-zone-group";
import { networkPublicipRequireStandardSku } from "./publicip-require-standard-sku";
import { networkPublicipRequireZoneRedundancy } from "./publicip-require-zone-redundancy";
import { networkSubnetEnablePrivateEndpointPolicies } from "./subnet-enable-private-endpoint-policies";
import { networkVnetEnableDdosProtection } from "./vnet-enable-ddos-protection";
import { networkVnetRequireFlowLog } from "./vnet-require-flow-log";
import { networkVnetRequireSubnetNsg } from "./vnet-require-subnet-nsg";

/** The network checks, in the order the pack lists them. */
export const networkChecks: readonly ResilienceCheck[] = [
  networkNsgRulesMatchStandby,
  networkNsgDenyInboundAnyAnyInternet,
  networkFirewallRequireZoneRedundancy,
  networkBastionRequireZoneRedundancy,
  networkDdosplanProtectVnets,
  networkFirewallRequireMultiplePublicIps,
  networkFirewallRequireStandardTier,
  networkFirewallRequireThreatIntelDeny,
  networkFirewallpolicyEnableDnsProxy,
  networkFirewallpolicyEnableIdps,
  networkFirewallpolicyRequireThreatIntelDeny,
  networkFlowlogEnableTrafficAnalytics,
  networkFlowlogRequireEnabled,
  networkFlowlogRequireRetention,
  networkFlowlogRequireStorageInTargetRegion,
  networkFlowlogTargetVirtualNetwork,
  networkNatgatewayRequireZone,
  networkNsgRestrictManagementPorts,
  networkPrivateendpointRequireDnsZoneGroup,
  networkPublicipRequireStandardSku,
  networkPublicipRequireZoneRedundancy,
  networkSubnetEnablePrivateEndpointPolicies,
  networkVnetEnableDdosProtection,
  networkVnetRequireFlowLog,
  networkVnetRequireSubnetNsg,
];
