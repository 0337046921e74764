// The policy pack, as npm ships it: `pulumi preview --policy-pack node_modules/azure-ai-failover/policy-pack` (in a
// project that installed azure-ai-failover), or `pulumi preview --policy-pack ./policy-pack` in a clone (after
// `npm install`, which builds dist/; run `npm run build` after changing a check). It only constructs the pack: the
// checks live in src/policies/<area>/<check>.ts, one per file, and `plan` runs the very same ones offline.
const { PolicyPack } = require("@pulumi/policy");
const { toPulumiPolicies } = require("../dist/policies/pulumi");

new PolicyPack("azure-ai-failover-resilience", { policies: toPulumiPolicies() });
