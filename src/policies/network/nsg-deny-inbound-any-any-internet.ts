import { CheckedResource, ResilienceCheck } from "../model";

const anySource = ["*", "internet", "0.0.0.0/0", "any", "::/0"];
const anyPort = ["*", "0-65535", "1-65535"];

function offending(rule: Record<string, unknown>): boolean {
  if (rule.access !== "Allow" || rule.direction !== "Inbound") return false;
  const sources = [rule.sourceAddressPrefix, ...((rule.sourceAddressPrefixes as unknown[]) ?? [])]
    .filter((v) => v !== undefined)
    .map((v) => String(v).toLowerCase());
  const ports = [rule.destinationPortRange, ...((rule.destinationPortRanges as unknown[]) ?? [])]
    .filter((v) => v !== undefined)
    .map(String);
  return sources.some((s) => anySource.includes(s)) && ports.some((p) => anyPort.includes(p));
}

/** No rule lets the whole Internet in on every port. */
export const networkNsgDenyInboundAnyAnyInternet: ResilienceCheck = {
  name: "network-nsg-deny-inbound-any-any-internet",
  area: "network",
  description: "No NSG rule allows inbound traffic from any source (or the Internet) to every port.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Allow only the sources (service tags such as AzureFrontDoor.Backend) and ports the workload needs; keep a final deny for the Internet.",
  resourceTypes: ["azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule"],
  validateResource(resource: CheckedResource, _config, report) {
    const rules =
      resource.type === "azure-native:network:SecurityRule"
        ? [resource.props]
        : ((resource.props.securityRules as Record<string, unknown>[] | undefined) ?? []);
    for (const rule of rules) {
      if (offending(rule))
        report(
          `rule ${String(rule.name ?? resource.name)} allows any source from the Internet to every port.`,
        );
    }
  },
};
