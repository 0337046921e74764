import { ResilienceCheck, num } from "../model";

const day = 24 * 60 * 60 * 1000;

/** A webhook that starts failover is enabled and far from its expiry: an expired webhook starts nothing. */
export const automationWebhookRequireValidExpiry: ResilienceCheck = {
  name: "automation-webhook-require-valid-expiry",
  area: "automation",
  description:
    "Automation webhooks are enabled and expire no sooner than minimumDaysLeft from now (an expired or disabled webhook starts no runbook).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set isEnabled: true and an expiryTime further out (a webhook's expiry can be extended; its URL cannot be read again, so keep the one in the action group), and alert before it expires.",
  libraryRemediation:
    "FailoverAutomation's webhook expires webhookValidityDays (default 1825) after it was created: before then, replace it (pulumi up --replace on the component's webhook-uri resource) so the action group gets a new URI and expiry.",
  sources: [
    "https://learn.microsoft.com/azure/automation/automation-webhooks",
    "https://learn.microsoft.com/rest/api/automation/webhook/create-or-update",
  ],
  config: {
    minimumDaysLeft: {
      type: "number",
      default: 30,
      description: "Fewest days a webhook may have left before it expires.",
    },
  },
  resourceTypes: ["azure-native:automation:Webhook"],
  validateResource(resource, config, report) {
    if (resource.props.isEnabled === false)
      report(`webhook ${resource.name} has isEnabled: false: a call to it starts nothing.`);
    const expiry = resource.props.expiryTime;
    if (typeof expiry !== "string") return;
    const at = Date.parse(expiry);
    if (Number.isNaN(at)) return;
    const left = Math.floor((at - Date.now()) / day);
    const minimum = num(config, "minimumDaysLeft", 30);
    if (left < 0)
      report(
        `webhook ${resource.name} expired on ${expiry.slice(0, 10)} (expiryTime): a call to it starts nothing.`,
      );
    else if (left < minimum)
      report(
        `webhook ${resource.name} expires on ${expiry.slice(0, 10)} (expiryTime), in ${left} days, fewer than ${minimum}.`,
      );
  },
};
