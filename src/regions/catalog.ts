/**
 * Catalog of Azure public-cloud regions with the facts this library decides on.
 *
 * Last checked: 2026-11-24, against
 * - region list, geographies and pairs: https://learn.microsoft.com/azure/reliability/cross-region-replication-azure
 * - availability zones: https://learn.microsoft.com/azure/reliability/availability-zones-region-support
 * - Premium SSD v2: https://learn.microsoft.com/azure/virtual-machines/disks-deploy-premium-v2#regional-availability
 * - Site Recovery enhanced churn (500 MB/s per VM): both source and target must be in the list at
 *   https://learn.microsoft.com/azure/site-recovery/concepts-azure-to-azure-high-churn-support (ms.date 2026-06-30,
 *   checked 2026-12-01; the list grew from 21 preview regions to 47)
 *
 * The services move: before relying on a fact for a new region, confirm it with
 * `az account list-locations` and `az vm list-skus --resource-type disks --location <region>`.
 */
export interface AzureRegion {
  /** ARM location name, as resources take it: `eastus2`. */
  readonly name: string;
  /** Display name, as Service Health writes impacted regions: `East US 2`. */
  readonly displayName: string;
  /** Short code used inside resource names: `eus2`. Unique in the catalog. */
  readonly code: string;
  /** Azure geography (data-residency boundary): `United States`. */
  readonly geography: string;
  /** Whether the region has availability zones. */
  readonly availabilityZones: boolean;
  /** The Azure paired region, when the region has one. */
  readonly pairedRegion?: string;
  /** Whether Premium SSD v2 managed disks are offered. */
  readonly premiumSsdV2: boolean;
  /** Whether Site Recovery's enhanced churn (up to 500 MB/s per VM) is offered. */
  readonly enhancedChurn: boolean;
}

type Row = [
  name: string,
  displayName: string,
  code: string,
  geography: string,
  zones: boolean,
  paired: string | undefined,
  premiumSsdV2: boolean,
  enhancedChurn: boolean,
];

