/**
 * What Azure Database for PostgreSQL flexible server accepts, as pure data and checks: the compute SKUs and their
 * tiers, the major versions new servers can be created with, Premium SSD sizes, and what each region offers
 * (compute generations, zone-redundant high availability, geo-redundant backup).
 *
 * Last checked 2026-12-01 against Microsoft's pages (MicrosoftDocs/azure-databases-docs):
 * - SKUs and tiers: https://learn.microsoft.com/azure/postgresql/compute-storage/concepts-compute (ms.date 2026-01-13)
 * - versions: https://learn.microsoft.com/azure/postgresql/configure-maintain/concepts-version-policy and
 *   https://learn.microsoft.com/azure/postgresql/configure-maintain/extended-support (ms.date 2026-03-26)
 * - storage: https://learn.microsoft.com/azure/postgresql/compute-storage/concepts-storage
 * - regions: the "Azure regions" table of https://learn.microsoft.com/azure/postgresql/overview#azure-regions
 *   (include articles/postgresql/includes/regions-table.md, ms.date 2025-12-22)
 *
 * The service moves: `az postgres flexible-server list-skus --location <region>` answers for a subscription today.
 */
import { fail, show } from "../errors";
import type { AzureRegion } from "../regions/catalog";

export type PostgresTier = "GeneralPurpose" | "MemoryOptimized" | "Burstable";

/** A parsed compute SKU name. */
export interface PostgresSku {
  /** ARM name, e.g. `Standard_D4ds_v5`. */
  readonly name: string;
  readonly tier: PostgresTier;
  readonly vCores: number;
  /** VM generation (3-6); undefined for Burstable (B-series). */
  readonly generation?: number;
  /** AMD (`ads`) rather than Intel. */
  readonly amd: boolean;
}

/**
 * vCores Microsoft lists per tier (concepts-compute, "Resource/Tier" table): General Purpose 2-96 (128 and 192 on v6
 * only), Memory Optimized 2-96 with 20 on v4/v5/v6 (128 and 192 on v6 only), Burstable B1ms-B20ms.
 */
const generalPurposeVCores = [2, 4, 8, 16, 32, 48, 64, 96];
const memoryOptimizedVCores = [2, 4, 8, 16, 20, 32, 48, 64, 96];
const v6OnlyVCores = [128, 192];
/** The suffix each generation's series carries: Dsv3, Ddsv4, Ddsv5/Dadsv5, Ddsv6/Dadsv6 (and E likewise). */
const seriesSuffixes: Record<number, string[]> = { 3: ["s"], 4: ["ds"], 5: ["ds", "ads"], 6: ["ds", "ads"] };

/**
 * Parses a flexible server SKU name (`Standard_` + the table's name: `Standard_D4ds_v5`, `Standard_E8ads_v6`,
 * `Standard_B2s`), or throws naming `argument`.
 */
export function parsePostgresSku(argument: string, value: unknown): PostgresSku {
  const hint =
    'a flexible server compute size such as "Standard_D4ds_v5" (General Purpose) or "Standard_E4ds_v5" (Memory Optimized), as listed at https://learn.microsoft.com/azure/postgresql/compute-storage/concepts-compute';
  if (typeof value !== "string") fail(argument, `${argument} must be ${hint}, but got ${show(value)}.`);
  const burstable = /^Standard_B(\d+)m?s$/.exec(value);
  if (burstable) {
    return { name: value, tier: "Burstable", vCores: Number(burstable[1]), amd: false };
  }
  const sized = /^Standard_([DE])(\d+)(s|ds|ads)_v(\d)$/.exec(value);
  const generation = sized ? Number(sized[4]) : undefined;
  if (!sized || generation === undefined || !seriesSuffixes[generation]?.includes(sized[3])) {
    fail(argument, `${argument} must be ${hint}, but got ${show(value)}.`);
  }
  const tier: PostgresTier = sized[1] === "D" ? "GeneralPurpose" : "MemoryOptimized";
  const vCores = Number(sized[2]);
  const allowed = [
    ...(tier === "GeneralPurpose" ? generalPurposeVCores : memoryOptimizedVCores).filter(
      (n) => !(n === 20 && generation === 3),
    ),
    ...(generation === 6 ? v6OnlyVCores : []),
  ];
  if (!allowed.includes(vCores)) {
    fail(
      argument,
      `${argument} ${show(value)} has ${vCores} vCores, which ${tier === "GeneralPurpose" ? "General Purpose" : "Memory Optimized"} v${generation} does not offer: use one of ${allowed.join(", ")}.`,
    );
  }
  return { name: value, tier, vCores, generation, amd: sized[3] === "ads" };
}

