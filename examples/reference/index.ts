// The reference program behind the root Pulumi.yaml: `pulumi up` stands it up, `npm run plan` shows it offline.
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { childName, regionPair } from "../../src";

const config = new pulumi.Config();
const prefix = config.require("namePrefix");
const pair = regionPair(
  { primary: config.require("primaryRegion"), standby: config.require("standbyRegion") },
  "config",
);

const tags = { "managed-by": "azure-ai-failover", workload: prefix };
const groups = pair.regions.map(
  (region) =>
    new resources.ResourceGroup(childName(prefix, "rg", region), {
      resourceGroupName: childName(prefix, "rg", region),
      location: region.name,
      tags: { ...tags, role: region === pair.primary ? "primary" : "standby" },
    }),
);

export const primaryRegion = pair.primary.name;
export const standbyRegion = pair.standby.name;
export const resourceGroups = groups.map((g) => g.name);
export const regionNotes = pair.notes;
