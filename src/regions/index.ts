export { AzureRegion, azureRegions, lookupRegion } from "./catalog";
export { RegionPair, RegionPairArgs, regionPair, requireRegion } from "./pair";