/**
 * Major versions a NEW server can be created with. 11, 12 and 13 left standard support on 2026-07-31 ("You can't
 * create new servers by using a PostgreSQL version that is retired"); 10 and older were never offered.
 * 14 leaves standard support on 2026-12-11 (extended-support page): accepted, with a note.
 */
export const postgresVersions = ["14", "15", "16", "17", "18"] as const;
export type PostgresVersion = (typeof postgresVersions)[number];
/** Standard support end dates (Azure), for notes. */
export const postgresStandardSupportEnds: Readonly<Record<PostgresVersion, string>> = {
  "14": "2026-12-11",
  "15": "2027-11-11",
  "16": "2028-11-09",
  "17": "2029-11-08",
  "18": "2030-11-14",
};

/**
 * Premium SSD sizes in GiB (the disk tiers P4-P80: 32 GiB to 32 TiB; Azure writes 4 TiB as 4,095 GiB in the portal
 * to keep the online-scaling path, and the largest as 32,767 GiB). concepts-storage and concepts-storage-premium-ssd.
 */
export const premiumSsdSizesGB = [32, 64, 128, 256, 512, 1024, 2048, 4095, 4096, 8192, 16384, 32767] as const;

/** What Microsoft's region table says a region offers. */
export interface PostgresRegionFacts {
  /** Intel compute generations. */
  readonly intel: readonly number[];
  /** AMD compute generations. */
  readonly amd: readonly number[];
  /** `yes`; `blocked`: "new zone-redundant HA deployments are temporarily blocked" ($); `no`. */
  readonly zoneRedundantHa: "yes" | "blocked" | "no";
  readonly geoRedundantBackup: boolean;
  /** Access-restricted region, "available only upon request" (*). */
  readonly restricted: boolean;
}

type Row = [
  name: string,
  intel: string,
  amd: string,
  zr: "yes" | "blocked" | "no",
  geo: boolean,
  restricted?: boolean,
];

