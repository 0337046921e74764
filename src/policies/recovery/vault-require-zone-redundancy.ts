import { ResilienceCheck, at, is, locationOf, regionHasZones } from "../model";

/** A vault in a region with zones does not keep its data in one datacenter. */
export const recoveryVaultRequireZoneRedundancy: ResilienceCheck = {
  name: "recovery-vault-require-zone-redundancy",
  area: "recovery",
  description:
    "Recovery Services vaults in regions with availability zones use zone-redundant or geo-redundant storage, not LocallyRedundant (Azure's default is GeoRedundant).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set properties.redundancySettings.standardTierStorageRedundancy to "ZoneRedundant" or "GeoRedundant" (it can only be changed before the first item is protected).',
  libraryRemediation:
    "SiteRecovery's vault is ZoneRedundant wherever the region catalog says the standby region has zones; this vault was made elsewhere.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/8f09fda1-91a2-4e14-96a2-67c6281158f7",
    "https://learn.microsoft.com/azure/backup/backup-create-recovery-services-vault#set-storage-redundancy",
  ],
  resourceTypes: ["azure-native:recoveryservices:Vault"],
  validateResource(resource, _config, report) {
    const redundancy = at(resource.props, "properties.redundancySettings.standardTierStorageRedundancy");
    const location = locationOf(resource);
    if (is(redundancy, "LocallyRedundant") && regionHasZones(location))
      report(
        `vault ${resource.name} in ${location} is LocallyRedundant: one datacenter failure can take its data.`,
      );
  },
};
