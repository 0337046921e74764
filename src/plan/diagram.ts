import { lookupRegion } from "../regions/catalog";
import type { CheckedResource } from "../policies/model";

/** The resource types a topology shows, with their label and their place in the traffic order (lower first). */
const shown: Record<string, { label: string; rank: number }> = {
  "azure-native:monitor:ActivityLogAlert": { label: "Service Health alert", rank: 0 },
  "azure-native:monitor:MetricAlert": { label: "Metric alert", rank: 0 },
  "azure-native:cdn:AFDEndpoint": { label: "Front Door endpoint", rank: 0 },
  "azure-native:frontdoor:Policy": { label: "WAF policy", rank: 0 },
  "azure-native:network:FrontDoor": { label: "Front Door (classic)", rank: 0 },
  "azure-native:cdn:AFDOrigin": { label: "Front Door origin", rank: 1 },
  "azure-native:monitor:ActionGroup": { label: "Action group", rank: 1 },
  "azure-native:automation:AutomationAccount": { label: "Automation account", rank: 2 },
  "azure-native:apimanagement:ApiManagementService": { label: "API gateway", rank: 3 },
  "azure-native:cognitiveservices:Account": { label: "Model account", rank: 4 },
  "azure-native:compute:VirtualMachine": { label: "VM", rank: 4 },
  "azure-native:dbforpostgresql:Server": { label: "PostgreSQL", rank: 4 },
  "azure-native:recoveryservices:Vault": { label: "Recovery vault", rank: 5 },
  "azure-native:recoveryservices:ReplicationRecoveryPlan": { label: "Recovery plan", rank: 5 },
  "azure-native:keyvault:Vault": { label: "Key Vault", rank: 5 },
  "azure-native:network:VirtualNetwork": { label: "VNet", rank: 6 },
  "azure-native:network:AzureFirewall": { label: "Firewall", rank: 6 },
};

/** Resources whose dependencies say nothing about the topology (a runbook file lists every id it acts on). */
const opaque = new Set([
  "azure-native:storage:Blob",
  "azure-native:automation:Runbook",
  "pulumi-nodejs:dynamic:Resource",
]);

export interface TopologyNode {
  readonly id: string;
  readonly label: string;
  /** Place in the traffic order: entry points first, networks last. */
  readonly rank: number;
  readonly name: string;
  /** `global` or an ARM region. */
  readonly location: string;
}
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly { from: string; to: string }[];
}

/**
 * The stack's topology: the resources that matter to a failover, grouped by region, with an edge wherever one
 * depends on another, directly or through resources not shown (a backend links a gateway to a model account).
 */
export function topology(resources: readonly CheckedResource[]): Topology {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const visible = resources.filter((r) => shown[r.type]);
  const ids = new Map(visible.map((r, i) => [r.urn, `n${i + 1}`]));
  // The shown resources each resource reaches through dependencies, stopping at the first shown one.
  const reach = new Map<string, string[]>();
  const reachOf = (urn: string): string[] => {
    const cached = reach.get(urn);
    if (cached) return cached;
    const found: string[] = [];
    const seen = new Set<string>([urn]);
    const queue = [...(byUrn.get(urn)?.dependencies ?? [])];
    while (queue.length > 0) {
      const dep = queue.shift()!;
      if (seen.has(dep) || !byUrn.has(dep)) continue;
      seen.add(dep);
      if (ids.has(dep)) found.push(dep);
      else if (!opaque.has(byUrn.get(dep)!.type)) queue.push(...byUrn.get(dep)!.dependencies);
    }
    reach.set(urn, found);
    return found;
  };
  const edges = new Map<string, { from: string; to: string }>();
  const add = (from: string, to: string) => {
    // Resources of one type that depend on each other are written one after another, not wired together.
    if (from !== to && byUrn.get(from)!.type !== byUrn.get(to)!.type)
      edges.set(`${from}>${to}`, { from: ids.get(from)!, to: ids.get(to)! });
  };
  for (const resource of resources) {
    const targets = reachOf(resource.urn);
    if (ids.has(resource.urn)) {
      for (const t of targets) add(resource.urn, t);
    } else if (!opaque.has(resource.type) && targets.length >= 2) {
      // A link resource (route, backend, role assignment, private endpoint) joins what it connects: the first in
      // traffic order to each of the others.
      const ranked = targets
        .map((t) => ({ urn: t, rank: shown[byUrn.get(t)!.type].rank }))
        .sort((x, y) => x.rank - y.rank);
      for (const later of ranked.filter((r) => r.rank > ranked[0].rank)) {
        for (const first of ranked.filter((r) => r.rank === ranked[0].rank)) add(first.urn, later.urn);
      }
    }
  }
  // A resource without a location (a recovery plan, a runbook) sits in its resource group's region, else with the
  // first located resource it depends on directly, else with what those depend on.
  const ownLocation = (r: CheckedResource) =>
    typeof r.props.location === "string" ? r.props.location.toLowerCase().replace(/\s+/g, "") : "";
  const locationOf = (r: CheckedResource, depth = 0): string => {
    const own = ownLocation(r);
    if (own) return own;
    if (depth > 5) return "global";
    const located = r.dependencies
      .map((dep) => byUrn.get(dep))
      .filter((dep) => dep && dep.type !== r.type && ownLocation(dep) && ownLocation(dep) !== "global");
    const direct = located.find((dep) => dep!.type === "azure-native:resources:ResourceGroup") ?? located[0];
    if (direct) return ownLocation(direct);
    for (const dep of r.dependencies) {
      const parent = byUrn.get(dep);
      if (parent && parent.type !== r.type) {
        const found = locationOf(parent, depth + 1);
        if (found !== "global") return found;
      }
    }
    return "global";
  };
  const nodes = visible
    .map((r) => ({
      id: ids.get(r.urn)!,
      label: shown[r.type].label,
      rank: shown[r.type].rank,
      name: r.name,
      location: locationOf(r),
    }))
    .sort((a, b) => a.rank - b.rank);
  return { nodes, edges: [...edges.values()] };
}

