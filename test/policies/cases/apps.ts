import { PolicyCase, res, stack } from "./builder";

// Examples for the apps checks: each compliant stack follows Microsoft's guidance, each failing one breaks it once.

const plan = (props: Record<string, unknown> = {}, type = "azure-native:web:AppServicePlan") =>
  res(type, {
    resourceGroupName: "rg",
    location: "eastus2",
    sku: { name: "P1v3", tier: "PremiumV3", capacity: 3 },
    zoneRedundant: true,
    ...props,
  });

const siteConfig = {
  minTlsVersion: "1.2",
  scmMinTlsVersion: "1.2",
  ftpsState: "Disabled",
  remoteDebuggingEnabled: false,
  healthCheckPath: "/healthz",
  alwaysOn: true,
};

const webApp = (
  props: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
  type = "azure-native:web:WebApp",
  name?: string,
) =>
  res(
    type,
    {
      resourceGroupName: "rg",
      location: "eastus2",
      name: name ?? "app-orders",
      httpsOnly: true,
      publicNetworkAccess: "Disabled",
      identity: { type: "SystemAssigned" },
      siteConfig: { ...siteConfig, ...config },
      ...props,
    },
    name ? { name } : {},
  );

const publishing = (kind: "Ftp" | "Scm", app: string, allow = false, type?: string) =>
  res(type ?? `azure-native:web:WebApp${kind}Allowed`, { resourceGroupName: "rg", name: app, allow });

const environment = (props: Record<string, unknown> = {}, type = "azure-native:app:ManagedEnvironment") =>
  res(type, {
    resourceGroupName: "rg",
    location: "eastus2",
    zoneRedundant: true,
    vnetConfiguration: {
      infrastructureSubnetId:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aca",
      internal: true,
    },
    ...props,
  });

const containerApp = (
  props: Record<string, unknown> = {},
  template: Record<string, unknown> = {},
  type = "azure-native:app:ContainerApp",
) =>
  res(type, {
    resourceGroupName: "rg",
    location: "eastus2",
    identity: { type: "SystemAssigned" },
    configuration: { ingress: { external: true, targetPort: 8080, allowInsecure: false } },
    template: {
      containers: [
        {
          name: "api",
          image: "example.azurecr.io/api:1",
          probes: [
            { type: "Liveness", httpGet: { path: "/healthz", port: 8080 } },
            { type: "Readiness", httpGet: { path: "/ready", port: 8080 } },
          ],
        },
      ],
      scale: { minReplicas: 3, maxReplicas: 10 },
      ...template,
    },
    ...props,
  });

