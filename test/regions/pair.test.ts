import { expect } from "chai";
import { InvalidArgumentError, azureRegions, lookupRegion, regionPair } from "../../src";

describe("region catalog", () => {
  it("gives every region a unique ARM name, display name and short code", () => {
    const regions = [...azureRegions.values()];
    for (const field of ["name", "displayName", "code"] as const) {
      expect(new Set(regions.map((r) => r[field])).size, field).to.equal(regions.length);
    }
  });

  it("names paired regions that are themselves in the catalog", () => {
    for (const region of azureRegions.values()) {
      if (region.pairedRegion) expect(azureRegions.has(region.pairedRegion), region.name).to.equal(true);
    }
  });

  it("records the facts components decide on", () => {
    const eastus2 = lookupRegion("eastus2")!;
    expect(eastus2).to.include({
      displayName: "East US 2",
      code: "eus2",
      geography: "United States",
      availabilityZones: true,
      pairedRegion: "centralus",
      premiumSsdV2: true,
      enhancedChurn: true,
    });
    expect(lookupRegion("francesouth")).to.include({ premiumSsdV2: false, availabilityZones: false });
    // Enhanced churn's list (2026-06-30) has East US 2 and West Europe, not East US.
    expect(lookupRegion("westeurope")).to.include({ enhancedChurn: true });
    expect(lookupRegion("eastus")).to.include({ enhancedChurn: false });
  });

  it("looks names up case-insensitively, as ARM does", () => {
    expect(lookupRegion("EastUS2")?.name).to.equal("eastus2");
    expect(lookupRegion("nowhere")).to.equal(undefined);
  });
});

describe("regionPair", () => {
  it("returns both regions, primary first, for an Azure pair in one geography", () => {
    const pair = regionPair({ primary: "eastus2", standby: "centralus" });
    expect(pair.primary.name).to.equal("eastus2");
    expect(pair.standby.name).to.equal("centralus");
    expect(pair.regions.map((r) => r.name)).to.deep.equal(["eastus2", "centralus"]);
    expect(pair.isAzurePair).to.equal(true);
    expect(pair.crossesGeography).to.equal(false);
    expect(pair.notes).to.deep.equal([]);
  });

  it("allows crossing geographies but flags it for data residency", () => {
    const pair = regionPair({ primary: "westeurope", standby: "uksouth" });
    expect(pair.crossesGeography).to.equal(true);
    expect(pair.notes.join("\n")).to.match(/Data leaves the Europe geography.*uksouth is in United Kingdom/);
  });

  it("notes a pair that is not an Azure pair, and regions without zones", () => {
    const pair = regionPair({ primary: "eastus2", standby: "westus" });
    expect(pair.isAzurePair).to.equal(false);
    expect(pair.notes.join("\n")).to.include("not an Azure region pair");
    expect(pair.notes.join("\n")).to.include("westus has no availability zones");
  });

  const failures: [string, () => unknown, string, RegExp][] = [
    [
      "an unknown region, suggesting the nearest name",
      () => regionPair({ primary: "east-us-2", standby: "centralus" }),
      "regions.primary",
      /regions\.primary: "east-us-2" is not an Azure region; did you mean "eastus2"\?/,
    ],
    [
      "a display name instead of the ARM name",
      () => regionPair({ primary: "eastus2", standby: "Central US" }),
      "regions.standby",
      /"Central US" is not an Azure region; did you mean "centralus"\?/,
    ],
    [
      "a name nothing resembles",
      () => regionPair({ primary: "eastus2", standby: "atlantis-underwater" }),
      "regions.standby",
      /"atlantis-underwater" is not an Azure region; use an ARM location name such as "eastus2"/,
    ],
    [
      "primary equal to standby",
      () => regionPair({ primary: "eastus2", standby: "EastUS2" }),
      "regions.standby",
      /regions\.standby must differ from regions\.primary, but both are "eastus2"; the Azure pair of "eastus2" is "centralus"/,
    ],
    [
      "a missing primary",
      () => regionPair({ standby: "centralus" } as never),
      "regions.primary",
      /regions\.primary is required: give an Azure region name such as "eastus2"/,
    ],
    [
      "a missing standby",
      () => regionPair({ primary: "eastus2", standby: "" }),
      "regions.standby",
      /regions\.standby is required/,
    ],
    [
      "a region that is not a string",
      () => regionPair({ primary: 42, standby: "centralus" } as never),
      "regions.primary",
      /regions\.primary must be an Azure region name \(a string such as "eastus2"\), but got 42/,
    ],
    [
      "no pair at all",
      () => regionPair(undefined as never),
      "regions",
      /regions is required: give \{ primary: "<region>", standby: "<region>" \}, but got undefined/,
    ],
  ];
  for (const [what, call, argument, message] of failures) {
    it(`fails on ${what}`, () => {
      expect(call).to.throw(InvalidArgumentError, message).with.property("argument", argument);
    });
  }

  it("names the caller's own argument in errors", () => {
    expect(() => regionPair({ primary: "eastus2", standby: "nope" }, "config")).to.throw(/config\.standby:/);
  });
});
