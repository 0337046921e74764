import { lookupRegion } from "../regions/catalog";
import type { CheckedResource } from "../policies/model";

/** The three paths a reader follows, and the network under them. */
export type Lane = "request" | "control" | "replication" | "network";

/** The resource types a topology shows: label, place in the traffic order (lower first), and lane. */
const shown: Record<string, { label: string; rank: number; lane: Lane }> = {
  "azure-native:monitor:ActivityLogAlert": { label: "Service Health alert", rank: 0, lane: "control" },
  "azure-native:monitor:MetricAlert": { label: "Metric alert", rank: 0, lane: "control" },
  "azure-native:cdn:AFDEndpoint": { label: "Front Door endpoint", rank: 0, lane: "request" },
  "azure-native:frontdoor:Policy": { label: "WAF policy", rank: 0, lane: "request" },
  "azure-native:network:FrontDoor": { label: "Front Door (classic)", rank: 0, lane: "request" },
  "azure-native:cdn:AFDOrigin": { label: "Front Door origin", rank: 1, lane: "request" },
  "azure-native:monitor:ActionGroup": { label: "Action group", rank: 1, lane: "control" },
  "azure-native:automation:AutomationAccount": { label: "Automation account", rank: 2, lane: "control" },
  "azure-native:apimanagement:ApiManagementService": { label: "API gateway", rank: 3, lane: "request" },
  "azure-native:cognitiveservices:Account": { label: "Model account", rank: 4, lane: "request" },
  "azure-native:compute:VirtualMachine": { label: "VM", rank: 4, lane: "replication" },
  "azure-native:dbforpostgresql:Server": { label: "PostgreSQL", rank: 4, lane: "replication" },
  "azure-native:recoveryservices:Vault": { label: "Recovery vault", rank: 5, lane: "replication" },
  "azure-native:recoveryservices:ReplicationRecoveryPlan": {
    label: "Recovery plan",
    rank: 5,
    lane: "replication",
  },
  "azure-native:keyvault:Vault": { label: "Key Vault", rank: 5, lane: "network" },
  "azure-native:network:VirtualNetwork": { label: "VNet", rank: 6, lane: "network" },
  "azure-native:network:AzureFirewall": { label: "Firewall", rank: 6, lane: "network" },
};

/**
 * The links a topology draws, each in the direction a reader follows it (`from` uses, starts or copies to `to`),
 * with its lane: any other dependency between shown resources is wiring, not a path.
 */
const paths: readonly [from: string, to: string, lane: Lane][] = [
  ["azure-native:frontdoor:Policy", "azure-native:cdn:AFDEndpoint", "request"],
  ["azure-native:cdn:AFDEndpoint", "azure-native:cdn:AFDOrigin", "request"],
  ["azure-native:cdn:AFDOrigin", "azure-native:apimanagement:ApiManagementService", "request"],
  ["azure-native:network:FrontDoor", "azure-native:apimanagement:ApiManagementService", "request"],
  ["azure-native:apimanagement:ApiManagementService", "azure-native:cognitiveservices:Account", "request"],
  ["azure-native:monitor:ActivityLogAlert", "azure-native:monitor:ActionGroup", "control"],
  ["azure-native:monitor:MetricAlert", "azure-native:monitor:ActionGroup", "control"],
  ["azure-native:monitor:ActionGroup", "azure-native:automation:AutomationAccount", "control"],
  ["azure-native:automation:AutomationAccount", "azure-native:cdn:AFDOrigin", "control"],
  ["azure-native:automation:AutomationAccount", "azure-native:apimanagement:ApiManagementService", "control"],
  ["azure-native:automation:AutomationAccount", "azure-native:cognitiveservices:Account", "control"],
  [
    "azure-native:automation:AutomationAccount",
    "azure-native:recoveryservices:ReplicationRecoveryPlan",
    "control",
  ],
  ["azure-native:automation:AutomationAccount", "azure-native:recoveryservices:Vault", "control"],
  ["azure-native:automation:AutomationAccount", "azure-native:dbforpostgresql:Server", "control"],
  ["azure-native:compute:VirtualMachine", "azure-native:recoveryservices:Vault", "replication"],
  // A read replica depends on its source: drawn from the source to the copy.
  ["azure-native:dbforpostgresql:Server", "azure-native:dbforpostgresql:Server", "replication"],
  [
    "azure-native:recoveryservices:ReplicationRecoveryPlan",
    "azure-native:compute:VirtualMachine",
    "replication",
  ],
];

