import { ResilienceCheck } from "../model";
import { receiverCount } from "./helpers";

/** Action groups reach someone or something: at least one receiver. */
export const monitorActiongroupRequireReceiver: ResilienceCheck = {
  name: "monitor-actiongroup-require-receiver",
  area: "monitor",
  description:
    "Action groups have at least one receiver (email, SMS, voice, push, webhook, runbook, function, Logic App, Event Hub, ITSM, ARM role or incident).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Add a receiver to the action group, e.g. emailReceivers: [{ name, emailAddress, useCommonAlertSchema: true }] or armRoleReceivers for the Monitoring Contributor role.",
  sources: ["https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups"],
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  validateResource(resource, _config, report) {
    if (receiverCount(resource) === 0)
      report("the action group has no receivers: alerts routed to it reach nobody.");
  },
};