// The regions of this library's catalog, from regions-table.md (ms.date 2025-12-22). Regions of the catalog missing
// from Microsoft's table (westindia, swedensouth) do not offer the service.
// prettier-ignore
const rows: Row[] = [
  ["australiacentral",   "345",  "",   "no",      true],
  ["australiacentral2",  "345",  "",   "no",      false, true],
  ["australiaeast",      "3456", "5",  "yes",     true],
  ["australiasoutheast", "345",  "",   "no",      true],
  ["brazilsouth",        "345",  "",   "blocked", false],
  ["canadacentral",      "345",  "5",  "yes",     true],
  ["canadaeast",         "345",  "5",  "no",      true],
  ["centralindia",       "345",  "",   "blocked", true],
  ["centralus",          "345",  "",   "yes",     true],
  ["eastasia",           "345",  "6",  "blocked", true],
  ["eastus",             "345",  "5",  "blocked", true],
  ["eastus2",            "34",   "",   "blocked", true],
  ["francecentral",      "345",  "",   "yes",     true],
  ["francesouth",        "345",  "",   "no",      true],
  ["germanynorth",       "345",  "",   "no",      true,  true],
  ["germanywestcentral", "345",  "",   "blocked", true],
  ["israelcentral",      "34",   "",   "yes",     false],
  ["italynorth",         "345",  "",   "yes",     false],
  ["japaneast",          "34",   "",   "yes",     true],
  ["japanwest",          "345",  "6",  "no",      true],
  ["koreacentral",       "345",  "",   "yes",     true],
  ["koreasouth",         "345",  "",   "no",      true],
  ["mexicocentral",      "34",   "",   "blocked", false],
  ["newzealandnorth",    "345",  "",   "yes",     false],
  ["northcentralus",     "345",  "5",  "no",      true],
  ["northeurope",        "345",  "",   "blocked", true],
  ["norwayeast",         "345",  "5",  "yes",     true,  true],
  ["norwaywest",         "345",  "",   "no",      true],
  ["polandcentral",      "34",   "",   "yes",     false],
  ["qatarcentral",       "34",   "",   "blocked", false],
  ["southafricanorth",   "345",  "",   "yes",     true],
  ["southafricawest",    "345",  "",   "no",      true,  true],
  ["southcentralus",     "34",   "",   "blocked", true],
  ["southindia",         "345",  "6",  "yes",     true],
  ["southeastasia",      "34",   "",   "blocked", true],
  ["spaincentral",       "34",   "",   "yes",     false],
  ["swedencentral",      "345",  "",   "yes",     true],
  ["switzerlandnorth",   "345",  "",   "yes",     true],
  ["switzerlandwest",    "345",  "",   "no",      true,  true],
  ["uaecentral",         "345",  "",   "no",      true,  true],
  ["uaenorth",           "345",  "",   "yes",     true],
  ["uksouth",            "345",  "5",  "yes",     true],
  ["ukwest",             "345",  "5",  "no",      true],
  ["westcentralus",      "345",  "",   "no",      true],
  ["westeurope",         "345",  "",   "blocked", true],
  ["westus",             "345",  "5",  "no",      true],
  ["westus2",            "34",   "",   "blocked", true],
  ["westus3",            "345",  "5",  "yes",     false],
];

const digits = (s: string) => [...s].map(Number);

/** Microsoft's region facts, by ARM name. */
export const postgresRegions: ReadonlyMap<string, PostgresRegionFacts> = new Map(
  rows.map(([name, intel, amd, zr, geo, restricted]) => [
    name,
    Object.freeze({
      intel: digits(intel),
      amd: digits(amd),
      zoneRedundantHa: zr,
      geoRedundantBackup: geo,
      restricted: restricted ?? false,
    }),
  ]),
);

const regionsTable = "https://learn.microsoft.com/azure/postgresql/overview#azure-regions";

/** The region's facts, or throws: the service is not offered there. */
export function postgresRegion(argument: string, region: AzureRegion): PostgresRegionFacts {
  const facts = postgresRegions.get(region.name);
  if (!facts) {
    fail(
      argument,
      `${argument} "${region.name}" does not offer Azure Database for PostgreSQL flexible server (it is not in Microsoft's region table, ${regionsTable}): choose another region.`,
    );
  }
  return facts;
}

/** Throws unless the region offers the SKU's compute generation (Burstable is offered everywhere the service is). */
export function checkSkuInRegion(
  argument: string,
  sku: PostgresSku,
  region: AzureRegion,
  facts: PostgresRegionFacts,
) {
  if (sku.generation === undefined) return;
  const offered = sku.amd ? facts.amd : facts.intel;
  if (!offered.includes(sku.generation)) {
    const intel = facts.intel.map((g) => `v${g}`).join("/");
    const amd = facts.amd.map((g) => `v${g}`).join("/");
    fail(
      argument,
      `${argument} ${show(sku.name)} is ${sku.amd ? "AMD" : "Intel"} v${sku.generation}, which ${region.name} does not offer ` +
        `(Intel ${intel || "none"}, AMD ${amd || "none"}; ${regionsTable}): a replica needs the same size as the primary to ` +
        `be promoted to primary, so pick a size both regions offer, e.g. "Standard_D4ds_v4".`,
    );
  }
}
