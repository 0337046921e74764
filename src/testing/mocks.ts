import { createHash } from "crypto";
import { currentType } from "../policies/normalize";
import { armId, nameInputOf } from "./arm";
import { StandinContext, resourceOfInvoke, standinInvokeResult, standinOutputs } from "./standins";

/** The output key under which the mocks list the outputs they made up (never a property of an Azure resource). */
export const STANDIN_KEYS = "__standinOutputs";

/** What the runtime hands a mock for each resource (the shape of `pulumi.runtime.MockResourceArgs`). */
export interface MockResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
  custom?: boolean;
  id?: string;
}

/** What the runtime hands a mock for each invoke (the shape of `pulumi.runtime.MockCallArgs`). */
export interface MockCallArgs {
  token: string;
  inputs: Record<string, unknown>;
  provider?: string;
}

/** Computes extra output properties for one resource type, the way Azure would fill them in. */
export type OutputComputer = (args: MockResourceArgs, context: OutputContext) => Record<string, unknown>;

export interface OutputContext {
  /** The resource's own Azure name (given or auto-named). */
  azureName: string;
  /** Deterministic hex digest of the resource's type and logical name: a stable stand-in for randomness. */
  digest: string;
  subscriptionId: string;
  tenantId: string;
}

export interface AzureMocksOptions {
  /** @default "00000000-0000-0000-0000-000000000001" */
  subscriptionId?: string;
  /** @default "00000000-0000-0000-0000-00000000000a" */
  tenantId?: string;
  /**
   * The provider's default region (`azure-native:location`): the region of stand-in values (host names, a
   * resource's `location` output) for resources and invokes that give none. @default none: no region is made up
   */
  defaultLocation?: string;
  /** Extra or replacement output computers, by type token. */
  outputs?: Record<string, OutputComputer>;
  /** Extra or replacement invoke answers, by function token. */
  calls?: Record<string, (args: MockCallArgs) => Record<string, unknown>>;
}

const digestOf = (text: string) => createHash("sha256").update(text).digest("hex");

