import type { ResilienceCheck } from "../model";
import { networkFirewallRequireZoneRedundancy } from "./firewall-require-zone-redundancy";
import { networkNsgDenyInboundAnyAnyInternet } from "./nsg-deny-inbound-any-any-internet";
import { networkNsgRulesMatchStandby } from "./nsg-rules-match-standby";

/** The network checks, in the order the pack lists them. */
export const networkChecks: readonly ResilienceCheck[] = [
  networkNsgRulesMatchStandby,
  networkNsgDenyInboundAnyAnyInternet,
  networkFirewallRequireZoneRedundancy,
];
