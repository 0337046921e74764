import { createHash } from "crypto";

/**
 * Offline stand-ins for the values Azure computes: the outputs of a resource (`primaryEndpoints`, `defaultHostName`,
 * `recordSets`, `identity.principalId`) and the results of invokes (`listStorageAccountKeys`,
 * `listManagedClusterUserCredentials`, `getWebApp`), so that a program reading them in an `apply` runs under the mocks
 * as it would against Azure.
 *
 * The shapes come from azure-native's own output types (src/testing/standin-shapes.json, written by
 * scripts/standin-shapes.js: re-run `npm run standins` after upgrading azure-native); the values are chosen by property
 * name (host names, URLs, GUIDs, ARM ids, clearly fake keys, a kubeconfig), built from the resource's name, type and
 * region, and stable from run to run.
 */

/** A property's kind: "s" string, "n" number, "b" boolean, "j" any JSON, "=x" the string x, a type, or a list. */
type Kind = string | number | Kind[];
/** Property name (with `?` when Azure may leave it out) -> kind. */
type Shape = Record<string, Kind>;

interface StandinShapes {
  readonly generatedFrom: string;
  readonly types: readonly Shape[];
  readonly resources: Readonly<Record<string, Shape>>;
  readonly invokes: Readonly<Record<string, Shape>>;
  readonly invokeAliases: Readonly<Record<string, string>>;
}

let loaded: StandinShapes | undefined;

/** The shapes table, read on first use only: a program that needs no stand-in pays nothing for it. */
function shapes(): StandinShapes {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require("./standin-shapes.json") as StandinShapes);
}

/** What the values of one resource or invoke are built from. */
export interface StandinContext {
  /** Type token (resources) or function token (invokes), with or without the `azure-native:` prefix. */
  readonly token: string;
  /** The Azure name of the resource (or of the resource an invoke reads). */
  readonly azureName: string;
  /** Hex digest unique to the resource or invoke: the seed of GUIDs and keys. */
  readonly digest: string;
  /** The resource's ARM id. */
  readonly id?: string;
  /** The resource's region (its `location`, else the provider's default region); none when neither is known. */
  readonly location?: string;
  readonly resourceGroupName?: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
}

/** Nested objects filled below a resource's own properties (the table is depth-limited too; some types recurse). */
const maxDepth = 6;
const resourceObjectDepth = 2;

/** `azure-native:network/v20230501:VirtualNetwork` -> `network:VirtualNetwork`. */
function shortToken(token: string): string {
  return token.replace(/^azure-native:/, "").replace(/^([^/:]+)\/[^:]+:/, "$1:");
}

/**
 * The resource's inputs with the outputs Azure would add filled in (nested ones too, inside the objects the program
 * gave): inputs are kept as they are. `token` must be the current (azure-native v3) type token.
 */
export function standinOutputs(
  inputs: Record<string, unknown>,
  context: StandinContext,
): Record<string, unknown> {
  const shape = shapes().resources[shortToken(context.token)];
  if (!shape) return inputs;
  fillingInvokeResult = false;
  return fillObject(shape, inputs, [], context, 0, false);
}

/** The result an invoke would return, or undefined when azure-native declares no result type for it. */
export function standinInvokeResult(context: StandinContext): Record<string, unknown> | undefined {
  const table = shapes();
  const token = shortToken(context.token);
  const shape = table.invokes[token] ?? table.invokes[table.invokeAliases[token] ?? ""];
  if (!shape) return undefined;
  // A `list*` result is made of what Azure computes (keys, credentials): every property is filled.
  const full = /^[^:]+:list/.test(token);
  fillingInvokeResult = true;
  return fillObject(shape, {}, [], context, 0, full);
}

