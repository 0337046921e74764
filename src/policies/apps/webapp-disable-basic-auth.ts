import { CheckedResource, ResilienceCheck, ofType } from "../model";

const policyTypes = {
  ftp: "azure-native:web:WebAppFtpAllowed",
  scm: "azure-native:web:WebAppScmAllowed",
} as const;

const key = (r: CheckedResource, name: unknown) =>
  `${String(r.props.resourceGroupName ?? "").toLowerCase()}/${String(name ?? "").toLowerCase()}`;

/**
 * Web and function apps turn off basic (user name and password) authentication for FTP and SCM (Kudu/WebDeploy):
 * the `basicPublishingCredentialsPolicies` ftp and scm, which ARM leaves allowed unless set.
 */
export const appsWebappDisableBasicAuth: ResilienceCheck = {
  name: "apps-webapp-disable-basic-auth",
  area: "apps",
  description:
    "Web and function apps disable basic publishing credentials for FTP and SCM (WebAppFtpAllowed and WebAppScmAllowed with allow: false).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add azure-native web.WebAppFtpAllowed and web.WebAppScmAllowed resources for the app (name = the app's name, same resourceGroupName) with allow: false, and deploy with Microsoft Entra ID credentials.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/871b205b-57cf-4e1e-a234-492616998bf7",
    "/providers/Microsoft.Authorization/policyDefinitions/aede300b-d67f-480a-ae26-4b3dfb1a1fdc",
    "https://learn.microsoft.com/azure/app-service/configure-basic-auth-disable",
  ],
  resourceTypes: ["azure-native:web:WebApp", policyTypes.ftp, policyTypes.scm],
  validateStack(resources, _config, report) {
    // One pass over the publishing-credential policies, keyed by resource group and app name.
    const allowed = new Map<string, boolean>();
    for (const [kind, type] of Object.entries(policyTypes)) {
      for (const policy of ofType(resources, type)) {
        allowed.set(`${kind}:${key(policy, policy.props.name)}`, policy.props.allow !== false);
        // A policy written with the app's output name depends on the app: match it by URN too.
        for (const urn of policy.dependencies) allowed.set(`${kind}:${urn}`, policy.props.allow !== false);
        if (policy.props.allow !== false)
          report(
            `allow is ${policy.props.allow === undefined ? "unset" : JSON.stringify(policy.props.allow)}: ${kind.toUpperCase()} accepts the app's basic publishing user name and password.`,
            policy.urn,
          );
      }
    }
    for (const app of ofType(resources, "azure-native:web:WebApp")) {
      const name = app.props.name ?? app.name;
      const open = (["ftp", "scm"] as const).filter(
        (kind) => !allowed.has(`${kind}:${key(app, name)}`) && !allowed.has(`${kind}:${app.urn}`),
      );
      if (open.length > 0)
        report(
          `no ${open.map((k) => (k === "ftp" ? "WebAppFtpAllowed" : "WebAppScmAllowed")).join(" or ")} with allow: false: ${open.map((k) => k.toUpperCase()).join(" and ")} accept basic publishing credentials, which ARM allows by default.`,
          app.urn,
        );
    }
  },
};