/** Resources whose dependencies say nothing about the topology (a runbook file lists every id it acts on). */
const opaque = new Set([
  "azure-native:storage:Blob",
  "azure-native:automation:Runbook",
  "pulumi-nodejs:dynamic:Resource",
  // Names the primary and the replica: not a path between them.
  "azure-native:dbforpostgresql:VirtualEndpoint",
]);

export interface TopologyNode {
  readonly id: string;
  readonly label: string;
  /** Place in the traffic order: entry points first, networks last. */
  readonly rank: number;
  readonly name: string;
  /** `global` or an ARM region. */
  readonly location: string;
  readonly lane: Lane;
}
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly { from: string; to: string; lane: Lane }[];
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
  const edges = new Map<string, { from: string; to: string; lane: Lane }>();
  // Two shown resources are linked when one reaches the other, or a link resource (route, backend, role
  // assignment, protected item) reaches both; the link is drawn only along a path, in the path's direction.
  const link = (a: string, b: string, aDependsOnB = false) => {
    if (a === b) return;
    const [ta, tb] = [byUrn.get(a)!.type, byUrn.get(b)!.type];
    if (ta === tb) {
      // Only a direct dependency says which is the copy; a link resource naming both says nothing.
      const lane = paths.find(([from, to]) => from === ta && to === tb)?.[2];
      if (lane && aDependsOnB) edges.set(`${b}>${a}`, { from: ids.get(b)!, to: ids.get(a)!, lane });
      return;
    }
    for (const [from, to, lane] of paths) {
      if (from === ta && to === tb) edges.set(`${a}>${b}`, { from: ids.get(a)!, to: ids.get(b)!, lane });
      else if (from === tb && to === ta) edges.set(`${b}>${a}`, { from: ids.get(b)!, to: ids.get(a)!, lane });
    }
  };
  for (const resource of resources) {
    const targets = reachOf(resource.urn);
    if (ids.has(resource.urn)) {
      for (const t of targets) link(resource.urn, t, true);
    } else if (!opaque.has(resource.type) && targets.length >= 2) {
      for (const a of targets) for (const b of targets) link(a, b);
    }
  }
  // A resource without a location (a recovery plan, a runbook) sits in its resource group's region, else with the
  // first located resource it depends on directly, else with what those depend on.
  const ownLocation = (r: CheckedResource) =>
    typeof r.props.location === "string" ? r.props.location.toLowerCase().replace(/\s+/g, "") : "";
  const locationOf = (r: CheckedResource, depth = 0): string => {
    const own = ownLocation(r);
    if (own) return own;
    // Front Door's children are global, like the profile, whatever group holds them.
    if (r.type.startsWith("azure-native:cdn:")) return "global";
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
      lane: shown[r.type].lane,
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

const laneOrder: readonly Lane[] = ["request", "control", "replication", "network"];
const laneStyle: Record<Lane, { title: string; color: string; legend: string }> = {
  request: {
    title: "Request path",
    color: "#1f6fbf",
    legend: "request path: calls (Front Door -> gateways -> models)",
  },
  control: {
    title: "Control path",
    color: "#c0392b",
    legend: "control path: starts or changes (alert -> action group -> automation -> what it switches)",
  },
  replication: {
    title: "Replication path",
    color: "#27864a",
    legend: "replication path: copies to, fails over",
  },
  network: { title: "Network", color: "#7f8c8d", legend: "" },
};

/**
 * The topology as a standalone SVG: a column per region (Global, then the primary, then the standby), a lane per
 * path (request, control, replication, then the network), arrows coloured by path and routed around the boxes
 * (through the gaps between columns and between rows), resources of one kind in one place drawn as one box (xN),
 * and a legend.
 */
export function svg(t: Topology): string {
  const labelWidth = 120;
  const nodeWidth = 210;
  const gutter = 90;
  const columnWidth = nodeWidth + gutter;
  const nodeHeight = 44;
  const rowGap = 26;
  const top = 44;
  const columns = locations(t);
  // One box per kind, lane and column: six metric alerts are one box "Metric alert x6".
  type Box = { key: string; label: string; names: string[]; lane: Lane; column: number; ids: string[] };
  const boxes = new Map<string, Box>();
  for (const n of t.nodes) {
    const key = `${n.lane}|${n.location}|${n.label}`;
    const box = boxes.get(key) ?? {
      key,
      label: n.label,
      names: [],
      lane: n.lane,
      column: columns.indexOf(n.location),
      ids: [],
    };
    box.names.push(n.name);
    box.ids.push(n.id);
    boxes.set(key, box);
  }
  const boxOf = new Map<string, Box>();
  for (const box of boxes.values()) for (const id of box.ids) boxOf.set(id, box);
  // Lanes: as tall as their fullest cell.
  const position = new Map<string, { x: number; y: number }>();
  const laneTop = new Map<Lane, { y: number; height: number }>();
  let y = top;
  for (const lane of laneOrder) {
    const inLane = [...boxes.values()].filter((b) => b.lane === lane);
    if (inLane.length === 0) continue;
    const rows = Math.max(...columns.map((_, c) => inLane.filter((b) => b.column === c).length));
    const height = rows * (nodeHeight + rowGap) + rowGap;
    laneTop.set(lane, { y, height });
    columns.forEach((_, c) => {
      inLane
        .filter((b) => b.column === c)
        .forEach((b, row) => {
          position.set(b.key, {
            x: labelWidth + 20 + c * columnWidth,
            y: y + rowGap + row * (nodeHeight + rowGap),
          });
        });
    });
    y += height + 8;
  }
  const drawnLanes = laneOrder.filter((l) => laneTop.has(l) && laneStyle[l].legend);
  const legendTop = y + 10;
  const height = legendTop + 24 + drawnLanes.length * 20 + 10;
  const width = labelWidth + 20 + columns.length * columnWidth;
  const xml = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    `<defs>${laneOrder
      .map(
        (lane) =>
          `<marker id="arrow-${lane}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${laneStyle[lane].color}"/></marker>`,
      )
      .join("")}</defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  // Region columns, then lane bands across them.
  columns.forEach((location, c) => {
    const x = labelWidth + 10 + c * columnWidth;
    parts.push(
      `<rect x="${x}" y="10" width="${nodeWidth + 20}" height="${y - 10}" rx="8" fill="#f3f6fa" stroke="#c9d3df"/>`,
      `<text x="${x + 12}" y="32" font-weight="bold" font-size="14">${xml(regionTitle(location))}</text>`,
    );
  });
  for (const [lane, band] of laneTop) {
    parts.push(
      `<line x1="10" y1="${band.y}" x2="${width - 10}" y2="${band.y}" stroke="#d5dbe3" stroke-dasharray="4 4"/>`,
      `<text x="14" y="${band.y + 22}" font-weight="bold" fill="${laneStyle[lane].color}">${xml(laneStyle[lane].title)}</text>`,
    );
  }
  // Edges, orthogonal: out of the box's side into the gutter, along the gap above the target's row, down the
  // target's gutter, into the target. Each edge gets its own track in the gutters, so parallel edges stay apart.
  // One arrow per pair of boxes; each box spreads its arrows' exits (and entries) along its side, so no two arrows
  // share a line.
  const arrows: { a: Box; b: Box; lane: Lane }[] = [];
  const seen = new Set<string>();
  for (const e of t.edges) {
    const [a, b] = [boxOf.get(e.from)!, boxOf.get(e.to)!];
    if (a === b || seen.has(`${a.key}>${b.key}`)) continue;
    seen.add(`${a.key}>${b.key}`);
    arrows.push({ a, b, lane: e.lane });
  }
  // Every arrow end at a box (out or in) gets its own height on the box's side.
  const ends = arrows.flatMap(({ a, b }, i) => [
    { box: a, key: `${i}>` },
    { box: b, key: `>${i}` },
  ]);
  const endAt = (box: Box, key: string) => {
    const mine = ends.filter((x) => x.box === box);
    // Boxes side by side in neighbouring columns are offset a little against each other, so their ends never
    // meet at one height in the gutter between them.
    const phase = box.column % 2 === 0 ? -2.5 : 2.5;
    return (nodeHeight * (mine.findIndex((x) => x.key === key) + 1)) / (mine.length + 1) + phase;
  };
  // Each gutter (gutter g lies right of column g) gives every arrow running through it a track of its own,
  // spread over the gutter's width.
  const gutters = new Map<number, number[]>();
  const gutterOf = ({ a, b }: { a: Box; b: Box }): [number, number] =>
    b.column > a.column
      ? [a.column, b.column - 1]
      : b.column < a.column
        ? [a.column - 1, b.column]
        : [a.column, a.column];
  arrows.forEach((arrow, i) => {
    for (const g of new Set(gutterOf(arrow))) gutters.set(g, [...(gutters.get(g) ?? []), i]);
  });
  const offsetIn = (g: number, i: number) => {
    const users = gutters.get(g)!;
    const spacing = Math.min(6, (gutter - 14) / Math.max(1, users.length - 1));
    return 6 + users.indexOf(i) * spacing;
  };
  arrows.forEach(({ a, b, lane }, track) => {
    const [pa, pb] = [position.get(a.key)!, position.get(b.key)!];
    const [g1, g2] = gutterOf({ a, b });
    const offset = offsetIn(g1, track);
    const offset2 = offsetIn(g2, track);
    const color = laneStyle[lane].color;
    const ya = pa.y + endAt(a, `${track}>`);
    const yb = pb.y + endAt(b, `>${track}`);
    let d: string;
    if (b.column > a.column) {
      const x1 = pa.x + nodeWidth;
      const gx1 = x1 + offset;
      const gx2 = pb.x - gutter + offset2;
      const channel = pb.y - rowGap / 2 + ((track % 5) - 2) * 3;
      d =
        b.column === a.column + 1
          ? `M ${x1} ${ya} H ${gx1} V ${yb} H ${pb.x}`
          : `M ${x1} ${ya} H ${gx1} V ${channel} H ${gx2} V ${yb} H ${pb.x}`;
    } else if (b.column < a.column) {
      const x1 = pa.x;
      const gx1 = x1 - offset;
      const gx2 = pb.x + nodeWidth + gutter - offset2;
      const channel = pb.y - rowGap / 2 + ((track % 5) - 2) * 3;
      d =
        a.column === b.column + 1
          ? `M ${x1} ${ya} H ${gx1} V ${yb} H ${pb.x + nodeWidth}`
          : `M ${x1} ${ya} H ${gx1} V ${channel} H ${gx2} V ${yb} H ${pb.x + nodeWidth}`;
    } else {
      // Same column: out to the right and back in.
      const gx = pa.x + nodeWidth + offset;
      d = `M ${pa.x + nodeWidth} ${ya} H ${gx} V ${yb} H ${pb.x + nodeWidth}`;
    }
    parts.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.4" stroke-opacity="0.85" marker-end="url(#arrow-${lane})"/>`,
    );
  });
  for (const box of boxes.values()) {
    const p = position.get(box.key)!;
    const label = box.names.length > 1 ? `${box.label} x${box.names.length}` : box.label;
    const names = box.names.join(", ");
    parts.push(
      `<g><title>${xml(box.names.join("\n"))}</title><rect x="${p.x}" y="${p.y}" width="${nodeWidth}" height="${nodeHeight}" rx="6" fill="#ffffff" stroke="${laneStyle[box.lane].color}"/>`,
      `<text x="${p.x + 10}" y="${p.y + 18}" font-weight="bold">${xml(label)}</text>`,
      `<text x="${p.x + 10}" y="${p.y + 34}" fill="#444">${xml(names.length > 32 ? `${names.slice(0, 31)}…` : names)}</text></g>`,
    );
  }
  // Legend.
  parts.push(`<text x="14" y="${legendTop + 14}" font-weight="bold">Legend</text>`);
  drawnLanes.forEach((lane, i) => {
    const ly = legendTop + 34 + i * 20;
    parts.push(
      `<line x1="14" y1="${ly - 4}" x2="54" y2="${ly - 4}" stroke="${laneStyle[lane].color}" stroke-width="1.4" marker-end="url(#arrow-${lane})"/>`,
      `<text x="64" y="${ly}">${xml(laneStyle[lane].legend)}</text>`,
    );
  });
  parts.push(
    `<text x="${Math.min(width - 330, 520)}" y="${legendTop + 14}" fill="#444">A box is a resource; "xN": N of that kind in that region.</text>`,
  );
  parts.push("</svg>");
  return parts.join("\n");
}
