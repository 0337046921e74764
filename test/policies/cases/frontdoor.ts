import type { CheckedResource } from "../../../src/policies/model";
import { PolicyCase, res, stack } from "./builder";

// Examples for the frontdoor checks: each compliant stack follows Microsoft's guidance, each failing one breaks it once.

const profile = (sku = "Premium_AzureFrontDoor", type = "azure-native:cdn:Profile") =>
  res(type, { resourceGroupName: "rg", location: "global", sku: { name: sku } });

const probe = {
  probeRequestType: "HEAD",
  probeProtocol: "Https",
  probeIntervalInSeconds: 10,
  probePath: "/healthz",
};

const group = (props: Record<string, unknown> = {}, name = "og") =>
  res(
    "azure-native:cdn:AFDOriginGroup",
    {
      resourceGroupName: "rg",
      profileName: "fd",
      originGroupName: name,
      healthProbeSettings: probe,
      loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 2 },
      ...props,
    },
    { name },
  );

const origin = (g: CheckedResource, hostName: string, props: Record<string, unknown> = {}, type?: string) =>
  res(
    type ?? "azure-native:cdn:AFDOrigin",
    {
      resourceGroupName: "rg",
      profileName: "fd",
      originGroupName: g.props.originGroupName,
      hostName,
      enabledState: "Enabled",
      enforceCertificateNameCheck: true,
      ...props,
    },
    { dependsOn: [g] },
  );

/** A gateway serving a host name, so that an origin's region is known. */
const gateway = (host: string, location: string) =>
  res("azure-native:apimanagement:ApiManagementService", {
    resourceGroupName: "rg",
    location,
    gatewayUrl: `https://${host}`,
    sku: { name: "StandardV2", capacity: 1 },
  });

/** Two origins in two regions, with their gateways. */
const twoRegions = (groupProps: Record<string, unknown> = {}, second: Record<string, unknown> = {}) => {
  const g = group(groupProps);
  return [
    g,
    origin(g, "a.azure-api.net"),
    origin(g, "b.azure-api.net", second),
    gateway("a.azure-api.net", "eastus2"),
    gateway("b.azure-api.net", "centralus"),
  ];
};

const single = (groupProps: Record<string, unknown> = {}) => {
  const g = group(groupProps);
  return [g, origin(g, "app.azurewebsites.net")];
};

const route = (props: Record<string, unknown> = {}) =>
  res("azure-native:cdn:Route", {
    resourceGroupName: "rg",
    profileName: "fd",
    endpointName: "ep",
    supportedProtocols: ["Https"],
    httpsRedirect: "Enabled",
    forwardingProtocol: "HttpsOnly",
    ...props,
  });

