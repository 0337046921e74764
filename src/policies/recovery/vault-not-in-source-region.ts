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
    const fabrics = ofType(resources, "azure-native:recoveryservices:ReplicationFabric");
    for (const vault of ofType(resources, "azure-native:recoveryservices:Vault")) {
      const mine = (r: CheckedResource) =>
        r.dependencies.includes(vault.urn) ||
        (r.props.resourceName !== undefined && r.props.resourceName === vault.props.name);
      const sources = new Set<string>();
      for (const item of ofType(resources, "azure-native:recoveryservices:ReplicationProtectedItem").filter(
        mine,
      )) {
        const fabric =
          fabrics.find(
            (f) =>
              item.dependencies.includes(f.urn) &&
              at(f.props, "properties.customDetails.location") !== undefined,
          ) ??
          referenced(resources, item.props.fabricName, ["azure-native:recoveryservices:ReplicationFabric"]);
        const location = at(fabric?.props, "properties.customDetails.location");
        if (typeof location === "string") sources.add(location.toLowerCase());
        const vm = referenced(
          resources,
          at(item.props, "properties.providerSpecificDetails.fabricObjectId"),
          ["azure-native:compute:VirtualMachine"],
        );
        const vmLocation = locationOf(vm);
        if (vmLocation) sources.add(vmLocation);
      }
      const location = locationOf(vault);
      if (location && sources.has(location))
        report(
          `vault ${vault.name} is in ${location}, a region it protects: when that region is down, so is failover.`,
          vault.urn,
        );
    }
  },
};
