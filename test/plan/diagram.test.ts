import { expect } from "chai";
import * as path from "path";
import { checkedResources, mermaid, planProgram, svg, topology } from "../../src";

describe("topology", function () {
  this.timeout(30_000);

  it("follows traffic: Front Door endpoint -> origins -> gateways -> both regions' models, collapsing links", async () => {
    const plan = await planProgram({ program: path.resolve(__dirname, "../..") });
    const t = topology(checkedResources(plan.recording));
    const id = (name: string) => t.nodes.find((n) => n.name === name)!.id;
    const edge = (from: string, to: string) => t.edges.some((e) => e.from === id(from) && e.to === id(to));
    expect(edge("agents-fd-endpoint", "agents-fd-origin-eastus2")).to.equal(true); // through the route
    expect(edge("agents-fd-origin-eastus2", "agents-apim-eus2")).to.equal(true); // the origin's host name
    expect(edge("agents-apim-eus2", "agents-oai-eus2")).to.equal(true); // through a backend
    expect(edge("agents-apim-eus2", "agents-oai-cus")).to.equal(true);
    expect(edge("agents-service-health", "agents-ag")).to.equal(true);
    expect(edge("agents-ag", "agents-aa-cus")).to.equal(true); // through the webhook
    expect(edge("agents-plan", "agents-vm-eus2")).to.equal(true); // through the protected item
    // The database: from the source to its read replica only (the virtual endpoint names both).
    expect(edge("agents-pg-eus2", "agents-pg-cus")).to.equal(true);
    expect(edge("agents-pg-cus", "agents-pg-eus2")).to.equal(false);
    expect(edge("agents-aa-cus", "agents-pg-cus")).to.equal(true); // the runbook promotes it
    // Origins written one after another are not wired to each other.
    expect(edge("agents-fd-origin-centralus", "agents-fd-origin-eastus2")).to.equal(false);
  });

  it("puts resources in their region, located ones by themselves, others with what they depend on", async () => {
    const plan = await planProgram({ program: path.resolve(__dirname, "../..") });
    const t = topology(checkedResources(plan.recording));
    const where = (name: string) => t.nodes.find((n) => n.name === name)!.location;
    expect(where("agents-apim-cus")).to.equal("centralus");
    expect(where("agents-plan")).to.equal("centralus");
    expect(where("agents-fd-endpoint")).to.equal("global");
    expect(
      mermaid(t)
        .split("\n")
        .filter((l) => l.startsWith("  subgraph")),
    ).to.deep.equal([
      '  subgraph global["Global"]',
      '  subgraph eastus2["East US 2"]',
      '  subgraph centralus["Central US"]',
    ]);
  });

  it("keeps only the paths a reader follows, each in its lane: no wiring edge (Front Door to a firewall)", async () => {
    const plan = await planProgram({ program: path.resolve(__dirname, "../..") });
    const t = topology(checkedResources(plan.recording));
    const node = (id: string) => t.nodes.find((n) => n.id === id)!;
    const laneOf = (name: string) => t.nodes.find((n) => n.name === name)!.lane;
    expect(laneOf("agents-fd-endpoint")).to.equal("request");
    expect(laneOf("agents-service-health")).to.equal("control");
    expect(laneOf("agents-vm-eus2")).to.equal("replication");
    expect(laneOf("agents-fw-eus2")).to.equal("network");
    // Front Door's origins are global, like the profile.
    expect(t.nodes.find((n) => n.name === "agents-fd-origin-eastus2")!.location).to.equal("global");
    const kinds = new Set(t.edges.map((e) => `${node(e.from).label} -> ${node(e.to).label} (${e.lane})`));
    expect([...kinds].sort()).to.deep.equal(
      [
        "API gateway -> Model account (request)",
        "Action group -> Automation account (control)",
        "Automation account -> API gateway (control)",
        "Automation account -> Model account (control)",
        "Automation account -> PostgreSQL (control)",
        "PostgreSQL -> PostgreSQL (replication)",
        "Automation account -> Recovery plan (control)",
        "Automation account -> Recovery vault (control)",
        "Front Door endpoint -> Front Door origin (request)",
        "Front Door origin -> API gateway (request)",
        // The failover automation's own alerts (failed runs, drills, overload) call the operators' action group.
        "Metric alert -> Action group (control)",
        "Recovery plan -> VM (replication)",
        "Service Health alert -> Action group (control)",
        "VM -> Recovery vault (replication)",
        "WAF policy -> Front Door endpoint (request)",
      ].sort(),
    );
  });

  it("draws lanes, a legend, and arrows that go around every box, never through one", async () => {
    const plan = await planProgram({ program: path.resolve(__dirname, "../..") });
    const picture = svg(topology(checkedResources(plan.recording)));
    for (const title of ["Request path", "Control path", "Replication path", "Network", "Legend"]) {
      expect(picture).to.include(`>${title}</text>`);
    }
    const boxes = [
      ...picture.matchAll(
        /<g><title>[^<]*<\/title><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g,
      ),
    ].map((m) => m.slice(1, 5).map(Number));
    expect(boxes.length).to.be.greaterThan(10);
    const paths = [...picture.matchAll(/<path d="(M [^"]+)" fill="none"/g)].map((m) => m[1]);
    expect(paths.length).to.be.greaterThan(10);
    for (const d of paths) {
      // Orthogonal: M x y, then H x / V y steps.
      const steps = d.match(/[MHV] [\d.-]+(?: [\d.-]+)?/g)!;
      let [x, y] = steps[0].slice(2).split(" ").map(Number);
      for (const step of steps.slice(1)) {
        const [kind, value] = [step[0], Number(step.slice(2))];
        const [nx, ny] = kind === "H" ? [value, y] : [x, value];
        for (const [bx, by, bw, bh] of boxes) {
          // Strictly inside the box (its border is where an arrow starts or ends).
          const inside = (px: number, py: number) =>
            px > bx + 1 && px < bx + bw - 1 && py > by + 1 && py < by + bh - 1;
          const crosses =
            kind === "H"
              ? y > by + 1 && y < by + bh - 1 && Math.min(x, nx) < bx + bw - 1 && Math.max(x, nx) > bx + 1
              : x > bx + 1 && x < bx + bw - 1 && Math.min(y, ny) < by + bh - 1 && Math.max(y, ny) > by + 1;
          expect(crosses || inside(nx, ny), `${d} crosses the box at ${bx},${by}`).to.equal(false);
        }
        [x, y] = [nx, ny];
      }
    }
    // No two arrows share a stretch of line: each would read as the other's continuation.
    type Segment = { d: string; kind: string; at: number; from: number; to: number };
    const segments: Segment[] = [];
    for (const d of paths) {
      const steps = d.match(/[MHV] [\d.-]+(?: [\d.-]+)?/g)!;
      let [x, y] = steps[0].slice(2).split(" ").map(Number);
      for (const step of steps.slice(1)) {
        const value = Number(step.slice(2));
        if (step[0] === "H") {
          segments.push({ d, kind: "H", at: y, from: Math.min(x, value), to: Math.max(x, value) });
          x = value;
        } else {
          segments.push({ d, kind: "V", at: x, from: Math.min(y, value), to: Math.max(y, value) });
          y = value;
        }
      }
    }
    for (const s1 of segments) {
      for (const s2 of segments) {
        if (s1.d === s2.d || s1.kind !== s2.kind || Math.abs(s1.at - s2.at) > 0.5) continue;
        const overlap = Math.min(s1.to, s2.to) - Math.max(s1.from, s2.from);
        expect(overlap > 1, `${s1.d}\n${s2.d}`).to.equal(false);
      }
    }
  });
});
