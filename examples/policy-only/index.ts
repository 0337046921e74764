// A single-region agent stack written without azure-ai-failover's components. Check it with the policy pack:
//   pulumi preview --policy-pack ../../policy-pack
// or offline, with no Azure account:
//   npx azure-ai-failover plan --program examples/policy-only
// Both judge the resources the stack has: the model deployment in one region only, no Service Health alert that
// starts a failover for its tier-1 resources, the key vault's purge protection, local (key) auth and public access
// on the model account. What the stack does not have at all (a gateway, Front Door) is not judged.
import * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as resources from "@pulumi/azure-native/resources";

const group = new resources.ResourceGroup("agents", { location: "swedencentral" });

const account = new cognitiveservices.Account("agents-oai", {
  resourceGroupName: group.name,
  location: "swedencentral",
  kind: "OpenAI",
  sku: { name: "S0" },
  properties: { customSubDomainName: "contoso-agents-oai", publicNetworkAccess: "Enabled" },
  tags: { tier: "1" },
});

new cognitiveservices.Deployment("agents-chat", {
  resourceGroupName: group.name,
  accountName: account.name,
  deploymentName: "chat",
  sku: { name: "Standard", capacity: 30 },
  properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" } },
});

new keyvault.Vault("agents-kv", {
  resourceGroupName: group.name,
  location: "swedencentral",
  properties: {
    tenantId: "00000000-0000-0000-0000-00000000000a",
    sku: { family: "A", name: "standard" },
    enableRbacAuthorization: true,
  },
});
