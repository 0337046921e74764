import { expect } from "chai";
import { FrontDoorFailover, MirroredNetwork, RegionalOpenAi, SiteRecovery } from "../src";
import { record } from "../src/testing";

// The records of ids the components hand out are keyed by the names given to them, so a mistyped key is a compile
// error, not an `undefined` that reaches a runbook in an incident. Each `@ts-expect-error` below fails the type
// check (`npm run typecheck`, part of CI) the day the key stops being checked.
describe("ids keyed by the names given", () => {
  it("checks origin, deployment, VM and subnet names at compile time", async () => {
    const seen: unknown[] = [];
    await record(() => {
      const frontDoor = new FrontDoorFailover("fd", {
        resourceGroupName: "rg",
        origins: [
          { name: "uks", hostName: "a.azure-api.net", region: "uksouth" },
          { name: "ukw", hostName: "b.azure-api.net", region: "ukwest" },
        ],
      });
      seen.push(frontDoor.originIds.uks);
      // @ts-expect-error: the origins are "uks" and "ukw"
      seen.push(frontDoor.originIds.eastus2);

      const models = new RegionalOpenAi("m", {
        regions: { primary: "eastus2", standby: "centralus" },
        deployments: [
          { name: "chat", model: { name: "gpt-4o", version: "2024-11-20" }, capacityThousandTpm: 10 },
        ],
      });
      seen.push(models.standby.deploymentIds.chat);
      // @ts-expect-error: the deployment is "chat"
      seen.push(models.standby.deploymentIds.chta);

      const network = new MirroredNetwork("n", {
        regions: { primary: "eastus2", standby: "centralus" },
        addressSpace: "10.20.0.0/16",
        subnets: [{ name: "agents", addressPrefix: "10.20.1.0/24" }],
      });
      seen.push(network.primary.subnetIds.agents);
      // @ts-expect-error: the subnet is "agents"
      seen.push(network.primary.subnetIds.agent);

      const recovery = new SiteRecovery("dr", {
        regions: { primary: "eastus2", standby: "centralus" },
        network: network.descriptor,
        recoverySubnetName: "agents",
        virtualMachines: [
          {
            name: "vector-db",
            vmId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vector-db",
            osDisk: { diskId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/os" },
          },
        ],
      });
      seen.push(recovery.protectedItemIds["vector-db"]);
      // @ts-expect-error: the VM is "vector-db"
      seen.push(recovery.protectedItemIds.vectordb);
    });
    // At run time the mistyped keys are undefined: what the compile-time check (the `@ts-expect-error` lines, which
    // `npm run typecheck` fails on once unused) keeps out of a runbook's config.
    expect(seen.map((id) => id === undefined)).to.deep.equal([
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
  });
});
