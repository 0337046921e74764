import { ResilienceCheck, ofType } from "../model";
import { accountReferences, namesAccount } from "./helpers";

/** Automation accounts accept Microsoft Entra ID only, unless a webhook needs local auth. */
export const automationAccountDisableLocalAuth: ResilienceCheck = {
  name: "automation-account-disable-local-auth",
  area: "automation",
  description:
    "Automation accounts disable local authentication (disableLocalAuth: true), unless the stack gives them a webhook, which needs it.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set disableLocalAuth: true on the Automation account; runbooks and their callers then authenticate with Microsoft Entra ID (webhooks stop working, so start runbooks through an Automation runbook action or the API).",
  libraryRemediation:
    "FailoverAutomation keeps local auth on because the Service Health alert starts its runbook through a webhook, which local auth off stops (https://learn.microsoft.com/azure/automation/disable-local-authentication); the check exempts an account with a webhook. SiteRecovery's agent-update account (a scheduled runbook, no webhook) turns it off.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/48c5f1cb-14ad-4797-8e3b-f78ab3f8d700",
    "https://learn.microsoft.com/azure/automation/disable-local-authentication",
  ],
  resourceTypes: ["azure-native:automation:AutomationAccount", "azure-native:automation:Webhook"],
  validateStack(resources, _config, report) {
    // "Disabling local authentication ... webhooks won't work": an account with a webhook keeps it, as it must.
    const withWebhook = accountReferences(resources, "azure-native:automation:Webhook");
    for (const account of ofType(resources, "azure-native:automation:AutomationAccount")) {
      if (account.props.disableLocalAuth === true || namesAccount(withWebhook, account)) continue;
      report(
        `Automation account ${account.name} accepts local authentication (disableLocalAuth ${account.props.disableLocalAuth === undefined ? "unset, so false" : "false"}) and has no webhook that needs it.`,
        account.urn,
      );
    }
  },
};
