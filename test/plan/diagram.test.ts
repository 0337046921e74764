import { expect } from "chai";
import * as path from "path";
import { checkedResources, mermaid, planProgram, topology } from "../../src";

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
});
