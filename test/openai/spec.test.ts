import { expect } from "chai";
import { InvalidArgumentError, ModelDeploymentSpec, capacityNotes, resolveDeployments } from "../../src";

const gpt: ModelDeploymentSpec = {
  name: "chat",
  model: { name: "gpt-4o", version: "2024-11-20" },
  capacityThousandTpm: 100,
};

describe("resolveDeployments", () => {
  it("defaults to GlobalStandard, format OpenAI, upgrade at retirement, and a full-size standby", () => {
    expect(resolveDeployments("deployments", [gpt])).to.deep.equal([
      {
        name: "chat",
        model: { name: "gpt-4o", version: "2024-11-20", format: "OpenAI" },
        sku: "GlobalStandard",
        unit: "thousand-tpm",
        primaryCapacity: 100,
        standbyCapacity: 100,
        versionUpgradeOption: "OnceCurrentVersionExpired",
      },
    ]);
  });

  it("takes PTUs for provisioned SKUs, a smaller standby, an upgrade option and a content filter", () => {
    const [d] = resolveDeployments("deployments", [
      {
        name: "ptu",
        model: { name: "gpt-4o", version: "2024-11-20" },
        sku: "DataZoneProvisionedManaged",
        capacityPtu: 30,
        standbyCapacity: 15,
        versionUpgradeOption: "NoAutoUpgrade",
        raiPolicyName: "strict-filter",
      },
    ]);
    expect(d).to.include({
      unit: "ptu",
      primaryCapacity: 30,
      standbyCapacity: 15,
      versionUpgradeOption: "NoAutoUpgrade",
      raiPolicyName: "strict-filter",
    });
  });

  it("gives a PTU deployment a pay-as-you-go spillover of the same data-processing level", () => {
    const ptu = (sku: string) =>
      resolveDeployments("d", [
        {
          name: "chat",
          model: gpt.model,
          sku: sku as ModelDeploymentSpec["sku"],
          capacityPtu: 50,
          spillover: { capacityThousandTpm: 200, standbyCapacityThousandTpm: 100 },
        },
      ])[0].spillover;
    expect(ptu("GlobalProvisionedManaged")).to.deep.equal({
      name: "chat-spillover",
      sku: "GlobalStandard",
      primaryCapacity: 200,
      standbyCapacity: 100,
    });
    expect(ptu("DataZoneProvisionedManaged")?.sku).to.equal("DataZoneStandard");
    expect(resolveDeployments("d", [gpt])[0]).to.not.have.property("spillover");
  });

  it("takes each model's regional PTU step (gpt-4o-mini: 25) and says when a model is not in Microsoft's table", () => {
    const [mini, unlisted] = resolveDeployments("deployments", [
      {
        name: "mini",
        model: { name: "gpt-4o-mini", version: "2024-07-18" },
        sku: "ProvisionedManaged",
        capacityPtu: 75,
      },
      {
        name: "new",
        model: { name: "gpt-9", version: "2027-01-01" },
        sku: "ProvisionedManaged",
        capacityPtu: 40,
      },
    ]);
    expect(mini.primaryCapacity).to.equal(75);
    expect(unlisted.primaryCapacity).to.equal(40);
    expect(capacityNotes([mini, unlisted])).to.deep.equal([
      "Deployment \"new\": Microsoft's table of provisioned sizes does not list gpt-9, so 40 PTUs is not checked here; Azure refuses a size off the model's minimum and step at deploy time.",
    ]);
  });

  it("reports a smaller standby in plain words", () => {
    const notes = capacityNotes(resolveDeployments("d", [{ ...gpt, standbyCapacity: 40 }]));
    expect(notes).to.deep.equal([
      'Deployment "chat" has a smaller standby: 40 k TPM against 100 k TPM in the primary (40%). After a failover it serves at most that share of today\'s load.',
    ]);
    expect(capacityNotes(resolveDeployments("d", [gpt]))).to.deep.equal([]);
  });

  const fails: [string, unknown, string, RegExp][] = [
    ["no deployments", [], "deployments", /must list at least one model deployment, but got \[\]/],
    ["duplicate names", [gpt, { ...gpt }], "deployments[1].name", /"chat" is used by another deployment/],
    [
      "a zero capacity",
      [{ ...gpt, capacityThousandTpm: 0 }],
      "deployments[0].capacityThousandTpm",
      /positive whole number of thousands of tokens per minute, but got 0/,
    ],
    [
      "a fractional capacity",
      [{ ...gpt, capacityThousandTpm: 1.5 }],
      "deployments[0].capacityThousandTpm",
      /but got 1\.5/,
    ],
    [
      "a missing capacity",
      [{ ...gpt, capacityThousandTpm: undefined }],
      "deployments[0].capacityThousandTpm",
      /but got undefined/,
    ],
    [
      "PTUs on a token SKU",
      [{ ...gpt, capacityPtu: 50 }],
      "deployments[0].capacityPtu",
      /does not apply to the token-based SKU "GlobalStandard": give capacityThousandTpm instead/,
    ],
    [
      "thousands of TPM on a provisioned SKU",
      [{ ...gpt, sku: "ProvisionedManaged" }],
      "deployments[0].capacityThousandTpm",
      /does not apply to the provisioned SKU "ProvisionedManaged": give capacityPtu \(PTUs\) instead/,
    ],
    [
      "PTUs below the SKU's minimum",
      [{ name: "p", model: gpt.model, sku: "ProvisionedManaged", capacityPtu: 25 }],
      "deployments[0].capacityPtu",
      /capacityPtu 25 is not a size Azure deploys for regional provisioned gpt-4o: the minimum is 50 PTUs, then steps of 50 \(50 or 100\)/,
    ],
    [
      "global PTUs below gpt-image-2's 100",
      [
        {
          name: "p",
          model: { name: "gpt-image-2", version: "1" },
          sku: "GlobalProvisionedManaged",
          capacityPtu: 20,
        },
      ],
      "deployments[0].capacityPtu",
      /capacityPtu 20 is not a size Azure deploys for "GlobalProvisionedManaged" gpt-image-2: the minimum is 100 PTUs, then steps of 100/,
    ],
    [
      "global PTUs off the step of 5",
      [{ name: "p", model: gpt.model, sku: "GlobalProvisionedManaged", capacityPtu: 17 }],
      "deployments[0].capacityPtu",
      /capacityPtu 17 is not a size Azure deploys for "GlobalProvisionedManaged" gpt-4o: the minimum is 15 PTUs, then steps of 5 \(15 or 20\)/,
    ],
    [
      "regional PTUs off the model's step (gpt-4o: 50)",
      [{ name: "p", model: gpt.model, sku: "ProvisionedManaged", capacityPtu: 75 }],
      "deployments[0].capacityPtu",
      /capacityPtu 75 is not a size Azure deploys for regional provisioned gpt-4o: the minimum is 50 PTUs, then steps of 50 \(50 or 100\)/,
    ],
    [
      "data-zone standby PTUs off the step",
      [
        {
          name: "p",
          model: gpt.model,
          sku: "DataZoneProvisionedManaged",
          capacityPtu: 20,
          standbyCapacity: 16,
        },
      ],
      "deployments[0].standbyCapacity",
      /standbyCapacity 16 is not a size Azure deploys for "DataZoneProvisionedManaged" gpt-4o: the minimum is 15 PTUs, then steps of 5 \(15 or 20\)/,
    ],
    [
      "a standby below the SKU's minimum",
      [
        {
          name: "p",
          model: gpt.model,
          sku: "GlobalProvisionedManaged",
          capacityPtu: 15,
          standbyCapacity: 10,
        },
      ],
      "deployments[0].standbyCapacity",
      /standbyCapacity 10 is not a size Azure deploys for "GlobalProvisionedManaged" gpt-4o: the minimum is 15 PTUs/,
    ],
    [
      "an unknown SKU, suggesting the nearest",
      [{ ...gpt, sku: "GlobalStandart" }],
      "deployments[0].sku",
      /"GlobalStandart" is not a deployment SKU; did you mean "GlobalStandard"\?/,
    ],
    [
      "an SKU nothing resembles",
      [{ ...gpt, sku: "Gold" }],
      "deployments[0].sku",
      /"Gold" is not a deployment SKU; use one of GlobalStandard/,
    ],
    [
      "a model without version",
      [{ ...gpt, model: { name: "gpt-4o" } }],
      "deployments[0].model",
      /must give the model's name and version/,
    ],
    [
      "an invalid deployment name",
      [{ ...gpt, name: "chat bot" }],
      "deployments[0].name",
      /must be 1-64 letters/,
    ],
    [
      "spillover on a token-based deployment",
      [{ ...gpt, spillover: { capacityThousandTpm: 10 } }],
      "deployments[0].spillover",
      /spillover applies to provisioned \(PTU\) deployments only, but sku is "GlobalStandard"/,
    ],
    [
      "spillover on a regional PTU deployment, which Microsoft does not document",
      [
        {
          name: "p",
          model: gpt.model,
          sku: "ProvisionedManaged",
          capacityPtu: 50,
          spillover: { capacityThousandTpm: 5 },
        },
      ],
      "deployments[0].spillover",
      /documented by Microsoft for global and data-zone provisioned deployments/,
    ],
    [
      "a spillover without capacity",
      [{ name: "p", model: gpt.model, sku: "GlobalProvisionedManaged", capacityPtu: 15, spillover: {} }],
      "deployments[0].spillover.capacityThousandTpm",
      /positive whole number of thousands of tokens per minute, but got undefined/,
    ],
    [
      "a spillover whose name is taken",
      [
        { ...gpt, name: "p-spillover" },
        {
          name: "p",
          model: gpt.model,
          sku: "GlobalProvisionedManaged",
          capacityPtu: 15,
          spillover: { capacityThousandTpm: 5 },
        },
      ],
      "deployments[1].name",
      /leaves no room for its spillover deployment "p-spillover"/,
    ],
    [
      "a bad upgrade option",
      [{ ...gpt, versionUpgradeOption: "Always" }],
      "deployments[0].versionUpgradeOption",
      /must be one of OnceNewDefaultVersionAvailable/,
    ],
  ];
  for (const [what, specs, argument, message] of fails) {
    it(`fails on ${what}`, () => {
      expect(() => resolveDeployments("deployments", specs as ModelDeploymentSpec[]))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument);
    });
  }
});
