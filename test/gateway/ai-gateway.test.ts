import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import { XMLParser } from "fast-xml-parser";
import { AiGateway, AiGatewayArgs, RegionalOpenAi, roleIds } from "../../src";
import { RecordedResource, Recording, record } from "../../src/testing";

const sub = "00000000-0000-0000-0000-000000000001";
const models = {
  primary: {
    endpoint: "https://agents-eus2-abc123.openai.azure.com/",
    accountId: `/subscriptions/${sub}/resourceGroups/rg-east/providers/Microsoft.CognitiveServices/accounts/oai-east`,
  },
  standby: {
    endpoint: "https://agents-cus-abc123.openai.azure.com/",
    accountId: `/subscriptions/${sub}/resourceGroups/rg-central/providers/Microsoft.CognitiveServices/accounts/oai-central`,
  },
};
const callers = {
  tenantId: "11111111-2222-3333-4444-555555555555",
  clientApplicationIds: ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
  audiences: ["api://agents-gateway"],
};
const frontDoor = { frontDoorId: "fd-id-0001", originResponseTimeoutSeconds: 120 };
const base: AiGatewayArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  resourceGroups: { primary: "rg-east", standby: "rg-central" },
  models,
  callers,
  frontDoor,
  publisherEmail: "platform@contoso.com",
};
const policyDoc = (recording: Recording, key: string) =>
  parser.parse(recording.get("apimanagement:ApiPolicy", `agents-policy-${key}`).inputs.value as string);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => ["when", "choose", "set-variable", "include-fragment"].includes(name),
});

async function build(over: Partial<AiGatewayArgs> = {}) {
  let component: AiGateway | undefined;
  const recording = await record(() => {
    component = new AiGateway("agents", { ...base, ...over });
  });
  return { recording, component: component! };
}

type PoolMember = { id: string; priority: number };
const poolOf = (r: RecordedResource) => (r.inputs.pool as { services: PoolMember[] }).services;

