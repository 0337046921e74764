import { ResilienceCheck } from "../model";

/** Automation variables are encrypted: runbooks read them with Get-AutomationVariable either way. */
export const automationVariableRequireEncryption: ResilienceCheck = {
  name: "automation-variable-require-encryption",
  area: "automation",
  description: "Automation account variables are encrypted (isEncrypted: true).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set isEncrypted: true on the variable (encryption is chosen at creation: recreate it); runbooks read encrypted values with the internal Get-AutomationVariable cmdlet.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/3657f5a0-770e-44a3-b44e-9431ba1e9735",
    "https://learn.microsoft.com/azure/automation/shared-resources/variables",
  ],
  resourceTypes: ["azure-native:automation:Variable"],
  validateResource(resource, _config, report) {
    if (resource.props.isEncrypted !== true)
      report(
        `variable ${resource.name} is stored unencrypted (isEncrypted ${resource.props.isEncrypted === undefined ? "unset" : "false"}).`,
      );
  },
};
