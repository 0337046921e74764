import { CheckedResource, ResilienceCheck, at, locationOf, ofType, referenced } from "../model";

/** The Recovery Services vault is not in a region it protects: it must be up when the source region is not. */
export const recoveryVaultNotInSourceRegion: ResilienceCheck = {
  name: "recovery-vault-not-in-source-region",
  area: "recovery",
  description:
    "Recovery Services vaults used for Site Recovery are in the target (standby) region, not in a source region.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Create the vault in the standby region; Site Recovery failover is run from the vault, which is down with the region it lives in.",
  libraryRemediation:
    "SiteRecovery creates its vault in regions.standby; a vault in a source region was made elsewhere, or the regions are swapped: regions.standby is where VMs fail over to.",
  sources: ["https://learn.microsoft.com/azure/site-recovery/azure-to-azure-tutorial-enable-replication"],
  resourceTypes: ["azure-native:recoveryservices:Vault"],
  validateStack(resources, _config, report) {
    const vaults = ofType(resources, "azure-native:recoveryservices:Vault");
    const vaultByUrn = new Map(vaults.map((v) => [v.urn, v]));
    const vaultsByName = new Map<unknown, CheckedResource[]>();
    for (const v of vaults) vaultsByName.set(v.props.name, [...(vaultsByName.get(v.props.name) ?? []), v]);
    const fabricByUrn = new Map(
      ofType(resources, "azure-native:recoveryservices:ReplicationFabric")
        .filter((f) => at(f.props, "properties.customDetails.location") !== undefined)
        .map((f) => [f.urn, f]),
    );
    // The regions each vault protects, from its protected items (each read once).
    const sourcesOf = new Map<CheckedResource, Set<string>>(vaults.map((v) => [v, new Set<string>()]));
    for (const item of ofType(resources, "azure-native:recoveryservices:ReplicationProtectedItem")) {
      const owners = new Set<CheckedResource>(
        item.dependencies
          .map((urn) => vaultByUrn.get(urn))
          .filter((v): v is CheckedResource => v !== undefined),
      );
      if (item.props.resourceName !== undefined)
        for (const v of vaultsByName.get(item.props.resourceName) ?? []) owners.add(v);
      if (owners.size === 0) continue;
      const fabric =
        item.dependencies.map((urn) => fabricByUrn.get(urn)).find((f) => f !== undefined) ??
        referenced(resources, item.props.fabricName, ["azure-native:recoveryservices:ReplicationFabric"]);
      const regions: string[] = [];
      const location = at(fabric?.props, "properties.customDetails.location");
      if (typeof location === "string") regions.push(location.toLowerCase());
      const vm = referenced(resources, at(item.props, "properties.providerSpecificDetails.fabricObjectId"), [
        "azure-native:compute:VirtualMachine",
      ]);
      const vmLocation = locationOf(vm);
      if (vmLocation) regions.push(vmLocation);
      for (const owner of owners) for (const r of regions) sourcesOf.get(owner)!.add(r);
    }
    for (const vault of vaults) {
      const sources = sourcesOf.get(vault)!;
      const location = locationOf(vault);
      if (location && sources.has(location))
        report(
          `vault ${vault.name} is in ${location}, a region it protects: when that region is down, so is failover.`,
          vault.urn,
        );
    }
  },
};
