import { ResilienceCheck, at, is } from "../model";

/**
 * PostgreSQL flexible servers authenticate with Microsoft Entra ID, password authentication off: no long-lived
 * passwords to leak, and access follows Entra identities. authConfig { activeDirectoryAuth, passwordAuth } (Entra off
 * and passwords on unless set): https://learn.microsoft.com/azure/postgresql/security/security-entra-concepts
 */
export const dataPostgresqlRequireEntraAuth: ResilienceCheck = {
  name: "data-postgresql-require-entra-auth",
  area: "data",
  description:
    "PostgreSQL flexible servers use Microsoft Entra authentication with password authentication disabled.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set authConfig { activeDirectoryAuth: 'Enabled', passwordAuth: 'Disabled' }, add Entra administrators, and connect with managed identities. Set it on replicas too: a promoted replica keeps its own authentication settings.",
  libraryRemediation:
    "Leave PostgresStandby's passwordAuthentication unset (Entra ID only is its default) and give the Entra administrators in administrators.",
  sources: ["https://learn.microsoft.com/azure/postgresql/security/security-entra-concepts"],
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateResource(resource, _config, report) {
    const entra = at(resource.props, "authConfig.activeDirectoryAuth");
    const password = at(resource.props, "authConfig.passwordAuth");
    if (!is(entra, "Enabled"))
      report(
        `Microsoft Entra authentication is ${JSON.stringify(entra ?? "Disabled")}: only PostgreSQL passwords can sign in.`,
      );
    if (!is(password, "Disabled"))
      report(
        `password authentication is ${JSON.stringify(password ?? "Enabled")}: long-lived database passwords can be copied and leaked.`,
      );
  },
};
