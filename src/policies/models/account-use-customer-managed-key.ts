import { ResilienceCheck, at, is } from "../model";

/**
 * Model accounts encrypt with a customer-managed key: built-in policy 67121cc7 ("Cognitive Services accounts should
 * enable data encryption with a customer-managed key": "commonly required to meet regulatory compliance standards").
 * Advisory: Microsoft-managed keys are the default and encrypt the data too.
 */
export const modelsAccountUseCustomerManagedKey: ResilienceCheck = {
  name: "models-account-use-customer-managed-key",
  area: "models",
  description:
    "Azure OpenAI / AI Services accounts encrypt stored data (fine-tuning files, batch data) with a customer-managed key from Key Vault.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set properties.encryption { keySource: 'Microsoft.KeyVault', keyVaultProperties: { keyVaultUri, keyName, keyVersion, identityClientId } } and grant the account's identity access to the key.",
  libraryRemediation:
    "RegionalOpenAi uses Microsoft-managed keys; where regulation requires your own key, add properties.encryption to the accounts with a transformation.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/67121cc7-ff39-4ab8-b7e3-95b84dab487d",
    "https://learn.microsoft.com/azure/ai-services/openai/encrypt-data-at-rest",
  ],
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    const source = at(resource.props, "properties.encryption.keySource");
    if (!is(source, "Microsoft.KeyVault"))
      report(
        "stored data is encrypted with Microsoft-managed keys: you cannot revoke access to it or prove key custody to a regulator.",
      );
    else if (!at(resource.props, "properties.encryption.keyVaultProperties.keyName"))
      report("encryption.keySource is Microsoft.KeyVault but keyVaultProperties names no key.");
  },
};
