import { ResilienceCheck, is } from "../model";
import { siteConfig } from "./helpers";

/** Web and function apps refuse TLS 1.0 and 1.1, on the app and on its SCM (Kudu) site. */
export const appsWebappRequireTls12: ResilienceCheck = {
  name: "apps-webapp-require-tls12",
  area: "apps",
  description:
    "Web and function apps require TLS 1.2 or later (siteConfig.minTlsVersion, siteConfig.scmMinTlsVersion; Azure's default is 1.2).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Set siteConfig.minTlsVersion and siteConfig.scmMinTlsVersion to "1.2" (or "1.3"), or leave them unset for the 1.2 default.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/f0e6e85b-9b9f-4a4b-b67b-f730d42f1b0b",
    "https://learn.microsoft.com/azure/app-service/overview-tls",
    "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AppService.MinTLS/",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    for (const key of ["minTlsVersion", "scmMinTlsVersion"]) {
      const version = siteConfig(resource, key);
      if (is(version, "1.0", "1.1"))
        report(`siteConfig.${key} is "${version}": clients can connect with deprecated TLS ${version}.`);
    }
  },
};