const drs = { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.2", ruleSetAction: "Block" };
const bots = { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" };
const rateLimit = {
  name: "RateLimitPerSocketIp",
  priority: 100,
  enabledState: "Enabled",
  ruleType: "RateLimitRule",
  rateLimitDurationInMinutes: 1,
  rateLimitThreshold: 1000,
  matchConditions: [{ matchVariable: "RequestUri", operator: "Any", matchValue: [] }],
  action: "Block",
};

const waf = (props: Record<string, unknown> = {}, type = "azure-native:frontdoor:Policy") =>
  res(type, {
    resourceGroupName: "rg",
    location: "Global",
    sku: { name: "Premium_AzureFrontDoor" },
    policySettings: { enabledState: "Enabled", mode: "Prevention", requestBodyCheck: "Enabled" },
    managedRules: { managedRuleSets: [drs, bots] },
    customRules: { rules: [rateLimit] },
    ...props,
  });

const endpointWithWaf = (policy: CheckedResource) => {
  const endpoint = res("azure-native:cdn:AFDEndpoint", { resourceGroupName: "rg", profileName: "fd" });
  const security = res(
    "azure-native:cdn:SecurityPolicy",
    {
      resourceGroupName: "rg",
      profileName: "fd",
      parameters: {
        type: "WebApplicationFirewall",
        wafPolicy: { id: policy.props.id },
        associations: [{ domains: [{ id: endpoint.props.id }], patternsToMatch: ["/*"] }],
      },
    },
    { dependsOn: [endpoint, policy] },
  );
  return [endpoint, security, policy];
};

const domain = (tlsSettings?: Record<string, unknown>) =>
  res("azure-native:cdn:AFDCustomDomain", {
    resourceGroupName: "rg",
    profileName: "fd",
    hostName: "agents.contoso.com",
    ...(tlsSettings ? { tlsSettings } : {}),
  });

const secret = (parameters: Record<string, unknown>) =>
  res("azure-native:cdn:Secret", { resourceGroupName: "rg", profileName: "fd", parameters });

const classic = (props: Record<string, unknown> = {}, type = "azure-native:network:FrontDoor") =>
  res(type, {
    resourceGroupName: "rg",
    location: "global",
    frontendEndpoints: [
      {
        name: "fe",
        hostName: "classic.azurefd.net",
        webApplicationFirewallPolicyLink: {
          id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/frontdoorWebApplicationFirewallPolicies/waf",
        },
      },
    ],
    healthProbeSettings: [
      { name: "probe", path: "/healthz", healthProbeMethod: "HEAD", enabledState: "Enabled" },
    ],
    backendPools: [
      {
        name: "pool",
        backends: [{ address: "a.azure-api.net" }, { address: "b.azure-api.net" }],
        healthProbeSettings: {
          id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/frontDoors/fd/healthProbeSettings/probe",
        },
      },
    ],
    backendPoolsSettings: { enforceCertificateNameCheck: "Enabled" },
    ...props,
  });

export const cases: Record<string, PolicyCase> = {
  "frontdoor-profile-require-standard-premium": {
    compliant: [
      stack(profile()),
      stack(profile("standard_azurefrontdoor")),
      stack(profile("Standard_Microsoft")),
    ],
    failing: [
      { ...stack(classic()), expect: /Front Door \(classic\) is retiring/ },
      { ...stack(classic({}, "azure-native:frontdoor:FrontDoor")), expect: /classic/ },
      {
        ...stack(res("azure-native:cdn:Profile", { resourceGroupName: "rg", sku: {} })),
        expect: /sku is undefined/,
      },
    ],
  },
  "frontdoor-origin-group-require-health-probe": {
    compliant: [
      stack(...twoRegions()),
      stack(...twoRegions({ healthProbeSettings: { ...probe, probeRequestType: "get" } })),
      // One origin: Microsoft's advice is to disable probes, so none is required.
      stack(...single({ healthProbeSettings: undefined })),
    ],
    failing: [
      {
        ...stack(...twoRegions({ healthProbeSettings: undefined })),
        expect: /has 2 origins but no health probe/,
      },
      {
        ...stack(
          ...twoRegions({ healthProbeSettings: { ...probe, probeRequestType: "NotSet", probePath: "/" } }),
        ),
        expect: /probes with "NotSet"[\s\S]*probes "\/"/,
      },
    ],
  },
  "frontdoor-origin-group-require-two-regions": {
    compliant: [
      stack(...twoRegions()),
      // A single-origin group gets no failover advice (see frontdoor-origin-group-single-origin-disable-probes).
      stack(...single()),
    ],
    failing: [
      { ...stack(...twoRegions({}, { enabledState: "disabled" })), expect: /has 1 enabled origin\(s\)/ },
      {
        ...stack(...twoRegions({}, { hostName: "a.azure-api.net" })),
        expect: /every enabled origin runs in eastus2/,
      },
    ],
  },
  "frontdoor-origin-group-single-origin-disable-probes": {
    compliant: [stack(...single({ healthProbeSettings: undefined })), stack(...twoRegions())],
    failing: [{ ...stack(...single()), expect: /single enabled origin but probes it/ }],
  },
  "frontdoor-route-require-https-redirect": {
    compliant: [
      stack(route()),
      stack(
        route({
          supportedProtocols: ["Http", "Https"],
          httpsRedirect: "enabled",
          forwardingProtocol: "httpsonly",
        }),
      ),
    ],
    failing: [
      {
        ...stack(route({ supportedProtocols: ["Http", "Https"], httpsRedirect: "Disabled" })),
        expect: /accepts plain HTTP without redirecting/,
      },
      {
        ...stack(res("azure-native:cdn/v20240201:Route", { resourceGroupName: "rg", profileName: "fd" })),
        expect: /forwards to origins with "MatchRequest"/,
      },
    ],
  },
  "frontdoor-endpoint-require-waf-prevention": {
    compliant: [
      stack(...endpointWithWaf(waf())),
      stack(...endpointWithWaf(waf({ policySettings: { mode: "prevention" } }))),
    ],
    failing: [
      {
        ...stack(...endpointWithWaf(waf({ policySettings: { enabledState: "Enabled", mode: "Detection" } }))),
        expect: /not an enabled policy in Prevention mode/,
      },
      {
        ...stack(res("azure-native:cdn:AFDEndpoint", { resourceGroupName: "rg", profileName: "fd" })),
        expect: /has no WAF attached/,
      },
    ],
  },
  "frontdoor-failover-budget-within-objective": {
    compliant: [
      stack(...twoRegions()),
      // A single origin has nowhere to fail over to: no failover budget to judge.
      stack(...single({ healthProbeSettings: { ...probe, probeIntervalInSeconds: 100 } })),
    ],
    failing: [
      {
        ...stack(...twoRegions({ healthProbeSettings: { ...probe, probeIntervalInSeconds: 30 } })),
        expect: /takes ~90 s .* over the 60 s objective/,
      },
      {
        ...stack(...twoRegions()),
        settings: { maximumDetectionSeconds: 20 },
        expect: /takes ~30 s .* over the 20 s objective/,
      },
    ],
  },
  "frontdoor-profile-prefer-premium": {
    compliant: [stack(profile()), stack(profile("Standard_Verizon"))],
    failing: [
      {
        ...stack(profile("standard_azurefrontdoor", "azure-native:cdn/v20230501:Profile")),
        expect: /Standard_AzureFrontDoor/,
      },
    ],
  },
  "frontdoor-origin-require-certificate-name-check": {
    compliant: [stack(...twoRegions())],
    failing: [
      {
        ...stack(...twoRegions({}, { enforceCertificateNameCheck: false })),
        expect: /b\.azure-api\.net accepts any certificate/,
      },
    ],
  },
  "frontdoor-custom-domain-require-tls12": {
    compliant: [
      stack(domain()),
      stack(domain({ certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" })),
      stack(domain({ certificateType: "ManagedCertificate", minimumTlsVersion: "tls13" })),
    ],
    failing: [
      {
        ...stack(domain({ certificateType: "ManagedCertificate", minimumTlsVersion: "TLS10" })),
        expect: /agents\.contoso\.com allows "TLS10"/,
      },
    ],
  },
  "frontdoor-custom-domain-use-managed-certificate": {
    compliant: [stack(domain()), stack(domain({ certificateType: "managedcertificate" }))],
    failing: [
      {
        ...stack(domain({ certificateType: "CustomerCertificate", secret: { id: "/s/secret" } })),
        expect: /uses a "CustomerCertificate" certificate/,
      },
    ],
  },
  "frontdoor-secret-use-latest-certificate-version": {
    compliant: [
      stack(
        secret({
          type: "CustomerCertificate",
          secretSource: { id: "/kv/secrets/cert" },
          useLatestVersion: true,
        }),
      ),
      stack(secret({ type: "ManagedCertificate" })),
    ],
    failing: [
      {
        ...stack(
          secret({
            type: "CustomerCertificate",
            secretSource: { id: "/kv/secrets/cert" },
            secretVersion: "abc",
          }),
        ),
        expect: /pins certificate version "abc"/,
      },
    ],
  },
  "frontdoor-waf-policy-require-enabled": {
    compliant: [stack(waf()), stack(waf({ policySettings: { mode: "Prevention" } }))],
    failing: [
      {
        ...stack(waf({ policySettings: { enabledState: "disabled", mode: "Prevention" } })),
        expect: /is disabled: it filters nothing/,
      },
    ],
  },
  "frontdoor-waf-policy-require-managed-rules": {
    compliant: [
      stack(waf()),
      // Standard WAF policies cannot hold managed rules: frontdoor-profile-prefer-premium says so instead.
      stack(waf({ sku: { name: "Standard_AzureFrontDoor" }, managedRules: undefined })),
      stack(
        waf({
          managedRules: { managedRuleSets: [{ ruleSetType: "DefaultRuleSet", ruleSetVersion: "1.0" }] },
        }),
      ),
    ],
    failing: [
      { ...stack(waf({ managedRules: { managedRuleSets: [bots] } })), expect: /runs no Default Rule Set/ },
      // No sku: ARM's default is Classic_AzureFrontDoor, which takes managed rules.
      {
        ...stack(waf({ sku: undefined, managedRules: undefined }, "azure-native:network:Policy")),
        expect: /Classic_AzureFrontDoor\) runs no Default Rule Set/,
      },
      {
        ...stack(waf({ managedRules: { managedRuleSets: [{ ...drs, ruleSetAction: "log" }, bots] } })),
        expect: /only logs Microsoft_DefaultRuleSet matches/,
      },
    ],
  },
  "frontdoor-waf-policy-require-bot-protection": {
    compliant: [
      stack(waf()),
      stack(
        waf({
          managedRules: {
            managedRuleSets: [drs, { ruleSetType: "BotProtection", ruleSetVersion: "preview-0.1" }],
          },
        }),
      ),
      stack(waf({ sku: { name: "Standard_AzureFrontDoor" }, managedRules: undefined })),
    ],
    failing: [
      { ...stack(waf({ managedRules: { managedRuleSets: [drs] } })), expect: /has no bot protection/ },
    ],
  },
  "frontdoor-waf-policy-require-request-body-check": {
    compliant: [
      stack(waf()),
      stack(waf({ policySettings: { enabledState: "Enabled", mode: "Prevention" } })),
    ],
    failing: [
      {
        ...stack(
          waf({
            policySettings: { enabledState: "Enabled", mode: "Prevention", requestBodyCheck: "Disabled" },
          }),
        ),
        expect: /does not inspect request bodies/,
      },
    ],
  },
  "frontdoor-waf-policy-require-rate-limit": {
    compliant: [
      stack(waf()),
      stack(waf({ customRules: { rules: [{ ...rateLimit, ruleType: "ratelimitrule" }] } })),
    ],
    failing: [
      { ...stack(waf({ customRules: undefined })), expect: /has no enabled rate-limit rule/ },
      {
        ...stack(waf({ customRules: { rules: [{ ...rateLimit, enabledState: "Disabled" }] } })),
        expect: /has no enabled rate-limit rule/,
      },
    ],
  },
  "frontdoor-waf-policy-use-current-rule-set": {
    compliant: [
      stack(waf()),
      stack(waf({ managedRules: { managedRuleSets: [{ ...drs, ruleSetVersion: "2.1" }] } })),
    ],
    failing: [
      {
        ...stack(
          waf({
            managedRules: {
              managedRuleSets: [{ ruleSetType: "DefaultRuleSet", ruleSetVersion: "1.0" }, bots],
            },
          }),
        ),
        expect: /runs DefaultRuleSet 1\.0/,
      },
      {
        ...stack(waf({ managedRules: { managedRuleSets: [{ ...drs, ruleSetVersion: "1.1" }] } })),
        expect: /runs Microsoft_DefaultRuleSet 1\.1/,
      },
    ],
  },
  "frontdoor-classic-frontend-require-waf": {
    compliant: [stack(classic())],
    failing: [
      {
        ...stack(classic({ frontendEndpoints: [{ name: "fe", hostName: "classic.azurefd.net" }] })),
        expect: /frontend\(s\) fe have no WAF policy/,
      },
    ],
  },
  "frontdoor-classic-backend-pool-require-health-probe": {
    compliant: [
      stack(classic()),
      // One enabled backend: probes may be off.
      stack(
        classic({
          healthProbeSettings: [{ name: "probe", enabledState: "Disabled" }],
          backendPools: [
            { name: "pool", backends: [{ address: "a" }, { address: "b", enabledState: "Disabled" }] },
          ],
        }),
      ),
    ],
    failing: [
      {
        ...stack(
          classic({ healthProbeSettings: [{ name: "probe", path: "/healthz", enabledState: "disabled" }] }),
        ),
        expect: /backend pool pool has 2 backends but no enabled health probe/,
      },
      {
        ...stack(classic({ healthProbeSettings: [{ name: "probe", path: "/", enabledState: "Enabled" }] })),
        expect: /backend pool pool probes "\/"/,
      },
    ],
  },
  "frontdoor-classic-require-certificate-name-check": {
    compliant: [stack(classic()), stack(classic({ backendPoolsSettings: undefined }))],
    failing: [
      {
        ...stack(classic({ backendPoolsSettings: { enforceCertificateNameCheck: "disabled" } })),
        expect: /backend certificate names are not checked/,
      },
    ],
  },
};