export const cases: Record<string, PolicyCase> = {
  "apps-plan-require-zone-redundancy": {
    compliant: [
      stack(plan()),
      // A region without availability zones cannot be zone redundant.
      stack(plan({ location: "westcentralus", zoneRedundant: false })),
      // A Consumption plan has no instances of its own to spread.
      stack(plan({ zoneRedundant: undefined, sku: { name: "Y1", tier: "Dynamic" } })),
    ],
    failing: [
      { ...stack(plan({ zoneRedundant: false })), expect: /not zone redundant/ },
      {
        ...stack(plan({ zoneRedundant: undefined, sku: { name: "S1", tier: "Standard", capacity: 3 } })),
        expect: /runs S1, a tier that cannot be zone redundant.*Premium v2/,
      },
      // The region comes from the provider's default (azure-native:location), on a v2 API-versioned token.
      {
        resources: [
          plan(
            { location: undefined, zoneRedundant: undefined },
            "azure-native:web/v20220901:AppServicePlan",
          ),
        ],
        context: { defaultLocation: "eastus2" },
        expect: /plan in eastus2 is not zone redundant/,
      },
    ],
  },
  "apps-plan-require-multiple-instances": {
    compliant: [stack(plan()), stack(plan({ sku: { name: "Y1", tier: "Dynamic" } }))],
    failing: [
      {
        ...stack(plan({ sku: { name: "P1v3", tier: "PremiumV3" } })),
        expect: /1 instance \(sku.capacity unset/,
      },
      {
        ...stack(plan({ sku: { name: "P1v3", tier: "PremiumV3", capacity: 2 } })),
        settings: { minInstances: 3 },
        expect: /runs 2 instances, fewer than 3/,
      },
    ],
  },
  "apps-plan-require-production-tier": {
    compliant: [stack(plan()), stack(plan({ sku: { name: "S1", capacity: 2 } }))],
    failing: [
      { ...stack(plan({ sku: { name: "B1", capacity: 2 } })), expect: /Basic tier/ },
      { ...stack(plan({ sku: { name: "F1", tier: "free" } })), expect: /free tier/ },
    ],
  },
  "apps-webapp-require-https-only": {
    compliant: [stack(webApp()), stack(webApp({}, {}, "azure-native:web/v20230101:WebApp"))],
    failing: [
      { ...stack(webApp({ httpsOnly: undefined })), expect: /httpsOnly is not true/ },
      { ...stack(webApp({ httpsOnly: false, kind: "functionapp" })), expect: /plain HTTP/ },
    ],
  },
  "apps-webapp-require-tls12": {
    compliant: [
      stack(webApp()),
      stack(webApp({}, { minTlsVersion: undefined, scmMinTlsVersion: undefined })),
    ],
    failing: [
      { ...stack(webApp({}, { minTlsVersion: "1.0" })), expect: /minTlsVersion is "1.0"/ },
      { ...stack(webApp({}, { scmMinTlsVersion: "1.1" })), expect: /scmMinTlsVersion is "1.1"/ },
    ],
  },
  "apps-webapp-require-ftps-only": {
    compliant: [stack(webApp()), stack(webApp({}, { ftpsState: "ftpsonly" }))],
    failing: [
      { ...stack(webApp({}, { ftpsState: "AllAllowed" })), expect: /ftpsState is "AllAllowed"/ },
      { ...stack(webApp({}, { ftpsState: undefined })), expect: /ftpsState is unset/ },
    ],
  },
  "apps-webapp-disable-remote-debugging": {
    compliant: [stack(webApp()), stack(webApp({}, { remoteDebuggingEnabled: undefined }))],
    failing: [
      { ...stack(webApp({}, { remoteDebuggingEnabled: true })), expect: /remoteDebuggingEnabled is true/ },
    ],
  },
  "apps-webapp-disable-basic-auth": {
    compliant: [
      stack(webApp(), publishing("Ftp", "app-orders"), publishing("Scm", "app-orders")),
      // Matched by dependency when the policy is written with the app's output name.
      (() => {
        const app = webApp({ name: undefined }, {}, undefined, undefined);
        return {
          resources: [
            app,
            res(
              "azure-native:web:WebAppFtpAllowed",
              { resourceGroupName: "rg", allow: false },
              { dependsOn: [app] },
            ),
            res(
              "azure-native:web:WebAppScmAllowed",
              { resourceGroupName: "rg", allow: false },
              { dependsOn: [app] },
            ),
          ],
        };
      })(),
    ],
    failing: [
      {
        ...stack(webApp()),
        expect: /no WebAppFtpAllowed or WebAppScmAllowed with allow: false: FTP and SCM/,
      },
      {
        ...stack(webApp(), publishing("Ftp", "app-orders"), publishing("Scm", "app-orders", true)),
        expect: /allow is true: SCM accepts/,
      },
    ],
  },
  "apps-webapp-require-managed-identity": {
    compliant: [
      stack(webApp()),
      stack(webApp({ identity: { type: "UserAssigned", userAssignedIdentities: ["/x"] } })),
    ],
    failing: [
      { ...stack(webApp({ identity: undefined })), expect: /no managed identity/ },
      { ...stack(webApp({ identity: { type: "None" } })), expect: /no managed identity/ },
    ],
  },
  "apps-webapp-restrict-public-access": {
    compliant: [
      stack(webApp()),
      stack(webApp({ publicNetworkAccess: undefined }, { publicNetworkAccess: "disabled" })),
    ],
    failing: [
      { ...stack(webApp({ publicNetworkAccess: undefined })), expect: /publicNetworkAccess is unset/ },
      { ...stack(webApp({ publicNetworkAccess: "Enabled" })), expect: /reachable from the whole internet/ },
    ],
  },
  "apps-webapp-require-health-check": {
    compliant: [stack(webApp())],
    failing: [
      { ...stack(webApp({}, { healthCheckPath: undefined })), expect: /healthCheckPath is not set/ },
      { ...stack(webApp({}, { healthCheckPath: " " })), expect: /never replaces it/ },
    ],
  },
  "apps-webapp-require-always-on": {
    compliant: [stack(webApp()), stack(webApp({ kind: "functionapp,linux" }, { alwaysOn: undefined }))],
    failing: [{ ...stack(webApp({ kind: "app" }, { alwaysOn: false })), expect: /alwaysOn is not true/ }],
  },
  "apps-environment-require-zone-redundancy": {
    compliant: [
      stack(environment()),
      stack(environment({ location: "westcentralus", zoneRedundant: false })),
    ],
    failing: [
      {
        ...stack(environment({ zoneRedundant: false })),
        expect: /environment in eastus2 is not zone redundant/,
      },
      {
        resources: [
          environment(
            { location: undefined, zoneRedundant: undefined },
            "azure-native:app/v20240301:ManagedEnvironment",
          ),
        ],
        context: { defaultLocation: "eastus2" },
        expect: /eastus2 is not zone redundant/,
      },
    ],
  },
  "apps-environment-require-vnet-injection": {
    compliant: [stack(environment())],
    failing: [
      {
        ...stack(environment({ vnetConfiguration: undefined })),
        expect: /infrastructureSubnetId is not set/,
      },
    ],
  },
  "apps-environment-restrict-public-access": {
    compliant: [
      stack(environment()),
      stack(environment({ vnetConfiguration: undefined, publicNetworkAccess: "Disabled" })),
    ],
    failing: [
      {
        ...stack(environment({ vnetConfiguration: { infrastructureSubnetId: "/s", internal: false } })),
        expect: /environment is external/,
      },
    ],
  },
  "apps-containerapp-require-min-replicas": {
    compliant: [stack(containerApp()), stack(containerApp({}, { scale: { minReplicas: 2 } }))],
    failing: [
      { ...stack(containerApp({}, { scale: undefined })), expect: /unset \(0: scales to zero\)/ },
      { ...stack(containerApp({}, { scale: { minReplicas: 1 } })), expect: /minReplicas is 1, below 2/ },
      {
        ...stack(containerApp({}, {}, "azure-native:app/v20230501:ContainerApp")),
        settings: { minReplicas: 4 },
        expect: /minReplicas is 3, below 4/,
      },
    ],
  },
  "apps-containerapp-disable-insecure-ingress": {
    compliant: [
      stack(containerApp()),
      stack(containerApp({ configuration: { ingress: { external: true } } })),
    ],
    failing: [
      {
        ...stack(containerApp({ configuration: { ingress: { external: true, allowInsecure: true } } })),
        expect: /allowInsecure is true/,
      },
    ],
  },
  "apps-containerapp-require-managed-identity": {
    compliant: [stack(containerApp())],
    failing: [{ ...stack(containerApp({ identity: undefined })), expect: /no managed identity/ }],
  },
  "apps-containerapp-require-health-probes": {
    compliant: [stack(containerApp())],
    failing: [
      {
        ...stack(
          containerApp(
            {},
            {
              containers: [
                { name: "api", image: "x" },
                { name: "worker", image: "y", probes: [] },
              ],
            },
          ),
        ),
        expect: /containers api, worker define no health probes/,
      },
    ],
  },
};