describe("AiGateway", () => {
  describe("defaults: a StandardV2 gateway per region", () => {
    let recording: Recording;
    let component: AiGateway;
    before(async () => ({ recording, component } = await build()));

    it("creates one API Management service per region with a managed identity", () => {
      for (const [code, location, rg] of [
        ["eus2", "eastus2", "rg-east"],
        ["cus", "centralus", "rg-central"],
      ]) {
        const service = recording.get("ApiManagementService", `agents-apim-${code}`);
        expect(service.location).to.equal(location);
        expect(service.inputs).to.deep.include({
          resourceGroupName: rg,
          sku: { name: "StandardV2", capacity: 1 },
          identity: { type: "SystemAssigned" },
          publisherEmail: "platform@contoso.com",
          publisherName: "agents",
        });
        expect(service.inputs.serviceName).to.match(new RegExp(`^agents-${code}-[a-z0-9]{6}$`));
      }
      expect(recording.ofType("ApiManagementService")).to.have.length(2);
    });

    it("gives each gateway a backend per model endpoint, with a one-rule breaker tripping on the first 429 or 5xx", () => {
      for (const code of ["eus2", "cus"]) {
        const east = recording.get("apimanagement:Backend", `agents-backend-eus2-${code}`);
        const central = recording.get("apimanagement:Backend", `agents-backend-cus-${code}`);
        expect(east.inputs).to.deep.include({
          url: "https://agents-eus2-abc123.openai.azure.com/openai",
          protocol: "http",
          backendId: "models-eus2",
        });
        expect(central.inputs.url).to.equal("https://agents-cus-abc123.openai.azure.com/openai");
        for (const backend of [east, central]) {
          const [rule] = (backend.inputs.circuitBreaker as { rules: Record<string, unknown>[] }).rules;
          expect(rule).to.deep.include({ tripDuration: "PT30S", acceptRetryAfter: true });
          expect(rule.failureCondition).to.deep.include({ count: 1, errorReasons: ["Server errors"] });
          expect((rule.failureCondition as { statusCodeRanges: unknown }).statusCodeRanges).to.deep.equal([
            { min: 429, max: 429 },
            { min: 500, max: 599 },
          ]);
          expect(backend.inputs.serviceName).to.equal(
            recording.get("ApiManagementService", `agents-apim-${code}`).outputs.name,
          );
        }
      }
    });

    it("puts the local region first (priority 1) and the other second (priority 2) in each gateway's pool", () => {
      for (const [code, local, remote] of [
        ["eus2", "eus2", "cus"],
        ["cus", "cus", "eus2"],
      ]) {
        const pool = recording.get("apimanagement:Backend", `agents-pool-models-${code}`);
        expect(pool.inputs).to.deep.include({ type: "Pool", backendId: "pool-models" });
        expect(
          poolOf(pool)
            .map((m) => [recording.byId(m.id)?.name, m.priority])
            .sort(),
        ).to.deep.equal(
          [
            [`agents-backend-${local}-${code}`, 1],
            [`agents-backend-${remote}-${code}`, 2],
          ].sort(),
        );
      }
    });

    it("exposes chat completions, responses and embeddings on the API, Entra ID token instead of a key", () => {
      const api = recording.get("apimanagement:Api", "agents-api-eus2");
      expect(recording.ofType("apimanagement:Subscription")).to.have.length(0);
      expect(api.inputs).to.deep.include({
        path: "openai",
        protocols: ["https"],
        subscriptionRequired: false,
        subscriptionKeyParameterNames: { header: "api-key", query: "api-key" },
      });
      const ops = recording.ofType("ApiOperation").filter((o) => o.name.endsWith("-eus2"));
      expect(ops.map((o) => `${o.inputs.method} ${o.inputs.urlTemplate}`).sort()).to.deep.equal([
        "POST /deployments/{deployment-id}/chat/completions",
        "POST /deployments/{deployment-id}/embeddings",
        "POST /responses",
        "POST /v1/chat/completions",
        "POST /v1/embeddings",
        "POST /v1/responses",
      ]);
      expect(ops.every((o) => o.inputs.apiId === api.outputs.name)).to.equal(true);
    });

    it("applies the same policy document to each API (Front Door check, caller validation), naming that gateway's pool", async () => {
      for (const code of ["eus2", "cus"]) {
        const policy = recording.get("apimanagement:ApiPolicy", `agents-policy-${code}`);
        expect(policy.inputs).to.deep.include({
          format: "rawxml",
          policyId: "policy",
          apiId: recording.get("apimanagement:Api", `agents-api-${code}`).outputs.name,
        });
        expect(policy.inputs.value).to.equal(await outputValue(component.policyXml[code]));
        const doc = parser.parse(policy.inputs.value as string);
        const select = doc.policies.backend.retry.choose[0].when;
        expect(
          select.map(
            (w: { "set-backend-service": { "backend-id": string } }) =>
              w["set-backend-service"]["backend-id"],
          ),
        ).to.deep.equal(["pool-models"]);
        expect(doc.policies.inbound["check-header"].value).to.equal("fd-id-0001");
        expect(doc.policies.inbound["validate-azure-ad-token"]["tenant-id"]).to.equal(callers.tenantId);
        expect(policy.dependencies).to.include(
          recording.get("apimanagement:Backend", `agents-pool-models-${code}`).urn,
        );
      }
    });

    it("lets each gateway's identity call both model accounts as Cognitive Services OpenAI User, nothing wider", () => {
      const grants = recording
        .ofType("authorization:RoleAssignment")
        .filter((r) => (r.inputs.roleDefinitionId as string).endsWith(roleIds.cognitiveServicesOpenAiUser));
      expect(grants).to.have.length(4);
      for (const code of ["eus2", "cus"]) {
        const service = recording.get("ApiManagementService", `agents-apim-${code}`);
        const principal = (service.outputs.identity as { principalId: string }).principalId;
        const mine = grants.filter((g) => g.inputs.principalId === principal);
        expect(mine.map((g) => g.inputs.scope).sort()).to.deep.equal(
          [models.primary.accountId, models.standby.accountId].sort(),
        );
        for (const g of mine) {
          expect(g.inputs.principalType).to.equal("ServicePrincipal");
          expect(g.inputs.roleDefinitionId).to.equal(
            `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleIds.cognitiveServicesOpenAiUser}`,
          );
        }
      }
      const scopes = recording.ofType("authorization:RoleAssignment").map((r) => r.inputs.scope as string);
      expect(scopes.every((s) => s.split("/").length > 3)).to.equal(true); // never a subscription or group scope
    });

    it("sends token metrics to Application Insights in the gateway's region, Entra ID auth only", () => {
      for (const [code, location] of [
        ["eus2", "eastus2"],
        ["cus", "centralus"],
      ]) {
        const insights = recording.get("applicationinsights:Component", `agents-appi-${code}`);
        expect(insights.location).to.equal(location);
        expect(insights.inputs).to.deep.include({
          disableLocalAuth: true,
          workspaceResourceId: recording.get("operationalinsights:Workspace", `agents-logs-${code}`).id,
        });
        const logger = recording.get("apimanagement:Logger", `agents-logger-${code}`);
        expect(logger.inputs).to.deep.include({ loggerType: "applicationInsights", resourceId: insights.id });
        expect(logger.secretPaths).to.deep.equal(["credentials"]);
        expect((logger.inputs.credentials as Record<string, string>).identityClientId).to.equal(
          "SystemAssigned",
        );
        const diagnostic = recording.get("apimanagement:ApiDiagnostic", `agents-diagnostic-${code}`);
        expect(diagnostic.inputs).to.deep.include({
          metrics: true,
          loggerId: logger.id,
          diagnosticId: "applicationinsights",
        });
        const publisher = recording.get("authorization:RoleAssignment", `agents-role-metrics-${code}`);
        expect(publisher.inputs.scope).to.equal(insights.id);
      }
    });

    it("exposes each region's gateway URL, host and the health path Front Door probes", async () => {
      const service = recording.get("ApiManagementService", "agents-apim-cus");
      expect(await outputValue(component.standby.gatewayUrl)).to.equal(service.outputs.gatewayUrl);
      expect(await outputValue(component.standby.hostName)).to.equal(
        `${service.inputs.serviceName}.azure-api.net`,
      );
      expect(component.healthPath).to.equal("/status-0123456789abcdef");
      expect(component.apiPath).to.equal("openai");
    });
  });

  it("accepts a RegionalOpenAi as models", async () => {
    const recording = await record(() => {
      const oai = new RegionalOpenAi("oai", {
        regions: base.regions,
        resourceGroups: base.resourceGroups,
        deployments: [
          { name: "chat", model: { name: "gpt-4o", version: "2024-11-20" }, capacityThousandTpm: 10 },
        ],
      });
      new AiGateway("agents", { ...base, models: oai });
    });
    const account = recording.get("cognitiveservices:Account", "oai-oai-cus");
    const endpoint = (account.outputs.properties as { endpoint: string }).endpoint;
    expect(recording.get("apimanagement:Backend", "agents-backend-cus-eus2").inputs.url).to.equal(
      `${endpoint.replace(/\/$/, "")}/openai`,
    );
    const scopes = recording.ofType("authorization:RoleAssignment").map((r) => r.inputs.scope);
    expect(scopes).to.include(account.id);
  });

  it("adds extra providers last, keyed from Key Vault through a named value", async () => {
    const vault = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-agents`;
    const { recording, component } = await build({
      extraBackends: [
        {
          name: "fallback",
          url: "https://api.other-llm.example/",
          apiKeySecretId: "https://kv-agents.vault.azure.net/secrets/fallback-key",
          keyVaultId: vault,
        },
      ],
    });
    // Read with a user-assigned identity, granted before the service exists, so the grant has propagated by the
    // time the named value is written.
    const reader = recording.get("managedidentity:UserAssignedIdentity", "agents-kv-reader-eus2");
    const nv = recording.get("apimanagement:NamedValue", "agents-nv-fallback-eus2");
    expect(nv.inputs).to.deep.include({
      secret: true,
      keyVault: {
        secretIdentifier: "https://kv-agents.vault.azure.net/secrets/fallback-key",
        identityClientId: reader.outputs.clientId,
      },
      displayName: "fallback-api-key",
    });
    const grant = recording.get("authorization:RoleAssignment", "agents-role-kv-fallback-eus2");
    expect(grant.inputs).to.deep.include({
      scope: vault,
      principalId: reader.outputs.principalId,
      principalType: "ServicePrincipal",
    });
    expect(grant.inputs.roleDefinitionId).to.match(new RegExp(`${roleIds.keyVaultSecretsUser}$`));
    expect(nv.dependencies).to.include(grant.urn);
    const service = recording.get("ApiManagementService", "agents-apim-eus2");
    expect(service.dependencies).to.include(grant.urn);
    expect(service.inputs.identity).to.deep.equal({
      type: "SystemAssigned, UserAssigned",
      userAssignedIdentities: { [reader.id as string]: {} },
    });
    expect(reader.location).to.equal("eastus2");
    const backend = recording.get("apimanagement:Backend", "agents-backend-fallback-eus2");
    expect(backend.inputs.credentials).to.deep.equal({ header: { "api-key": ["{{fallback-api-key}}"] } });
    expect(backend.inputs.url).to.equal("https://api.other-llm.example");
    // Not in the models' pool: a pool of its own, reached only by /v1 requests once the models are out.
    const models = recording.get("apimanagement:Backend", "agents-pool-models-eus2");
    expect(poolOf(models).some((m) => m.id === backend.id)).to.equal(false);
    const extra = recording.get("apimanagement:Backend", "agents-pool-extra-eus2");
    expect(poolOf(extra)).to.deep.equal([{ id: backend.id, priority: 1 }]);
    const select = policyDoc(recording, "eus2").policies.backend.retry.choose[0].when;
    expect(select[1]).to.deep.include({
      "set-backend-service": { "backend-id": "pool-extra" },
      "set-header": { name: "Authorization", "exists-action": "delete" },
    });
    expect(component.retry.count).to.equal(2);
  });

  it("integrates with a VNet per region for private model endpoints", async () => {
    const { recording } = await build({
      virtualNetwork: { subnetIds: { primary: "/subnets/gw-east", standby: "/subnets/gw-central" } },
    });
    expect(recording.get("ApiManagementService", "agents-apim-cus").inputs).to.deep.include({
      virtualNetworkType: "External",
      virtualNetworkConfiguration: { subnetResourceId: "/subnets/gw-central" },
    });
  });

  it("gives a v2 gateway no public IP of its own: only injected classic tiers take one", async () => {
    const { recording } = await build({
      virtualNetwork: { subnetIds: { primary: "/subnets/gw-east", standby: "/subnets/gw-central" } },
    });
    expect(recording.ofType("network:PublicIPAddress")).to.deep.equal([]);
    expect(recording.get("ApiManagementService", "agents-apim-cus").inputs).not.to.have.property(
      "publicIpAddressId",
    );
  });

  it("injects a Premium gateway in External mode with a zone-redundant Standard public IP and DNS label per region", async () => {
    const { recording } = await build({
      sku: "Premium",
      availabilityZones: ["1", "2"],
      virtualNetwork: { subnetIds: { primary: "/subnets/gw-east", standby: "/subnets/gw-central" } },
    });
    for (const [code, subnet] of [
      ["eus2", "/subnets/gw-east"],
      ["cus", "/subnets/gw-central"],
    ]) {
      const service = recording.get("ApiManagementService", `agents-apim-${code}`);
      const ip = recording.get("network:PublicIPAddress", `agents-apim-pip-${code}`);
      expect(service.inputs).to.deep.include({
        virtualNetworkType: "External",
        virtualNetworkConfiguration: { subnetResourceId: subnet },
        publicIpAddressId: ip.id,
      });
      expect(ip.location).to.equal(service.location);
      expect(ip.inputs).to.deep.include({
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        zones: ["1", "2", "3"],
        dnsSettings: { domainNameLabel: service.inputs.serviceName },
      });
    }
  });

  it("gives each location of a multi-region Premium gateway its own subnet and public IP", async () => {
    const { recording } = await build({
      topology: "premium-multi-region",
      virtualNetwork: { subnetIds: { primary: "/subnets/gw-east", standby: "/subnets/gw-central" } },
    });
    const [service] = recording.ofType("ApiManagementService");
    expect(service.inputs.publicIpAddressId).to.equal(
      recording.get("network:PublicIPAddress", "agents-apim-pip-eus2").id,
    );
    const [standby] = service.inputs.additionalLocations as Record<string, unknown>[];
    expect(standby).to.deep.include({
      location: "centralus",
      virtualNetworkConfiguration: { subnetResourceId: "/subnets/gw-central" },
      publicIpAddressId: recording.get("network:PublicIPAddress", "agents-apim-pip-cus").id,
    });
    const standbyIp = recording.get("network:PublicIPAddress", "agents-apim-pip-cus");
    expect(standbyIp.location).to.equal("centralus");
    // The service's own name as the label in every location, and zone-redundant: Premium's zones are automatic.
    expect(standbyIp.inputs.dnsSettings).to.deep.equal({ domainNameLabel: service.inputs.serviceName });
    expect(standbyIp.inputs.zones).to.deep.equal(["1", "2", "3"]);
  });

  it("takes the overload settings into the backends and the policy", async () => {
    const { recording } = await build({
      retry: { count: 4, intervalSeconds: 2, maxIntervalSeconds: 20, deltaSeconds: 3 },
      circuitBreaker: { tripDuration: "PT2M" },
      tokenLimit: { tokensPerMinute: 2000 },
    });
    const doc = policyDoc(recording, "cus");
    expect(doc.policies.backend.retry).to.include({
      count: "4",
      interval: "2",
      "max-interval": "20",
      delta: "3",
    });
    expect(doc.policies.inbound["llm-token-limit"]["tokens-per-minute"]).to.equal("2000");
    const [rule] = (
      recording.get("apimanagement:Backend", "agents-backend-eus2-cus").inputs.circuitBreaker as {
        rules: { tripDuration: string }[];
      }
    ).rules;
    expect(rule.tripDuration).to.equal("PT2M");
  });

  it("gives key-mode callers a subscription in BOTH services with the SAME secret keys", async () => {
    const { recording } = await build({
      callers: {
        mode: "subscription-key",
        subscriptions: { "support-bot": { primaryKey: "k".repeat(32), secondaryKey: "s".repeat(32) } },
      },
    });
    const subs = recording.ofType("apimanagement:Subscription");
    expect(subs.map((x) => x.name).sort()).to.deep.equal([
      "agents-sub-support-bot-cus",
      "agents-sub-support-bot-eus2",
    ]);
    for (const code of ["eus2", "cus"]) {
      const sub = recording.get("apimanagement:Subscription", `agents-sub-support-bot-${code}`);
      expect(sub.inputs).to.deep.include({
        sid: "support-bot",
        displayName: "support-bot",
        scope: "/apis/azure-openai",
        primaryKey: "k".repeat(32),
        secondaryKey: "s".repeat(32),
        state: "active",
        allowTracing: false,
        serviceName: recording.get("ApiManagementService", `agents-apim-${code}`).outputs.name,
      });
      expect(sub.secretPaths).to.have.members(["primaryKey", "secondaryKey"]);
      expect(recording.get("apimanagement:Api", `agents-api-${code}`).inputs.subscriptionRequired).to.equal(
        true,
      );
      const inbound = policyDoc(recording, code).policies.inbound;
      expect(inbound).to.not.have.property("validate-azure-ad-token");
      expect(inbound["set-variable"].find((v: { name: string }) => v.name === "caller").value).to.equal(
        "@(context.Subscription.Id)",
      );
    }
  });

  it("builds bounded pools for the data boundary, and refuses models per caller group", async () => {
    const { recording } = await build({
      regions: { primary: "westeurope", standby: "uksouth" },
      governance: {
        dataBoundary: { geographies: ["Europe"], appliesTo: { claim: "roles", value: "Data.EU" } },
        allowedModels: [{ group: { claim: "roles", value: "Agents" }, deployments: ["chat"] }],
      },
    });
    const weu = recording.get("apimanagement:Backend", "agents-backend-weu-weu");
    const bounded = recording.get("apimanagement:Backend", "agents-pool-models-bounded-weu");
    expect(poolOf(bounded)).to.deep.equal([{ id: weu.id, priority: 1 }]);
    // The UK South gateway has no model backend inside Europe but West Europe's, second in its own order.
    const boundedUk = recording.get("apimanagement:Backend", "agents-pool-models-bounded-uks");
    expect(poolOf(boundedUk)).to.deep.equal([
      { id: recording.get("apimanagement:Backend", "agents-backend-weu-uks").id, priority: 2 },
    ]);
    const inbound = policyDoc(recording, "weu").policies.inbound;
    expect(inbound.choose[0].when[0]["return-response"]["set-status"].code).to.equal("403");
    expect(inbound.choose[1].when[0]["set-variable"][0].value).to.equal("pool-models-bounded");
  });

  it("creates the hook fragments in both services and includes them around the model call", async () => {
    const { recording } = await build({
      hooks: {
        fragments: {
          redact:
            '<fragment><set-header name="x-redacted" exists-action="override"><value>1</value></set-header></fragment>',
          audit:
            '<fragment><trace source="audit" severity="information"><message>done</message></trace></fragment>',
        },
        preModel: ["redact"],
        postModel: ["audit"],
      },
    });
    for (const code of ["eus2", "cus"]) {
      const fragment = recording.get("resources:Resource", `agents-fragment-redact-${code}`);
      expect(fragment.inputs).to.deep.include({
        resourceProviderNamespace: "Microsoft.ApiManagement",
        parentResourcePath: `service/${recording.get("ApiManagementService", `agents-apim-${code}`).outputs.name}`,
        resourceType: "policyFragments",
        resourceName: "redact",
        apiVersion: "2024-05-01",
      });
      expect((fragment.inputs.properties as { format: string; value: string }).format).to.equal("rawxml");
      expect((fragment.inputs.properties as { value: string }).value).to.contain('name="x-redacted"');
      const policy = recording.get("apimanagement:ApiPolicy", `agents-policy-${code}`);
      expect(policy.dependencies).to.include(fragment.urn);
      const doc = policyDoc(recording, code).policies;
      expect(doc.inbound["include-fragment"]).to.deep.equal([{ "fragment-id": "redact" }]);
      expect(doc.outbound["include-fragment"]).to.deep.equal([{ "fragment-id": "audit" }]);
    }
  });

  it("says the gateways are reachable directly when no Front Door is given", async () => {
    const { recording, component } = await build({ frontDoor: undefined });
    expect(policyDoc(recording, "eus2").policies.inbound).to.not.have.property("check-header");
    expect(component.notes.join("\n")).to.include("give frontDoor so only your Front Door's requests");
  });

  it("leaves Premium zones to Azure (Automatic, as Microsoft recommends) unless given, then spreads units evenly", async () => {
    const { recording } = await build({ sku: "Premium", capacity: 5 });
    expect(recording.get("ApiManagementService", "agents-apim-eus2").inputs).to.not.have.property("zones");
    const chosen = await build({ sku: "Premium", capacity: 4, availabilityZones: ["1", "3"] });
    expect(chosen.recording.get("ApiManagementService", "agents-apim-cus").inputs.zones).to.deep.equal([
      "1",
      "3",
    ]);
  });

  describe("zoneRedundant", () => {
    it("pins a Premium gateway per region to all three zones, one unit per zone by default", async () => {
      const { recording, component } = await build({ sku: "Premium", zoneRedundant: true });
      for (const code of ["eus2", "cus"]) {
        expect(recording.get("ApiManagementService", `agents-apim-${code}`).inputs).to.deep.include({
          sku: { name: "Premium", capacity: 3 },
          zones: ["1", "2", "3"],
        });
      }
      expect(component.zones).to.deep.equal(["1", "2", "3"]);
      expect(component.capacity).to.equal(3);
    });

    it("takes the zones and units given, if the units spread evenly over them", async () => {
      const { recording, component } = await build({
        sku: "Premium",
        zoneRedundant: true,
        availabilityZones: ["1", "2"],
        capacity: 4,
      });
      expect(recording.get("ApiManagementService", "agents-apim-cus").inputs).to.deep.include({
        sku: { name: "Premium", capacity: 4 },
        zones: ["1", "2"],
      });
      expect(component.zones).to.deep.equal(["1", "2"]);
    });

    it("expresses Premium, multi-region, zone-redundant in both regions, N units", async () => {
      const { recording, component } = await build({
        topology: "premium-multi-region",
        zoneRedundant: true,
        capacity: 6,
      });
      const [service] = recording.ofType("ApiManagementService");
      expect(service.inputs).to.deep.include({
        sku: { name: "Premium", capacity: 6 },
        zones: ["1", "2", "3"],
      });
      expect(service.inputs.additionalLocations).to.deep.equal([
        { location: "centralus", sku: { name: "Premium", capacity: 6 }, zones: ["1", "2", "3"] },
      ]);
      expect(component.zones).to.deep.equal(["1", "2", "3"]);
    });

    it("is off by default: no zones pinned, and the component says so", async () => {
      const { recording, component } = await build();
      expect(recording.get("ApiManagementService", "agents-apim-eus2").inputs).to.not.have.property("zones");
      expect(component.zones).to.equal(undefined);
    });
  });

  describe("premium-multi-region", () => {
    let recording: Recording;
    let component: AiGateway;
    before(async () => ({ recording, component } = await build({ topology: "premium-multi-region" })));

    it("creates ONE Premium service in the primary with a gateway in the standby, zones left to Azure", () => {
      const [service] = recording.ofType("ApiManagementService");
      expect(recording.ofType("ApiManagementService")).to.have.length(1);
      expect(service.location).to.equal("eastus2");
      expect(service.inputs).to.deep.include({ sku: { name: "Premium", capacity: 2 } });
      expect(service.inputs).to.not.have.property("zones");
      expect(service.inputs.additionalLocations).to.deep.equal([
        { location: "centralus", sku: { name: "Premium", capacity: 2 } },
      ]);
    });

    it("has a pool per region, each putting its own region first, chosen by the gateway's region", async () => {
      const east = recording.get("apimanagement:Backend", "agents-pool-eus2-multi");
      const central = recording.get("apimanagement:Backend", "agents-pool-cus-multi");
      const eastBackend = recording.get("apimanagement:Backend", "agents-backend-eus2-multi");
      const centralBackend = recording.get("apimanagement:Backend", "agents-backend-cus-multi");
      expect(poolOf(east).find((m) => m.id === eastBackend.id)?.priority).to.equal(1);
      expect(poolOf(east).find((m) => m.id === centralBackend.id)?.priority).to.equal(2);
      expect(poolOf(central).find((m) => m.id === centralBackend.id)?.priority).to.equal(1);
      const doc = parser.parse(await outputValue(component.policyXml.multi));
      expect(
        doc.policies.inbound.choose[0].when.map((w: Record<string, unknown>) => w.condition),
      ).to.deep.equal([
        '@("East US 2".Equals(context.Deployment.Region, StringComparison.OrdinalIgnoreCase))',
        '@("Central US".Equals(context.Deployment.Region, StringComparison.OrdinalIgnoreCase))',
      ]);
    });

    it("gives each region its regional gateway URL", async () => {
      const service = recording.ofType("ApiManagementService")[0];
      expect(await outputValue(component.primary.gatewayUrl)).to.equal(service.outputs.gatewayRegionalUrl);
      expect(await outputValue(component.standby.hostName)).to.equal(
        `${service.inputs.serviceName}-centralus-01.regional.azure-api.net`,
      );
      expect(component.notes.join("\n")).to.include("share one control plane");
    });
  });

  describe("fails at construction, registering nothing, on", () => {
    const cases: [string, Partial<AiGatewayArgs>, string, RegExp][] = [
      ["no backends", { models: undefined }, "models", /the gateway needs at least one backend/],
      [
        "a model account id that is undefined (a mistyped key of a record of ids)",
        { models: { ...models, standby: { ...models.standby, accountId: undefined as never } } },
        "models.standby.accountId",
        /models\.standby\.accountId is required.*but got undefined/,
      ],
      ["a retry count outside 1-50", { retry: { count: 60 } }, "retry.count", /from 1 to 50, but got 60/],
      [
        "backoff interval above max-interval",
        { retry: { intervalSeconds: 10, maxIntervalSeconds: 5 } },
        "retry.intervalSeconds",
        /cannot exceed retry\.maxIntervalSeconds/,
      ],
      [
        "a trip duration that is not ISO 8601",
        { circuitBreaker: { tripDuration: "1 minute" } },
        "circuitBreaker.tripDuration",
        /ISO 8601 duration/,
      ],
      [
        "a token limit of 0",
        { tokenLimit: { tokensPerMinute: 0 } },
        "tokenLimit.tokensPerMinute",
        /but got 0/,
      ],
      ["the Consumption tier", { sku: "Consumption" }, "sku", /has no circuit breakers and no token limits/],
      ["an unknown tier", { sku: "Gold" }, "sku", /"Gold" is not an API Management tier/],
      [
        "multi-region on a v2 tier",
        { topology: "premium-multi-region", sku: "PremiumV2" },
        "sku",
        /needs sku "Premium"/,
      ],
      [
        "VNet integration on BasicV2",
        { sku: "BasicV2", virtualNetwork: { subnetIds: { primary: "/a", standby: "/b" } } },
        "virtualNetwork",
        /needs a tier with VNet integration/,
      ],
      ["a missing publisher e-mail", { publisherEmail: "" }, "publisherEmail", /must be an e-mail address/],
      [
        "an extra backend over plain HTTP",
        {
          extraBackends: [
            {
              name: "x",
              url: "http://x.example",
              apiKeySecretId: "https://kv-a.vault.azure.net/secrets/k",
              keyVaultId: "/kv",
            },
          ],
        },
        "extraBackends[0].url",
        /https:\/\/ URL/,
      ],
      [
        "an extra backend key that is not a Key Vault secret",
        {
          extraBackends: [
            { name: "x", url: "https://x.example", apiKeySecretId: "sk-123", keyVaultId: "/kv" },
          ],
        },
        "extraBackends[0].apiKeySecretId",
        /Key Vault secret identifier/,
      ],
      ["an API path with a leading slash", { apiPath: "/openai" }, "apiPath", /relative URL path/],
      ["a capacity of 0", { capacity: 0 }, "capacity", /from 1 to 31, but got 0/],
      ["no callers", { callers: undefined }, "callers", /callers is required, but got undefined/],
      [
        "token validation without a tenant",
        { callers: { ...callers, tenantId: "" } },
        "callers.tenantId",
        /must be the Microsoft Entra tenant id \(a GUID\)/,
      ],
      [
        "token validation without an audience",
        { callers: { ...callers, audiences: [] } },
        "callers.audiences",
        /must list at least one token audience/,
      ],
      [
        "token validation without client applications",
        { callers: { ...callers, clientApplicationIds: [] } },
        "callers.clientApplicationIds",
        /validate-azure-ad-token requires one/,
      ],
      [
        "a subscription caller without its secondary key",
        {
          callers: {
            mode: "subscription-key",
            subscriptions: { bot: { primaryKey: "k".repeat(32), secondaryKey: "" } },
          },
        },
        "callers.subscriptions.bot.secondaryKey",
        /both regions must get the same keys/,
      ],
      [
        "a forward timeout not below Front Door's",
        { forwardTimeoutSeconds: 120 },
        "forwardTimeoutSeconds",
        /must be below Front Door's originResponseTimeoutSeconds \(120\)/,
      ],
      [
        "a retry budget longer than Front Door's timeout",
        { retry: { budgetSeconds: 150 } },
        "retry.budgetSeconds",
        /retry.budgetSeconds \(150\) must be below Front Door's originResponseTimeoutSeconds \(120\)/,
      ],
      [
        "a retry budget shorter than one attempt",
        { retry: { budgetSeconds: 40 } },
        "retry.budgetSeconds",
        /shorter than forwardTimeoutSeconds \(50\)/,
      ],
      [
        "an extra backend without a key",
        {
          extraBackends: [
            {
              name: "x",
              url: "https://x.example",
              apiKeySecretId: undefined as unknown as string,
              keyVaultId: "/kv",
            },
          ],
        },
        "extraBackends[0].apiKeySecretId",
        /Key Vault secret identifier/,
      ],
      [
        "uneven Premium zones",
        { sku: "Premium", capacity: 5, availabilityZones: ["1", "2"] },
        "availabilityZones",
        /capacity 5 does not spread evenly over 2 availability zones \(1, 2\): Azure rejects it/,
      ],
      [
        "units that do not divide over the zones given",
        { sku: "Premium", capacity: 4, availabilityZones: ["1", "2", "3"] },
        "availabilityZones",
        /capacity 4 does not spread evenly over 3 availability zones/,
      ],
      [
        "zoneRedundant on StandardV2 (no documented ARM property makes a v2 instance zone-redundant)",
        { zoneRedundant: true },
        "zoneRedundant",
        /zoneRedundant cannot be set for sku "StandardV2": Azure makes a StandardV2 instance zone-redundant only when it is created, and no documented ARM property does it.*Use sku "Premium"/,
      ],
      [
        "zoneRedundant on PremiumV2",
        { sku: "PremiumV2", zoneRedundant: true },
        "zoneRedundant",
        /cannot be set for sku "PremiumV2"/,
      ],
      [
        "zoneRedundant on a tier without zones",
        { sku: "Developer", zoneRedundant: true },
        "zoneRedundant",
        /zoneRedundant needs a tier with availability zones, but sku "Developer" has none.*use sku "Premium"/,
      ],
      [
        "zoneRedundant that is not a boolean",
        { sku: "Premium", zoneRedundant: "yes" as unknown as boolean },
        "zoneRedundant",
        /zoneRedundant must be true or false, but got "yes"/,
      ],
      [
        "zoneRedundant with units that do not spread over three zones",
        { sku: "Premium", zoneRedundant: true, capacity: 2 },
        "capacity",
        /capacity 2 does not spread evenly over the 3 availability zones zoneRedundant pins: Azure rejects it\. Use a multiple of 3 units.*availabilityZones \["1", "2"\]/,
      ],
      [
        "zoneRedundant pinned to one zone",
        { sku: "Premium", zoneRedundant: true, availabilityZones: ["2"] },
        "availabilityZones",
        /pins the gateway to fewer than two zones/,
      ],
      [
        "zoneRedundant in a region without zones",
        { sku: "Premium", zoneRedundant: true, regions: { primary: "eastus2", standby: "northcentralus" } },
        "zoneRedundant",
        /zoneRedundant needs regions with availability zones, but the standby region "northcentralus" has none/,
      ],
      [
        "zones given in a region without zones",
        {
          sku: "Premium",
          capacity: 2,
          availabilityZones: ["1", "2"],
          regions: { primary: "northcentralus", standby: "eastus2" },
        },
        "availabilityZones",
        /availabilityZones needs regions with availability zones, but the primary region "northcentralus" has none/,
      ],
      [
        "a data boundary that is not a geography",
        { governance: { dataBoundary: { geographies: ["EU"] } } },
        "governance.dataBoundary.geographies[0]",
        /"EU" is not an Azure geography/,
      ],
      [
        "an extra backend in a geography Azure does not have",
        {
          extraBackends: [
            {
              name: "x",
              url: "https://x.example",
              apiKeySecretId: "https://kv-a.vault.azure.net/secrets/k",
              keyVaultId: "/kv",
              geography: "EU",
            },
          ],
        },
        "extraBackends[0].geography",
        /"EU" is not an Azure geography/,
      ],
      [
        "hooks that are not a list",
        { hooks: { fragments: {}, preModel: "safety" as unknown as string[] } },
        "hooks.preModel",
        /must be a list of fragment ids, but got "safety"/,
      ],
      [
        "allowed models that are not a list",
        { governance: { allowedModels: {} as unknown as [] } },
        "governance.allowedModels",
        /must be a list of \{ group, deployments \}/,
      ],
      [
        "a claim group with subscription-key callers",
        {
          callers: {
            mode: "subscription-key",
            subscriptions: { bot: { primaryKey: "k".repeat(32), secondaryKey: "s".repeat(32) } },
          },
          governance: { allowedModels: [{ group: { claim: "roles", value: "x" }, deployments: ["chat"] }] },
        },
        "governance.allowedModels[0].group",
        /callers use subscription keys: give \{ subscription \} instead/,
      ],
      [
        "a hook that is not declared as a fragment",
        { hooks: { fragments: {}, preModel: ["safety"] } },
        "hooks.preModel[0]",
        /"safety" is not in hooks.fragments/,
      ],
      [
        "a fragment that is not a <fragment> element",
        { hooks: { fragments: { bad: "<inbound><base /></inbound>" } } },
        "hooks.fragments.bad",
        /must be one <fragment>...<\/fragment> element/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () =>
        expectConstructionFailure(() => new AiGateway("agents", { ...base, ...over }), argument, message),
      );
    }
  });
});
