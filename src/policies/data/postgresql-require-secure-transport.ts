import { ResilienceCheck, is } from "../model";
import { builtInPolicy } from "./helpers";

/**
 * PostgreSQL flexible servers accept only encrypted connections on TLS 1.2 or later. Both are server parameters, set
 * with Configuration resources: require_secure_transport (default ON) and ssl_min_protocol_version (default TLSv1.2),
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls; a stack only breaks them by setting them.
 */
export const dataPostgresqlRequireSecureTransport: ResilienceCheck = {
  name: "data-postgresql-require-secure-transport",
  area: "data",
  description:
    "PostgreSQL flexible servers keep require_secure_transport on and ssl_min_protocol_version at TLSv1.2 or later.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Remove the Configuration that sets require_secure_transport 'off' (or set it 'on'), and set ssl_min_protocol_version 'TLSv1.2' or 'TLSv1.3'; clients connect with sslmode=require or stricter.",
  sources: [
    builtInPolicy("c29c38cb-74a7-4505-9a06-e588ab86620a"),
    "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls",
  ],
  resourceTypes: ["azure-native:dbforpostgresql:Configuration"],
  validateResource(resource, _config, report) {
    const name = String(resource.props.configurationName ?? resource.name).toLowerCase();
    const value = resource.props.value;
    if (name === "require_secure_transport" && is(value, "off", "false", "0"))
      report(
        `require_secure_transport is ${JSON.stringify(value)} on server ${String(resource.props.serverName)}: clients may connect unencrypted.`,
      );
    if (name === "ssl_min_protocol_version" && is(value, "TLSv1", "TLSv1.0", "TLSv1.1"))
      report(
        `ssl_min_protocol_version is ${JSON.stringify(value)} on server ${String(resource.props.serverName)}: TLS versions before 1.2 are allowed.`,
      );
  },
};
