// The policy pack: `pulumi preview --policy-pack policy-pack` (after `npm install` at the repository root).
// It only constructs the pack; the checks live in src/policies, one per file, and `npm run plan` runs the same ones.
import { PolicyPack } from "@pulumi/policy";
import { toPulumiPolicies } from "../src/policies/pulumi";

new PolicyPack("azure-ai-failover-resilience", { policies: toPulumiPolicies() });
