import type { CheckedResource } from "../../../src/policies/model";
import { PolicyCase, res, stack } from "./builder";

// Examples for the gateway checks: each compliant stack follows Microsoft's guidance, each failing one breaks it once.

const service = (
  props: Record<string, unknown> = {},
  type = "azure-native:apimanagement:ApiManagementService",
) =>
  res(
    type,
    {
      resourceGroupName: "rg",
      location: "eastus2",
      serviceName: "gw",
      publisherEmail: "platform@contoso.com",
      publisherName: "platform",
      sku: { name: "Premium", capacity: 2 },
      identity: { type: "SystemAssigned" },
      virtualNetworkType: "External",
      virtualNetworkConfiguration: {
        subnetResourceId:
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/apim",
      },
      ...props,
    },
    { name: "gw" },
  );

const breaker = {
  rules: [
    {
      name: "trip",
      failureCondition: {
        count: 1,
        interval: "PT1M",
        statusCodeRanges: [
          { min: 429, max: 429 },
          { min: 500, max: 599 },
        ],
      },
      tripDuration: "PT30S",
      acceptRetryAfter: true,
    },
  ],
};

const backend = (name: string, props: Record<string, unknown> = {}) =>
  res(
    "azure-native:apimanagement:Backend",
    {
      resourceGroupName: "rg",
      serviceName: "gw",
      url: `https://${name}.openai.azure.com/openai`,
      protocol: "http",
      circuitBreaker: breaker,
      ...props,
    },
    { name },
  );

const pool = (members: CheckedResource[], props: Record<string, unknown> = {}) =>
  res(
    "azure-native:apimanagement:Backend",
    {
      resourceGroupName: "rg",
      serviceName: "gw",
      type: "Pool",
      pool: { services: members.map((m, i) => ({ id: m.props.id, priority: i + 1 })) },
      ...props,
    },
    { name: "pool-models", dependsOn: members },
  );

const policyXml = (inbound: string) =>
  res("azure-native:apimanagement:ApiPolicy", {
    resourceGroupName: "rg",
    serviceName: "gw",
    apiId: "openai",
    format: "rawxml",
    value: `<policies><inbound><base />${inbound}</inbound><backend><retry condition="@(context.Response.StatusCode == 429)" count="3" interval="1" max-interval="8" delta="1" first-fast-retry="true"><forward-request /></retry></backend><outbound /><on-error /></policies>`,
  });

const tokenLimit = `<llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="10000" estimate-prompt-tokens="true" />`;

/** A gateway with a pool of two model backends and a token-limited, backed-off policy. */
const gateway = (
  members: CheckedResource[] = [backend("eus2"), backend("cus")],
  inbound = tokenLimit,
  serviceProps: Record<string, unknown> = {},
) => stack(service(serviceProps), ...members, pool(members), policyXml(inbound));

const namedValue = (props: Record<string, unknown>) =>
  res("azure-native:apimanagement:NamedValue", {
    resourceGroupName: "rg",
    serviceName: "gw",
    displayName: "provider-key",
    ...props,
  });

const api = (protocols?: string[], type = "azure-native:apimanagement:Api") =>
  res(type, {
    resourceGroupName: "rg",
    serviceName: "gw",
    path: "openai",
    displayName: "openai",
    ...(protocols ? { protocols } : {}),
  });

const tls = "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.";