/** The azure-native version the table was written from (tests compare it with the installed one). */
export function standinShapesSource(): string {
  return shapes().generatedFrom;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

// Keys of Pulumi's wire format: an asset, archive, secret or resource reference is kept as given.
const sigKey = "4dabf18193072939515e22adb298388d";

/** Whether the value being filled is an invoke's result (lists are made up) or a resource's outputs (they are not). */
let fillingInvokeResult = false;

function fillObject(
  shape: Shape,
  given: Record<string, unknown>,
  path: readonly string[],
  ctx: StandinContext,
  depth: number,
  full: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...given };
  for (const [key, kind] of Object.entries(shape)) {
    const optional = key.endsWith("?");
    const name = optional ? key.slice(0, -1) : key;
    const at = [...path, name];
    // Below a property Azure always returns, the whole object is Azure's: its optional properties are filled too.
    const childFull = full || !optional;
    if (given[name] !== undefined) out[name] = fill(kind, given[name], at, ctx, depth, childFull);
    else if (name === "id" && path.length > 0 && typeof given.name === "string" && ctx.id) {
      // A child the program named (a VNet's subnet): its id ends with that name, as ARM's does.
      out.id = `${ctx.id}/${path.filter((p) => !/^\d+$/.test(p)).join("/")}/${given.name}`;
    } else if (!optional || full) {
      const value = fill(kind, undefined, at, ctx, depth, childFull);
      if (value !== undefined) out[name] = value;
    }
  }
  return out;
}

function fill(
  kind: Kind,
  given: unknown,
  path: readonly string[],
  ctx: StandinContext,
  depth: number,
  full: boolean,
): unknown {
  if (Array.isArray(kind)) {
    if (given !== undefined) {
      if (!Array.isArray(given)) return given;
      return given.map((item, i) => fill(kind[0], item, [...path, String(i)], ctx, depth, full));
    }
    // A list of a resource's own that the program did not give is Azure's to fill (a VNet's subnets, an NSG's
    // default rules): offline it is empty (lists inside what the program gave, such as a DNS zone group's record
    // sets, are made up), except in an invoke's result, which is made of what Azure computes (keys, credentials). Filling them
    // made the reference plan's outputs 22 MB (network types nest each other) and the plan 4x slower.
    if (depth >= maxDepth || (!fillingInvokeResult && depth === 0)) return [];
    // Two of a kind where Azure gives two (key1 and key2, two registry passwords), else one.
    const count = /(keys|passwords)$/i.test(path[path.length - 1] ?? "") ? 2 : 1;
    return Array.from({ length: count }, (_, i) =>
      fill(kind[0], undefined, [...path, String(i)], ctx, depth, full),
    );
  }
  if (typeof kind === "number") {
    if (given !== undefined) {
      return isRecord(given) && given[sigKey] === undefined
        ? fillObject(shapes().types[kind], given, path, ctx, depth + 1, full)
        : given;
    }
    if (depth >= maxDepth) return {};
    // In a resource's outputs, an object the program did not give is made up two levels deep at most
    // (`primaryEndpoints.blob`, `identityProfile.kubeletidentity.objectId`): deeper ones are other resources seen
    // from this one (a public IP's ipConfiguration's publicIPAddress...), which offline has no answer for.
    if (!fillingInvokeResult && depth >= resourceObjectDepth) return undefined;
    return fillObject(shapes().types[kind], {}, path, ctx, depth + 1, full);
  }
  if (given !== undefined) return given;
  if (kind.startsWith("=")) return kind.slice(1);
  switch (kind) {
    case "s":
      return stringFor(path, ctx);
    case "n":
      return /port$/i.test(propertyName(path)) ? 443 : 0;
    case "b":
      return false;
    default:
      return {};
  }
}

