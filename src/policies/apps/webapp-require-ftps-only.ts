import { ResilienceCheck, is } from "../model";
import { siteConfig } from "./helpers";

/** Web and function apps do not accept plain FTP deployments. */
export const appsWebappRequireFtpsOnly: ResilienceCheck = {
  name: "apps-webapp-require-ftps-only",
  area: "apps",
  description:
    'Web and function apps allow FTPS only or no FTP at all (siteConfig.ftpsState "FtpsOnly" or "Disabled"; unset allows plain FTP).',
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set siteConfig.ftpsState: "Disabled" (or "FtpsOnly" if you still deploy over FTP) on the app.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/4d24b6d4-5e53-4a4f-a7f4-618fa573ee4b",
    "/providers/Microsoft.Authorization/policyDefinitions/399b2637-a50f-4f95-96f8-3a145476eb15",
    "https://learn.microsoft.com/azure/app-service/deploy-ftp#enforce-ftps",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    const state = siteConfig(resource, "ftpsState");
    if (!is(state, "FtpsOnly", "Disabled"))
      report(
        `siteConfig.ftpsState is ${state === undefined ? "unset" : JSON.stringify(state)}: deployment credentials and content can travel over plain FTP.`,
      );
  },
};