export const cases: Record<string, PolicyCase> = {
  "gateway-backends-require-pool": {
    compliant: [gateway(), stack(service())],
    failing: [
      {
        ...stack(service(), backend("eus2"), backend("cus"), policyXml(tokenLimit)),
        expect: /gateway gw has 2 backend\(s\) but no pool of two or more/,
      },
    ],
  },
  "gateway-backend-require-circuit-breaker": {
    compliant: [gateway()],
    failing: [
      {
        ...gateway([backend("eus2"), backend("cus", { circuitBreaker: undefined })]),
        expect: /backend cus in pool pool-models has no circuit breaker/,
      },
      {
        ...gateway([
          backend("eus2", {
            circuitBreaker: {
              rules: [
                {
                  ...breaker.rules[0],
                  acceptRetryAfter: false,
                  failureCondition: { statusCodeRanges: [{ min: 500, max: 599 }] },
                },
              ],
            },
          }),
          backend("cus"),
        ]),
        expect: /does not trip on 429[\s\S]*ignores Retry-After/,
      },
    ],
  },
  "gateway-retry-require-exponential-backoff": {
    compliant: [gateway()],
    failing: [
      {
        ...stack(
          res("azure-native:apimanagement:ApiPolicy", {
            serviceName: "gw",
            value: `<policies><inbound /><backend><retry condition="true" count="100" interval="1"><forward-request /></retry></backend></policies>`,
          }),
        ),
        expect: /has no max-interval, delta: that is a fixed interval[\s\S]*bound it between 1 and 50/,
      },
    ],
  },
  "gateway-require-token-limit": {
    compliant: [
      gateway(),
      gateway(undefined, `<azure-openai-token-limit counter-key="x" tokens-per-minute="1000" />`),
    ],
    failing: [
      {
        ...gateway(undefined, `<set-header name="x" exists-action="delete" />`),
        expect: /gateway gw has no token limit/,
      },
    ],
  },
  "gateway-service-zones-match-capacity": {
    compliant: [
      stack(service()),
      stack(service({ zones: ["1", "2"] })),
      stack(service({ sku: { name: "Premium", capacity: 3 }, zones: ["1", "2", "3"] })),
    ],
    failing: [
      {
        ...stack(service({ sku: { name: "premium", capacity: 2 }, zones: ["1", "2", "3"] })),
        expect: /the service has 2 unit\(s\) over 3 availability zones/,
      },
      {
        ...stack(
          service({
            additionalLocations: [
              { location: "centralus", sku: { name: "Premium", capacity: 1 }, zones: ["1", "2"] },
            ],
          }),
        ),
        expect: /additional location centralus has 1 unit\(s\) over 2/,
      },
    ],
  },
  "gateway-service-require-zone-redundancy": {
    compliant: [
      stack(service()),
      stack(service({ sku: { name: "StandardV2", capacity: 1 } })),
      stack(service({ zones: ["1", "2"] })),
      // AiGateway's zoneRedundant premium-multi-region: three zones, one unit each, in both locations.
      stack(
        service({
          sku: { name: "Premium", capacity: 3 },
          zones: ["1", "2", "3"],
          additionalLocations: [
            { location: "centralus", sku: { name: "Premium", capacity: 3 }, zones: ["1", "2", "3"] },
          ],
        }),
      ),
      // PremiumV2 (like StandardV2) is not judged: its zone redundancy is not visible in ARM.
      stack(service({ sku: { name: "PremiumV2", capacity: 1 } })),
    ],
    failing: [
      {
        ...stack(service({ sku: { name: "Developer", capacity: 1 } })),
        expect: /tier Developer has no availability zone support/,
      },
      {
        ...stack(service({ sku: { name: "Premium", capacity: 1 }, zones: ["2"] })),
        expect: /pinned to zone 2[\s\S]*has 1 unit/,
      },
      {
        ...stack(
          service({
            additionalLocations: [
              { location: "centralus", sku: { name: "Premium", capacity: 1 }, zones: ["3"] },
            ],
          }),
        ),
        expect:
          /additional location centralus is pinned to zone 3[\s\S]*additional location centralus has 1 unit/,
      },
      {
        ...stack(service({ sku: { name: "BasicV2", capacity: 2 } })),
        expect: /tier BasicV2 has no availability zone support/,
      },
    ],
  },
  "gateway-service-disable-legacy-tls": {
    compliant: [
      stack(service()),
      stack(
        service({
          customProperties: { [`${tls}Protocols.Tls10`]: "False", [`${tls}Ciphers.TripleDes168`]: "false" },
        }),
      ),
    ],
    failing: [
      {
        ...stack(
          service({
            customProperties: {
              [`${tls}Protocols.Tls11`]: "True",
              [`${tls}Backend.Protocols.Tls10`]: "true",
              [`${tls}Ciphers.TripleDes168`]: "True",
            },
          }),
        ),
        expect: /enables Protocols\.Tls11, Backend\.Protocols\.Tls10, Ciphers\.TripleDes168/,
      },
    ],
  },
  "gateway-service-require-managed-identity": {
    compliant: [
      stack(service()),
      stack(service({ identity: { type: "UserAssigned", userAssignedIdentities: { "/id": {} } } })),
    ],
    failing: [
      { ...stack(service({ identity: undefined })), expect: /has no managed identity/ },
      {
        ...stack(
          service(
            { identity: { type: "none" } },
            "azure-native:apimanagement/v20220801:ApiManagementService",
          ),
        ),
        expect: /has no managed identity/,
      },
    ],
  },
  "gateway-service-require-virtual-network": {
    compliant: [
      stack(service()),
      stack(service({ sku: { name: "StandardV2", capacity: 1 }, virtualNetworkType: undefined })),
    ],
    failing: [
      {
        ...stack(service({ virtualNetworkType: "None", virtualNetworkConfiguration: undefined })),
        expect: /Premium gateway is not in a virtual network/,
      },
    ],
  },
  "gateway-service-require-current-api-version": {
    compliant: [stack(service()), stack(service({ apiVersionConstraint: { minApiVersion: "2021-08-01" } }))],
    failing: [
      {
        ...stack(service({ apiVersionConstraint: { minApiVersion: "2019-01-01" } })),
        expect: /allowed from API version 2019-01-01/,
      },
    ],
  },
  "gateway-named-value-require-key-vault": {
    compliant: [
      stack(
        namedValue({
          secret: true,
          keyVault: { secretIdentifier: "https://kv.vault.azure.net/secrets/provider-key" },
        }),
      ),
      stack(namedValue({ secret: false, value: "eastus2" })),
    ],
    failing: [
      {
        ...stack(namedValue({ secret: true, value: "sk-123" })),
        expect: /secret named value provider-key is stored in API Management/,
      },
    ],
  },
  "gateway-api-require-https": {
    compliant: [stack(api(["https"])), stack(api(["HTTPS", "wss"])), stack(api())],
    failing: [
      {
        ...stack(api(["http", "https"], "azure-native:apimanagement/v20230501preview:Api")),
        expect: /API openai accepts http/,
      },
    ],
  },
};
