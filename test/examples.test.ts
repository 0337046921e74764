import { expect } from "chai";
import * as path from "path";
import { planProgram } from "../src";
import { main } from "../src/cli";

const example = (name: string) => path.resolve(__dirname, "../examples", name);

describe("examples (each runs under the mock harness)", function () {
  this.timeout(60_000);

  it("compose: components inside an existing landing zone use its subnets and DNS zone, and pass the pack", async () => {
    const plan = await planProgram({ program: example("compose") });
    const r = plan.recording;
    const endpoint = r.get("network:PrivateEndpoint", "support-bot-oai-pe-weu");
    expect((endpoint.inputs.subnet as { id: string }).id).to.match(
      /lz-spoke-weu\/subnets\/private-endpoints$/,
    );
    const zone = r.get("network:PrivateDnsZoneGroup", "support-bot-oai-pe-dns-weu").inputs
      .privateDnsZoneConfigs as { privateDnsZoneId: string }[];
    expect(zone[0].privateDnsZoneId).to.match(/privateDnsZones\/privatelink\.openai\.azure\.com$/);
    expect(
      r.get("ApiManagementService", "support-bot-apim-neu").inputs.virtualNetworkConfiguration,
    ).to.deep.equal({
      subnetResourceId:
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/lz-network-neu/providers/Microsoft.Network/virtualNetworks/lz-spoke-neu/subnets/apim",
    });
    expect(r.ofType("network:VirtualNetwork")).to.have.length(0);
    let out = "";
    const code = await main(
      ["plan", "--program", example("compose")],
      { write: (s: string) => (out += s) },
      { write: () => undefined },
    );
    expect(code).to.equal(0);
    expect(out).to.match(
      /Policies: (no violations|0 mandatory, \d+ advisory violation\(s\)) \(\d+ of \d+ Azure resources judged\)/,
    );
  });

  it("policy-only: a stack without our components gets the pack's findings and exit code 3", async () => {
    let out = "";
    const code = await main(
      ["plan", "--program", example("policy-only"), "--json"],
      { write: (s: string) => (out += s) },
      { write: () => undefined },
    );
    expect(code).to.equal(3);
    const doc = JSON.parse(out);
    const mandatory = doc.policies.violations.filter(
      (v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory",
    );
    expect(mandatory.map((v: { policy: string }) => v.policy).sort()).to.deep.equal([
      "automation-service-health-covers-tier1-regions",
      "data-keyvault-require-purge-protection",
      "models-account-disable-local-auth",
      "models-account-restrict-public-access",
      "models-deployment-require-two-regions",
    ]);
    // and Microsoft's recommendations as advisories: the Key Vault's and the account's network, identity, keys, logs
    expect(
      doc.policies.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel === "advisory")
        .length,
    ).to.equal(6);
  });
});