const regionTitle = (location: string) =>
  location === "global" ? "Global" : (lookupRegion(location)?.displayName ?? location);
/** Global first, then regions in the order their gateways and models appear (the primary is built first). */
const locations = (t: Topology) => {
  const regions: string[] = [];
  for (const n of [...t.nodes.filter((x) => x.rank >= 3), ...t.nodes]) {
    if (n.location !== "global" && !regions.includes(n.location)) regions.push(n.location);
  }
  return [...(t.nodes.some((n) => n.location === "global") ? ["global"] : []), ...regions];
};

/** The topology as a Mermaid flowchart, ready for a pull-request comment. */
export function mermaid(t: Topology): string {
  const escape = (s: string) => s.replace(/"/g, "#quot;");
  const lines = ["flowchart LR"];
  for (const location of locations(t)) {
    lines.push(`  subgraph ${location.replace(/[^a-z0-9]/gi, "_")}["${escape(regionTitle(location))}"]`);
    for (const n of t.nodes.filter((x) => x.location === location))
      lines.push(`    ${n.id}["${escape(n.label)}<br/>${escape(n.name)}"]`);
    lines.push("  end");
  }
  for (const e of t.edges) lines.push(`  ${e.from} --> ${e.to}`);
  return lines.join("\n");
}

/** The topology as a standalone SVG: a column per region, edges as arrows. */
export function svg(t: Topology): string {
  const columnWidth = 290;
  const nodeWidth = 220;
  const nodeHeight = 44;
  const gap = 16;
  const top = 56;
  const columns = locations(t);
  const position = new Map<string, { x: number; y: number }>();
  let height = top;
  columns.forEach((location, c) => {
    t.nodes
      .filter((n) => n.location === location)
      .forEach((n, row) => {
        const y = top + row * (nodeHeight + gap);
        position.set(n.id, { x: 20 + c * columnWidth, y });
        height = Math.max(height, y + nodeHeight + 20);
      });
  });
  const width = 40 + columns.length * columnWidth - (columnWidth - nodeWidth);
  const xml = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  columns.forEach((location, c) => {
    const x = 10 + c * columnWidth;
    parts.push(
      `<rect x="${x}" y="10" width="${nodeWidth + 20}" height="${height - 20}" rx="8" fill="#f3f6fa" stroke="#c9d3df"/>`,
    );
    parts.push(
      `<text x="${x + 12}" y="34" font-weight="bold" font-size="14">${xml(regionTitle(location))}</text>`,
    );
  });
  t.edges.forEach((e, i) => {
    const a = position.get(e.from)!;
    const b = position.get(e.to)!;
    const [ya, yb] = [a.y + nodeHeight / 2, b.y + nodeHeight / 2];
    if (a.x === b.x) {
      // Same column: a curve out to the right of the column, spread a little per edge.
      const bulge = a.x + nodeWidth + 14 + (i % 4) * 4;
      parts.push(
        `<path d="M ${a.x + nodeWidth} ${ya} C ${bulge} ${ya}, ${bulge} ${yb}, ${b.x + nodeWidth} ${yb}" fill="none" stroke="#555" stroke-opacity="0.6" marker-end="url(#arrow)"/>`,
      );
    } else {
      const [x1, x2] = a.x < b.x ? [a.x + nodeWidth, b.x] : [a.x, b.x + nodeWidth];
      parts.push(
        `<line x1="${x1}" y1="${ya}" x2="${x2}" y2="${yb}" stroke="#555" stroke-opacity="0.6" marker-end="url(#arrow)"/>`,
      );
    }
  });
  for (const n of t.nodes) {
    const p = position.get(n.id)!;
    parts.push(
      `<g><rect x="${p.x}" y="${p.y}" width="${nodeWidth}" height="${nodeHeight}" rx="6" fill="#ffffff" stroke="#2f6fb0"/>`,
    );
    parts.push(`<text x="${p.x + 10}" y="${p.y + 18}" font-weight="bold">${xml(n.label)}</text>`);
    parts.push(
      `<text x="${p.x + 10}" y="${p.y + 34}" fill="#444">${xml(n.name.length > 34 ? `${n.name.slice(0, 33)}…` : n.name)}</text></g>`,
    );
  }
  parts.push("</svg>");
  return parts.join("\n");
}