// prettier-ignore
const rows: Row[] = [
  // name                  display name              code    geography         zones  paired                premV2 churn
  ["eastus",             "East US",                "eus",  "United States",  true,  "westus",            true,  false],
  ["eastus2",            "East US 2",              "eus2", "United States",  true,  "centralus",         true,  true],
  ["centralus",          "Central US",             "cus",  "United States",  true,  "eastus2",           true,  true],
  ["northcentralus",     "North Central US",       "ncus", "United States",  false, "southcentralus",    true,  true],
  ["southcentralus",     "South Central US",       "scus", "United States",  true,  "northcentralus",    true,  true],
  ["westcentralus",      "West Central US",        "wcus", "United States",  false, "westus2",           true,  true],
  ["westus",             "West US",                "wus",  "United States",  false, "eastus",            true,  true],
  ["westus2",            "West US 2",              "wus2", "United States",  true,  "westcentralus",     true,  true],
  ["westus3",            "West US 3",              "wus3", "United States",  true,  "eastus",            true,  true],
  ["canadacentral",      "Canada Central",         "cac",  "Canada",         true,  "canadaeast",        true,  false],
  ["canadaeast",         "Canada East",            "cae",  "Canada",         false, "canadacentral",     true,  true],
  ["brazilsouth",        "Brazil South",           "brs",  "Brazil",         true,  "southcentralus",    true,  true],
  ["mexicocentral",      "Mexico Central",         "mxc",  "Mexico",         true,  undefined,           true,  false],
  ["northeurope",        "North Europe",           "neu",  "Europe",         true,  "westeurope",        true,  true],
  ["westeurope",         "West Europe",            "weu",  "Europe",         true,  "northeurope",       true,  true],
  ["uksouth",            "UK South",               "uks",  "United Kingdom", true,  "ukwest",            true,  true],
  ["ukwest",             "UK West",                "ukw",  "United Kingdom", false, "uksouth",           true,  true],
  ["francecentral",      "France Central",         "frc",  "France",         true,  "francesouth",       true,  true],
  ["francesouth",        "France South",           "frs",  "France",         false, "francecentral",     false, true],
  ["germanywestcentral", "Germany West Central",   "gwc",  "Germany",        true,  "germanynorth",      true,  true],
  ["germanynorth",       "Germany North",          "gn",   "Germany",        false, "germanywestcentral", false, true],
  ["switzerlandnorth",   "Switzerland North",      "szn",  "Switzerland",    true,  "switzerlandwest",   true,  false],
  ["switzerlandwest",    "Switzerland West",       "szw",  "Switzerland",    false, "switzerlandnorth",  false, true],
  ["norwayeast",         "Norway East",            "nwe",  "Norway",         true,  "norwaywest",        true,  true],
  ["norwaywest",         "Norway West",            "nww",  "Norway",         false, "norwayeast",        true,  false],
  ["swedencentral",      "Sweden Central",         "sdc",  "Sweden",         true,  "swedensouth",       true,  false],
  ["swedensouth",        "Sweden South",           "sds",  "Sweden",         false, "swedencentral",     false, false],
  ["polandcentral",      "Poland Central",         "plc",  "Poland",         true,  undefined,           true,  false],
  ["italynorth",         "Italy North",            "itn",  "Italy",          true,  undefined,           true,  true],
  ["spaincentral",       "Spain Central",          "spc",  "Spain",          true,  undefined,           true,  false],
  ["eastasia",           "East Asia",              "ea",   "Asia Pacific",   true,  "southeastasia",     true,  true],
  ["southeastasia",      "Southeast Asia",         "sea",  "Asia Pacific",   true,  "eastasia",          true,  true],
  ["japaneast",          "Japan East",             "jpe",  "Japan",          true,  "japanwest",         true,  true],
  ["japanwest",          "Japan West",             "jpw",  "Japan",          false, "japaneast",         true,  true],
  ["koreacentral",       "Korea Central",          "krc",  "Korea",          true,  "koreasouth",        true,  true],
  ["koreasouth",         "Korea South",            "krs",  "Korea",          false, "koreacentral",      false, true],
  ["australiaeast",      "Australia East",         "ae",   "Australia",      true,  "australiasoutheast", true, true],
  ["australiasoutheast", "Australia Southeast",    "ase",  "Australia",      false, "australiaeast",     true,  true],
  ["australiacentral",   "Australia Central",      "acl",  "Australia",      false, "australiacentral2", false, true],
  ["australiacentral2",  "Australia Central 2",    "acl2", "Australia",      false, "australiacentral",  true,  true],
  ["centralindia",       "Central India",          "inc",  "India",          true,  "southindia",        true,  true],
  ["southindia",         "South India",            "ins",  "India",          false, "centralindia",      false, true],
  ["westindia",          "West India",             "inw",  "India",          false, "southindia",        false, false],
  ["uaenorth",           "UAE North",              "uan",  "UAE",            true,  "uaecentral",        true,  true],
  ["uaecentral",         "UAE Central",            "uac",  "UAE",            false, "uaenorth",          false, true],
  ["southafricanorth",   "South Africa North",     "san",  "South Africa",   true,  "southafricawest",   true,  true],
  ["southafricawest",    "South Africa West",      "saw",  "South Africa",   false, "southafricanorth",  false, true],
  ["qatarcentral",       "Qatar Central",          "qac",  "Qatar",          true,  undefined,           true,  true],
  ["israelcentral",      "Israel Central",         "ilc",  "Israel",         true,  undefined,           true,  true],
  ["newzealandnorth",    "New Zealand North",      "nzn",  "New Zealand",    true,  undefined,           true,  true],
];

/** Every region in the catalog, keyed by ARM name. */
export const azureRegions: ReadonlyMap<string, AzureRegion> = new Map(
  rows.map(([name, displayName, code, geography, zones, paired, premiumSsdV2, enhancedChurn]) => [
    name,
    Object.freeze({
      name,
      displayName,
      code,
      geography,
      availabilityZones: zones,
      ...(paired ? { pairedRegion: paired } : {}),
      premiumSsdV2,
      enhancedChurn,
    }),
  ]),
);

/** The region with this ARM name (case-insensitive), or undefined. */
export function lookupRegion(name: string): AzureRegion | undefined {
  return azureRegions.get(name.toLowerCase());
}