/** The property a value is for: the list's name for an item of a list. */
function propertyName(path: readonly string[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (!/^\d+$/.test(path[i])) return path[i];
  return "";
}

/** The property holding the object a value is in (`primaryEndpoints` for `primaryEndpoints.blob`). */
function containerName(path: readonly string[]): string {
  const named = path.filter((p) => !/^\d+$/.test(p));
  return named[named.length - 2] ?? "";
}

const indexIn = (path: readonly string[]) => Number([...path].reverse().find((p) => /^\d+$/.test(p)) ?? 0);

const digestOf = (text: string) => createHash("sha256").update(text).digest("hex");

function guid(ctx: StandinContext, path: readonly string[]): string {
  const h = digestOf(`${ctx.digest}:${path.join(".")}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A key that reads as one (base64, 64 bytes) and says what it is when decoded. */
function fakeKey(ctx: StandinContext, path: readonly string[]): string {
  const text = `offline-mock-key:${ctx.azureName}:${path.join(".")}:`;
  return Buffer.from(text.padEnd(64, digestOf(`${ctx.digest}:${path.join(".")}`))).toString("base64");
}

const moduleOf = (ctx: StandinContext) => shortToken(ctx.token).split(":")[0];

/** The DNS suffix of a service's host names (Azure's public cloud). */
function dnsSuffix(ctx: StandinContext): string {
  const region = ctx.location ?? "eastus";
  const suffixes: Record<string, string> = {
    apimanagement: "azure-api.net",
    app: `${region}.azurecontainerapps.io`,
    appconfiguration: "azconfig.io",
    cache: "redis.cache.windows.net",
    cdn: "z01.azurefd.net",
    cognitiveservices: "cognitiveservices.azure.com",
    containerinstance: `${region}.azurecontainer.io`,
    containerregistry: "azurecr.io",
    containerservice: `hcp.${region}.azmk8s.io`,
    cosmosdb: "documents.azure.com",
    dbformysql: "mysql.database.azure.com",
    dbforpostgresql: "postgres.database.azure.com",
    documentdb: "documents.azure.com",
    eventgrid: `${region}-1.eventgrid.azure.net`,
    eventhub: "servicebus.windows.net",
    keyvault: "vault.azure.net",
    machinelearningservices: `${region}.api.azureml.ms`,
    network: `${region}.cloudapp.azure.com`,
    redis: "redis.cache.windows.net",
    redisenterprise: `${region}.redis.azure.net`,
    search: "search.windows.net",
    servicebus: "servicebus.windows.net",
    signalrservice: "service.signalr.net",
    sql: "database.windows.net",
    storage: "blob.core.windows.net",
    web: "azurewebsites.net",
  };
  const mod = moduleOf(ctx);
  return suffixes[mod] ?? `${mod}.azure.net`;
}

const host = (ctx: StandinContext) => `${ctx.azureName.toLowerCase()}.${dnsSuffix(ctx)}`;

/** A connection string in the form the service documents, with a fake key. */
function connectionString(ctx: StandinContext, path: readonly string[]): string {
  const key = fakeKey(ctx, path);
  const name = ctx.azureName.toLowerCase();
  switch (moduleOf(ctx)) {
    case "storage":
      return `DefaultEndpointsProtocol=https;AccountName=${name};AccountKey=${key};EndpointSuffix=core.windows.net`;
    case "cosmosdb":
    case "documentdb":
      return `AccountEndpoint=https://${host(ctx)}:443/;AccountKey=${key};`;
    case "servicebus":
    case "eventhub":
      return `Endpoint=sb://${host(ctx)}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${key}`;
    case "cache":
    case "redis":
      return `${host(ctx)}:6380,password=${key},ssl=True,abortConnect=False`;
    default:
      return `Endpoint=https://${host(ctx)}/;Key=${key}`;
  }
}

/** A minimal kubeconfig for an AKS cluster, pointing at its API server host name. */
function kubeconfig(ctx: StandinContext, path: readonly string[]): string {
  const cluster = ctx.azureName;
  const user = `clusterUser_${ctx.resourceGroupName ?? "rg"}_${cluster}`;
  const server = `https://${cluster.toLowerCase()}-${ctx.digest.slice(0, 8)}.${dnsSuffix(ctx)}:443`;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${Buffer.from("offline-mock-certificate-authority").toString("base64")}`,
    `    server: ${server}`,
    `  name: ${cluster}`,
    "contexts:",
    "- context:",
    `    cluster: ${cluster}`,
    `    user: ${user}`,
    `  name: ${cluster}`,
    `current-context: ${cluster}`,
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    `    token: ${fakeKey(ctx, path)}`,
    "",
  ].join("\n");
}

const storageServices = new Set(["blob", "dfs", "file", "queue", "table", "web"]);

/** A plausible value for a string property, chosen by its name; undefined when none can be told (a region). */
function stringFor(path: readonly string[], ctx: StandinContext): string | undefined {
  const name = propertyName(path);
  const n = name.toLowerCase();
  const container = containerName(path).toLowerCase();
  const top = path.length === 1;

  if (n === "id") {
    if (top || !ctx.id) return ctx.id;
    const item = path.find((p) => !/^\d+$/.test(p)) ?? "children";
    return `${ctx.id}/${item}/${item.replace(/s$/, "")}${indexIn(path) + 1}`;
  }
  if (n === "tenantid") return ctx.tenantId;
  if (n === "subscriptionid") return ctx.subscriptionId;
  if (/(principal|client|object|application|app|directory|domain)id$|guid$|uid$/.test(n))
    return guid(ctx, path);
  if (/(resource)?id$/.test(n) && ctx.id) return `${ctx.id}/${name.replace(/(Resource)?I[dD]$/, "")}/default`;

  if (n === "value" && (container.includes("kubeconfig") || /kubeconfig/i.test(ctx.token)))
    return Buffer.from(kubeconfig(ctx, path)).toString("base64");
  if (n.includes("kubeconfig")) return Buffer.from(kubeconfig(ctx, path)).toString("base64");

  // Storage's primaryEndpoints.blob, secondaryEndpoints.web, ...: a URL per service.
  if (container.endsWith("endpoints") && storageServices.has(n)) {
    const secondary = container.startsWith("secondary") ? "-secondary" : "";
    return `https://${ctx.azureName.toLowerCase()}${secondary}.${n}.core.windows.net/`;
  }
  if (n === "scmuri") return `https://${ctx.azureName.toLowerCase()}.scm.${dnsSuffix(ctx)}`;
  if (/(ur[il]|endpoint)s?$/.test(n)) return `https://${host(ctx)}/`;
  if (/(hostname|fqdn|domainname|host|loginserver)s?$/.test(n)) {
    if (moduleOf(ctx) === "containerservice") {
      const kind = n.startsWith("private") ? ".privatelink" : n.startsWith("azureportal") ? ".portal" : "";
      return `${ctx.azureName.toLowerCase()}-${ctx.digest.slice(0, 8)}${kind}.${dnsSuffix(ctx)}`;
    }
    return host(ctx);
  }

  if (n === "keyname" || (n === "name" && container === "keys")) return `key${indexIn(path) + 1}`;
  if (n === "name" && container === "kubeconfigs") return "clusterUser";
  if (n === "name" && container === "passwords") return `password${indexIn(path) > 0 ? 2 : ""}`;
  if (n === "resourcegroup" || n === "resourcegroupname") return ctx.resourceGroupName;
  if (/username$/.test(n)) return moduleOf(ctx) === "web" ? `$${ctx.azureName}` : ctx.azureName;
  if (n === "keydata")
    return `ssh-rsa ${Buffer.from(`offline-mock-ssh-key:${ctx.azureName}`).toString("base64")}`;
  if (/name$/.test(n)) return ctx.azureName;

  if (n.includes("connectionstring")) return connectionString(ctx, path);
  if (
    /(key|key\d|password|secret|token|sas|credential)s?$/.test(n) ||
    (n === "value" && /(keys|passwords|secrets|credentials|tokens)$/.test(container))
  )
    return fakeKey(ctx, path);

  if (/ipaddress(es)?$|^ip$/.test(n)) {
    const octet = parseInt(digestOf(`${ctx.digest}:${path.join(".")}`).slice(0, 2), 16) % 250;
    // A private endpoint's DNS records point at private addresses.
    if (n.includes("private") || path.some((p) => /recordsets/i.test(p)))
      return `10.0.0.${4 + (octet % 200)}`;
    const item = /^\d+$/.test(path[path.length - 1] ?? "");
    return n.includes("addresses") && !item
      ? `203.0.113.${octet},203.0.113.${(octet + 1) % 250}`
      : `203.0.113.${octet}`;
  }
  if (/location$/.test(n)) return ctx.location;
  if (/provisioningstate$|status$/.test(n)) return "Succeeded";
  if (/(time|date|timestamp|timeutc|till|createdat|updatedat|expiry)$/.test(n)) return "2025-01-01T00:00:00Z";
  if (/version$/.test(n)) return "1.0.0";
  return `mock-${name}`;
}

/**
 * The resource an invoke reads, by name: `storage:listStorageAccountKeys` -> `azure-native:storage:StorageAccount`,
 * `web:getWebApp` -> `azure-native:web:WebApp` (the longest resource type of the module the function's name starts
 * with, after `get`/`list`). Undefined when none matches.
 */
export function resourceOfInvoke(token: string): string | undefined {
  const table = shapes();
  const short = shortToken(token);
  const [mod, fn] = (table.invokeAliases[short] ?? short).split(":");
  const rest = (fn ?? "").replace(/^(get|list)/, "");
  let best: string | undefined;
  for (const resource of Object.keys(table.resources)) {
    const [m, type] = resource.split(":");
    if (m === mod && rest.startsWith(type) && type.length > (best?.length ?? 0)) best = type;
  }
  return best ? `azure-native:${mod}:${best}` : undefined;
}