/** A stable GUID-shaped string from a digest (principal ids, role assignment names...). */
export function guidFrom(digest: string): string {
  const h = digest.padEnd(32, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A stable lower-case alphanumeric string of `length` characters from a digest. */
function alphanumeric(digest: string, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; out.length < length; i++) {
    out += alphabet[parseInt(digest.slice((i * 2) % 60, ((i * 2) % 60) + 2), 16) % alphabet.length];
  }
  return out;
}

const withIdentity: OutputComputer = (args, ctx) => {
  const identity = args.inputs.identity as { type?: string } | undefined;
  if (!identity?.type || !String(identity.type).includes("SystemAssigned")) return {};
  return {
    identity: {
      ...identity,
      principalId: guidFrom(digestOf(`${ctx.digest}:principal`)),
      tenantId: ctx.tenantId,
    },
  };
};

const randomResult =
  (length: (args: MockResourceArgs) => number): OutputComputer =>
  (args, ctx) => ({
    result: alphanumeric(ctx.digest, length(args)),
  });

/** Outputs Azure (or the random provider) computes, for the types whose computed values components read. */
export const defaultOutputs: Record<string, OutputComputer> = {
  "random:index/randomString:RandomString": randomResult((a) => Number(a.inputs.length ?? 8)),
  "random:index/randomPassword:RandomPassword": randomResult((a) => Number(a.inputs.length ?? 16)),
  "random:index/randomId:RandomId": (args, ctx) => {
    const hex = ctx.digest.slice(0, Number(args.inputs.byteLength ?? 4) * 2);
    return { hex, dec: BigInt(`0x${hex}`).toString(), b64Url: Buffer.from(hex, "hex").toString("base64url") };
  },
  "random:index/randomUuid:RandomUuid": (_args, ctx) => ({ result: guidFrom(ctx.digest) }),
  "random:index/randomInteger:RandomInteger": (args, ctx) => {
    const min = Number(args.inputs.min ?? 0);
    const max = Number(args.inputs.max ?? 100);
    return { result: min + (parseInt(ctx.digest.slice(0, 8), 16) % (max - min + 1)) };
  },
  // properties.frontDoorId, "The Id of the frontdoor" (readOnly; azure-rest-api-specs cdn.json ProfileProperties).
  "azure-native:cdn:Profile": (_args, ctx) => ({ frontDoorId: guidFrom(digestOf(`${ctx.digest}:fdid`)) }),
  "azure-native:cdn:AFDEndpoint": (_args, ctx) => ({
    hostName: `${ctx.azureName}-${ctx.digest.slice(0, 16)}.z01.azurefd.net`,
  }),
  "azure-native:cdn:AFDCustomDomain": (_args, ctx) => ({
    validationProperties: {
      validationToken: ctx.digest.slice(0, 32),
      expirationDate: "2027-01-01T00:00:00Z",
    },
  }),
  "azure-native:cognitiveservices:Account": (args, ctx) => {
    const props = (args.inputs.properties ?? {}) as { customSubDomainName?: string };
    const host = props.customSubDomainName ?? ctx.azureName;
    const domain = args.inputs.kind === "OpenAI" ? "openai.azure.com" : "cognitiveservices.azure.com";
    return {
      ...withIdentity(args, ctx),
      properties: { ...props, endpoint: `https://${host}.${domain}/`, provisioningState: "Succeeded" },
    };
  },
  "azure-native:apimanagement:ApiManagementService": (args, ctx) => ({
    ...withIdentity(args, ctx),
    gatewayUrl: `https://${ctx.azureName}.azure-api.net`,
    gatewayRegionalUrl: `https://${ctx.azureName}-${String(args.inputs.location ?? "region")}-01.regional.azure-api.net`,
    additionalLocations: ((args.inputs.additionalLocations ?? []) as { location: string }[]).map((l) => ({
      ...l,
      gatewayRegionalUrl: `https://${ctx.azureName}-${l.location}-01.regional.azure-api.net`,
    })),
    privateIPAddresses: [],
    publicIPAddresses: ["203.0.113.10"],
  }),
  "azure-native:applicationinsights:Component": (_args, ctx) => ({
    connectionString: `InstrumentationKey=${guidFrom(ctx.digest)};IngestionEndpoint=https://mock.in.applicationinsights.azure.com/`,
    instrumentationKey: guidFrom(ctx.digest),
  }),
  "azure-native:network:AzureFirewall": (args) => ({
    ipConfigurations: ((args.inputs.ipConfigurations ?? []) as Record<string, unknown>[]).map((c, i) => ({
      ...c,
      privateIPAddress: `10.255.0.${4 + i}`,
    })),
  }),
  // tenantId, principalId, clientId: readOnly (azure-rest-api-specs msi ManagedIdentity.json UserAssignedIdentityProperties).
  "azure-native:managedidentity:UserAssignedIdentity": (_args, ctx) => ({
    principalId: guidFrom(digestOf(`${ctx.digest}:principal`)),
    clientId: guidFrom(digestOf(`${ctx.digest}:client`)),
    tenantId: ctx.tenantId,
  }),
  "azure-native:network:PublicIPAddress": (_args, ctx) => ({
    ipAddress: `203.0.113.${parseInt(ctx.digest.slice(0, 2), 16) % 250}`,
  }),
  "azure-native:automation:Webhook": (args, ctx) => ({ uri: args.inputs.uri ?? "", name: ctx.azureName }),
  "azure-native:storage:Blob": (args, ctx) => ({
    url: `https://${String(args.inputs.accountName)}.blob.core.windows.net/${String(args.inputs.containerName)}/${String(args.inputs.blobName ?? ctx.azureName)}`,
  }),
  // properties.fullyQualifiedDomainName, readOnly: "<server>.postgres.database.azure.com" in the REST spec's examples
  // (azure-rest-api-specs, Microsoft.DBforPostgreSQL ServerCreateReplica.json).
  "azure-native:dbforpostgresql:Server": (_args, ctx) => ({
    fullyQualifiedDomainName: `${ctx.azureName}.postgres.database.azure.com`,
  }),
  // virtualEndpoints, readOnly: the pair of host names "<base>.writer.postgres.database.azure.com" and
  // "<base>.reader.postgres.database.azure.com".
  // https://learn.microsoft.com/azure/postgresql/read-replica/how-to-create-virtual-endpoints
  "azure-native:dbforpostgresql:VirtualEndpoint": (_args, ctx) => ({
    virtualEndpoints: [
      `${ctx.azureName}.writer.postgres.database.azure.com`,
      `${ctx.azureName}.reader.postgres.database.azure.com`,
    ],
  }),
  // Dynamic resources: azure-ai-failover's webhook URI (generated once by Automation's generateUri).
  "pulumi-nodejs:dynamic:Resource": (args, ctx) =>
    args.inputs.kind === "azure-ai-failover:automation:WebhookUri"
      ? {
          uri: `https://${ctx.digest.slice(0, 8)}-${ctx.digest.slice(8, 12)}.webhook.mock.azure-automation.net/webhooks?token=${ctx.digest.slice(12, 44)}`,
          expiryTime: "2031-11-24T00:00:00.000Z",
          token: "",
        }
      : // A schedule's first start (ScheduleStart): a fixed future day at the requested time, so plans are stable.
        args.inputs.kind === "azure-ai-failover:automation:ScheduleStart"
        ? { startTime: `2031-11-25T${String(args.inputs.timeUtc)}:00Z` }
        : {},
};

/**
 * Mocks that answer like Azure: ARM-shaped ids, auto-names, computed outputs (endpoint host names, managed
 * identity principal ids, random values), and the common invokes. Deterministic: the same program gives the
 * same ids and values on every run, so plans can be diffed.
 */
export class AzureMocks {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly defaultLocation?: string;
  private readonly outputs: Record<string, OutputComputer>;
  private readonly calls: Record<string, (args: MockCallArgs) => Record<string, unknown>>;

  constructor(options: AzureMocksOptions = {}) {
    this.subscriptionId = options.subscriptionId ?? "00000000-0000-0000-0000-000000000001";
    this.tenantId = options.tenantId ?? "00000000-0000-0000-0000-00000000000a";
    this.defaultLocation = options.defaultLocation;
    this.outputs = { ...defaultOutputs, ...options.outputs };
    const clientConfig = () => ({
      subscriptionId: this.subscriptionId,
      tenantId: this.tenantId,
      clientId: "00000000-0000-0000-0000-0000000000c1",
      objectId: "00000000-0000-0000-0000-0000000000b1",
    });
    this.calls = {
      "azure-native:authorization:getClientToken": () => ({ token: "mock-arm-access-token" }),
      "azure-native:storage:listStorageAccountServiceSAS": (args) => ({
        serviceSasToken: `sv=2023-11-03&sr=b&sp=r&spr=https&se=2035-01-01T00%3A00%3A00Z&sig=mock-${String(args.inputs.accountName)}`,
      }),
      "azure-native:authorization:getClientConfig": clientConfig,
      "azure-native:authorization:getClientConfigOutput": clientConfig,
      ...options.calls,
    };
  }

  newResource(args: MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    if (!args.custom) return { id: undefined, state: args.inputs };
    const digest = digestOf(`${args.type}::${args.name}`);
    // v2 and API-versioned tokens answer like the current type they stand for.
    const type = currentType(args.type);
    const nameInput = nameInputOf(type);
    const given = nameInput ? args.inputs[nameInput] : undefined;
    // azure-native auto-names a resource from its logical name plus a random suffix when no name is given.
    const azureName = typeof given === "string" && given !== "" ? given : `${args.name}${digest.slice(0, 8)}`;
    const context: OutputContext = {
      azureName,
      digest,
      subscriptionId: this.subscriptionId,
      tenantId: this.tenantId,
    };
    const id =
      args.id ||
      armId({
        token: type,
        inputs: args.inputs,
        name: azureName,
        subscriptionId: this.subscriptionId,
      }) ||
      `${args.name}-id`;
    // Outputs derived from azure-native's output types first, then the ones written here for a type, which win.
    const derived = type.startsWith("azure-native:")
      ? standinOutputs(args.inputs, { ...this.standinContext(type, args.inputs, azureName, digest), id })
      : args.inputs;
    const computer = this.outputs[args.type] ?? this.outputs[type] ?? withIdentity;
    const written = computer({ ...args, type }, context);
    const state: Record<string, unknown> = { ...derived, ...written };
    // Which outputs are only made up from the output type (a value Azure would compute, or default): the program
    // reads them, but a policy must not judge them (src/policies/run.ts, checkedResources).
    const madeUp = Object.keys(derived).filter(
      (key) => !(key in args.inputs) && !(key in written) && !["id", "name", "location"].includes(key),
    );
    if (madeUp.length > 0) state[STANDIN_KEYS] = madeUp;
    if (type.startsWith("azure-native:")) {
      state.name = azureName;
      if (nameInput) state[nameInput] = azureName;
      state.id = id;
      if (type === "azure-native:resources:ResourceGroup") state.resourceGroupName = azureName;
    }
    return { id, state };
  }

  /**
   * The answer to an invoke: the one written here for its token, else a result shaped like azure-native's (keys,
   * credentials, connection strings, the resource a `get*` reads), else the call's own inputs.
   */
  call(args: MockCallArgs): Record<string, unknown> {
    const answer = this.calls[args.token];
    if (answer) return answer(args);
    if (!args.token.startsWith("azure-native:")) return args.inputs;
    const resource = resourceOfInvoke(args.token);
    const nameInput = resource ? nameInputOf(resource) : undefined;
    const named =
      (nameInput && args.inputs[nameInput]) ??
      ["resourceName", "accountName", "name"].map((k) => args.inputs[k]).find((v) => typeof v === "string") ??
      Object.entries(args.inputs).find(([k, v]) => /Name$/.test(k) && k !== "resourceGroupName" && v)?.[1];
    const azureName = typeof named === "string" && named !== "" ? named : "resource";
    const digest = digestOf(`${args.token}::${JSON.stringify(args.inputs)}`);
    const id = resource
      ? armId({ token: resource, inputs: args.inputs, name: azureName, subscriptionId: this.subscriptionId })
      : undefined;
    const result = standinInvokeResult({
      ...this.standinContext(args.token, args.inputs, azureName, digest),
      ...(id ? { id } : {}),
    });
    return result ?? args.inputs;
  }

  private standinContext(
    token: string,
    inputs: Record<string, unknown>,
    azureName: string,
    digest: string,
  ): StandinContext {
    const location = typeof inputs.location === "string" && inputs.location ? inputs.location : undefined;
    const group = inputs.resourceGroupName;
    return {
      token,
      azureName,
      digest,
      subscriptionId: this.subscriptionId,
      tenantId: this.tenantId,
      ...((location ?? this.defaultLocation) ? { location: location ?? this.defaultLocation } : {}),
      ...(typeof group === "string" ? { resourceGroupName: group } : {}),
    };
  }
}
