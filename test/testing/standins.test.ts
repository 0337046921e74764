import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../src/cli";
import { AzureMocks } from "../../src/testing/mocks";
import { standinShapesSource } from "../../src/testing/standins";

const root = path.resolve(__dirname, "../..");
const fixture = (name: string) => path.join(__dirname, "../fixtures", name);
const shapesFile = path.join(root, "src/testing/standin-shapes.json");
const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";

/** Plans a fixture with the CLI, in-process, and reads its JSON report. */
async function plan(name: string) {
  let out = "";
  let err = "";
  const code = await main(
    ["plan", "--program", fixture(name), "--json"],
    { write: (s: string) => (out += s) },
    { write: (s: string) => (err += s) },
  );
  // The program ran to the end: exit 0, or 3 when the policies find what a public example leaves out (zones...).
  expect(err, "the plan's error output").to.match(/^(plan: \d+ mandatory policy violation\(s\)\n)?$/);
  expect([0, 3]).to.include(code);
  return JSON.parse(out) as {
    summary: { byType: Record<string, number> };
    outputs: Record<string, unknown>;
  };
}

describe("offline stand-ins", () => {
  describe("the shapes table", () => {
    it("is written from the installed azure-native (rerun `npm run standins` after upgrading it)", function () {
      this.timeout(120_000);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { standinShapes } = require(path.join(root, "scripts/standin-shapes.js"));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const installed = require(path.join(root, "node_modules/@pulumi/azure-native/package.json")).version;
      expect(standinShapesSource()).to.equal(`@pulumi/azure-native ${installed}`);
      expect(JSON.stringify(standinShapes())).to.equal(fs.readFileSync(shapesFile, "utf8").trim());
    });

    it("stays small: under 1.5 MB", () => {
      expect(fs.statSync(shapesFile).size).to.be.below(1.5 * 1024 * 1024);
    });

    it("is not read when the mocks are loaded, only when a stand-in is needed", () => {
      const script = [
        "require('ts-node/register/transpile-only');",
        "const { AzureMocks } = require('./src/testing/mocks');",
        "const loaded = () => Object.keys(require.cache).some((k) => k.endsWith('standin-shapes.json'));",
        "const before = loaded();",
        "new AzureMocks().call({ token: 'azure-native:storage:listStorageAccountKeys', inputs: {} });",
        "process.stdout.write(JSON.stringify([before, loaded()]));",
      ].join("\n");
      const out = execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
      expect(JSON.parse(out)).to.deep.equal([false, true]);
    });
  });

  describe("computed outputs", () => {
    const mocks = new AzureMocks({ defaultLocation: "westeurope" });
    const account = mocks.newResource({
      type: "azure-native:storage:StorageAccount",
      name: "sa",
      custom: true,
      inputs: {
        accountName: "stdata",
        resourceGroupName: "rg",
        kind: "StorageV2",
        sku: { name: "Standard_LRS" },
      },
    }).state as Record<string, Record<string, unknown>>;

    it("fills what Azure computes, by property name, from the resource's own name", () => {
      expect(account.primaryEndpoints).to.include({
        blob: "https://stdata.blob.core.windows.net/",
        web: "https://stdata.web.core.windows.net/",
      });
      expect(account.secondaryEndpoints.blob).to.equal("https://stdata-secondary.blob.core.windows.net/");
      expect(account.provisioningState).to.equal("Succeeded");
    });

    it("keeps every input as given", () => {
      expect(account).to.deep.include({ kind: "StorageV2", resourceGroupName: "rg" });
      expect(account.sku).to.include({ name: "Standard_LRS" });
    });

    it("places region-bound values in the provider's default region when the resource names none", () => {
      expect(account.location).to.equal("westeurope");
      const noRegion = new AzureMocks().newResource({
        type: "azure-native:storage:StorageAccount",
        name: "sa",
        custom: true,
        inputs: { resourceGroupName: "rg" },
      }).state;
      expect(noRegion.location).to.equal(undefined);
    });

    it("fills computed values inside the objects the program gave (a DNS zone group's record sets)", () => {
      const group = mocks.newResource({
        type: "azure-native:network:PrivateDnsZoneGroup",
        name: "zones",
        custom: true,
        inputs: {
          resourceGroupName: "rg",
          privateEndpointName: "pe",
          privateDnsZoneConfigs: [{ name: "blob" }],
        },
      }).state as { privateDnsZoneConfigs: { name: string; recordSets: { ipAddresses: string[] }[] }[] };
      expect(group.privateDnsZoneConfigs[0].name).to.equal("blob");
      expect(group.privateDnsZoneConfigs[0].recordSets[0].ipAddresses[0]).to.match(/^10\.0\.0\.\d+$/);
    });

    it("answers a v2 API-versioned token like the current type, with a child id ending in its name", () => {
      const vnet = mocks.newResource({
        type: "azure-native:network/v20230501:VirtualNetwork",
        name: "vnet",
        custom: true,
        inputs: { virtualNetworkName: "vnet-a", resourceGroupName: "rg", subnets: [{ name: "aks" }] },
      });
      expect(vnet.id).to.equal(`${sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a`);
      expect((vnet.state.subnets as { id: string }[])[0].id).to.equal(`${vnet.id}/subnets/aks`);
    });

    it("lets the stand-ins written in mocks.ts win over derived ones", () => {
      const ai = mocks.newResource({
        type: "azure-native:cognitiveservices:Account",
        name: "ai",
        custom: true,
        inputs: { accountName: "ai-a", kind: "OpenAI", properties: { customSubDomainName: "ai-a" } },
      }).state as { properties: { endpoint: string } };
      expect(ai.properties.endpoint).to.equal("https://ai-a.openai.azure.com/");
    });
  });

  describe("invokes", () => {
    const mocks = new AzureMocks();

    it("lists a storage account's two keys, clearly fake", () => {
      const { keys } = mocks.call({
        token: "azure-native:storage:listStorageAccountKeys",
        inputs: { resourceGroupName: "rg", accountName: "stdata" },
      }) as { keys: { keyName: string; value: string }[] };
      expect(keys.map((k) => k.keyName)).to.deep.equal(["key1", "key2"]);
      expect(Buffer.from(keys[0].value, "base64").toString()).to.match(/^offline-mock-key:stdata:/);
    });

    it("gives an AKS cluster's kubeconfig as base64 YAML", () => {
      const { kubeconfigs } = mocks.call({
        token: "azure-native:containerservice:listManagedClusterUserCredentials",
        inputs: { resourceGroupName: "rg", resourceName: "aks-a" },
      }) as { kubeconfigs: { name: string; value: string }[] };
      const yaml = Buffer.from(kubeconfigs[0].value, "base64").toString();
      expect(yaml).to.include("kind: Config\n");
      expect(yaml).to.match(/server: https:\/\/aks-a-[0-9a-f]{8}\.hcp\.eastus\.azmk8s\.io:443\n/);
      expect(yaml).to.include("current-context: aks-a\n");
    });

    it("answers a v2 module's invoke like the v3 one (documentdb -> cosmosdb)", () => {
      const result = mocks.call({
        token: "azure-native:documentdb:listDatabaseAccountConnectionStrings",
        inputs: { resourceGroupName: "rg", accountName: "cosmos-a" },
      }) as { connectionStrings: { connectionString: string }[] };
      expect(result.connectionStrings[0].connectionString).to.match(
        /^AccountEndpoint=https:\/\/cosmos-a\.documents\.azure\.com:443\/;AccountKey=/,
      );
    });

    it("reads a resource with get*: its ARM id and host name", () => {
      const app = mocks.call({
        token: "azure-native:web:getWebApp",
        inputs: { resourceGroupName: "rg", name: "app-a" },
      });
      expect(app.id).to.equal(`${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/app-a`);
      expect(app.defaultHostName).to.equal("app-a.azurewebsites.net");
    });

    it("keeps the answers written in mocks.ts (the client config), and echoes unknown invokes", () => {
      expect(mocks.call({ token: "azure-native:authorization:getClientConfig", inputs: {} })).to.include({
        objectId: "00000000-0000-0000-0000-0000000000b1",
      });
      expect(mocks.call({ token: "example:index:unknown", inputs: { a: 1 } })).to.deep.equal({ a: 1 });
    });
  });

  describe("programs written the way public examples are", () => {
    it("plans a web app reading its storage account's endpoints and keys and the client config", async () => {
      const doc = await plan("standins-webapp");
      expect(doc.summary.byType).to.deep.equal({
        "azure-native:resources:ResourceGroup": 1,
        "azure-native:storage:StorageAccount": 1,
        "azure-native:web:AppServicePlan": 1,
        "azure-native:web:WebApp": 1,
      });
      expect(doc.outputs.blobEndpoint).to.match(/^https:\/\/sa[0-9a-f]{8}\.blob\.core\.windows\.net$/);
      expect(doc.outputs.staticWebsite).to.match(/^sa[0-9a-f]{8}\.web\.core\.windows\.net$/);
      expect(doc.outputs.endpoint).to.match(/^https:\/\/app[0-9a-f]{8}\.azurewebsites\.net$/);
      expect(doc.outputs.principalId).to.match(/^[0-9A-F]{8}-[0-9A-F]{4}-/);
      expect(doc.outputs.keyLength).to.equal(64);
      expect(doc.outputs.scmHost).to.match(/^app[0-9a-f]{8}\.scm\.azurewebsites\.net$/);
      expect(doc.outputs.subscriptionId).to.equal("00000000-0000-0000-0000-000000000001");
    });

    it("plans an AKS program with v2 tokens, its decoded kubeconfig, registry, Cosmos DB and AI keys", async () => {
      const doc = await plan("standins-cluster");
      expect(doc.summary.byType).to.include({
        "azure-native:containerservice:ManagedCluster": 1,
        "azure-native:network/v20230501:VirtualNetwork": 1,
        "azure-native:network:PrivateDnsZoneGroup": 1,
      });
      expect(doc.outputs).to.deep.include({
        kubeconfigText: "[secret]",
        clusterFqdn: "hcp.northeurope.azmk8s.io",
        registryPasswords: ["password", "password2"],
        cosmosConnection: "AccountEndpoint=https://cosmos.documents.azure.com:443/",
        aiEndpoint: "https://standins-ai.cognitiveservices.azure.com/",
        aiKey: true,
        subnetId: "subnets/aks",
      });
      expect(doc.outputs.apiServer).to.match(
        /^https:\/\/aks[0-9a-f]{8}-[0-9a-f]{8}\.hcp\.northeurope\.azmk8s\.io:443$/,
      );
      expect(doc.outputs.loginServer).to.match(/^acr[0-9a-f]{8}\.azurecr\.io$/);
      expect(doc.outputs.recordIps).to.match(/^10\.0\.0\.\d+$/);
    });
  });
});
