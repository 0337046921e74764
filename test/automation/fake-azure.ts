import * as http from "http";
import { AddressInfo } from "net";

/** One request the worker made, as the fake saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

interface Canned {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type State = Record<string, unknown> & {
  properties?: Record<string, unknown>;
  sku?: Record<string, unknown>;
};

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
export const ids = {
  originGroup: `${sub}/resourceGroups/rg-central/providers/Microsoft.Cdn/profiles/agents-fd/originGroups/agents-fd-origins`,
  primaryOrigin: `${sub}/resourceGroups/rg-central/providers/Microsoft.Cdn/profiles/agents-fd/originGroups/agents-fd-origins/origins/eastus2`,
  standbyOrigin: `${sub}/resourceGroups/rg-central/providers/Microsoft.Cdn/profiles/agents-fd/originGroups/agents-fd-origins/origins/centralus`,
  chat: `${sub}/resourceGroups/rg-central/providers/Microsoft.CognitiveServices/accounts/oai-cus/deployments/chat`,
  gateway: `${sub}/resourceGroups/rg-central/providers/Microsoft.ApiManagement/service/agents-cus`,
  plan: `${sub}/resourceGroups/rg-central/providers/Microsoft.RecoveryServices/vaults/agents-vault/replicationRecoveryPlans/agents-plan`,
  drillNetwork: `${sub}/resourceGroups/rg-central/providers/Microsoft.Network/virtualNetworks/agents-vnet-drill-cus`,
};

/** What each Site Recovery operation allows next, as the real plan's allowedOperations would. */
const nextAllowed: Record<string, string[]> = {
  unplannedFailover: ["Commit"],
  failoverCommit: ["ReverseReplicate"],
  plannedFailover: ["Commit"],
  reProtect: ["PlannedFailover", "UnplannedFailover", "TestFailover"],
  testFailover: ["TestFailoverCleanup"],
  testFailoverCleanup: ["PlannedFailover", "UnplannedFailover", "TestFailover"],
};

/**
 * A fake of the parts of Azure Resource Manager, the managed-identity endpoint and Blob Storage (leases) the
 * worker runbook uses, on 127.0.0.1. It keeps state, answers long-running operations through operation URLs,
 * records every request, and can be told to fail a request with given responses first.
 */
export class FakeAzure {
  readonly requests: SeenRequest[] = [];
  readonly resources = new Map<string, State>();
  /** Polls an operation answers "in progress" before it finishes. */
  pollsBeforeDone = 1;
  private readonly faults: { match: (r: SeenRequest) => boolean; responses: Canned[] }[] = [];
  private readonly operations = new Map<
    string,
    { left: number; outcome: "Succeeded" | "Failed"; style: "async" | "location"; apply: () => void }
  >();
  private readonly leases = new Map<string, { id: string; until: number }>();
  private readonly blobs = new Set<string>();
  private failNext: { match: (r: SeenRequest) => boolean; outcome: "Failed" }[] = [];
  private server?: http.Server;
  private counter = 0;
  port = 0;

  constructor() {
    this.reset();
  }

  /** The usual standby platform: both origins enabled, a small standby deployment and gateway, a plan ready to fail over. */
  reset(): void {
    this.faults.length = 0;
    this.failNext = [];
    this.operations.clear();
    this.resources.clear();
    this.blobs.clear();
    this.leases.clear();
    this.resources.set(ids.primaryOrigin, {
      id: ids.primaryOrigin,
      properties: { enabledState: "Enabled", priority: 1 },
    });
    this.resources.set(ids.standbyOrigin, {
      id: ids.standbyOrigin,
      properties: { enabledState: "Enabled", priority: 2 },
    });
    this.resources.set(ids.chat, {
      id: ids.chat,
      sku: { name: "GlobalStandard", capacity: 50 },
      properties: {
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        versionUpgradeOption: "OnceCurrentVersionExpired",
        provisioningState: "Succeeded",
      },
    });
    this.resources.set(ids.gateway, { id: ids.gateway, sku: { name: "StandardV2", capacity: 1 } });
    this.resources.set(ids.plan, {
      id: ids.plan,
      properties: { allowedOperations: ["PlannedFailover", "UnplannedFailover", "TestFailover"] },
    });
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Answers matching requests with these responses first (in order), then normally. */
  fault(match: (r: SeenRequest) => boolean, ...responses: Canned[]): void {
    this.faults.push({ match, responses });
  }

  /** The next long-running operation started by a matching request ends Failed. */
  failOperation(match: (r: SeenRequest) => boolean): void {
    this.failNext.push({ match, outcome: "Failed" });
  }

  /** Requests that change something: everything but GETs and managed-identity token requests. */
  writes(): SeenRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  /** `METHOD path[?comp=...] ` lines of the writes, the compact form tests compare. */
  writeLines(): string[] {
    return this.writes().map(
      (r) =>
        `${r.method} ${r.path}${r.query.comp ? `?comp=${r.query.comp}` : ""}${r.headers["x-ms-lease-action"] ? ` (${r.headers["x-ms-lease-action"]})` : ""}`,
    );
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.url);
      const raw = Buffer.concat(chunks).toString("utf8");
      const seen: SeenRequest = {
        method: req.method ?? "GET",
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams.entries()),
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      };
      this.requests.push(seen);
      const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      const fault = this.faults.find((f) => f.responses.length > 0 && f.match(seen));
      if (fault) {
        const canned = fault.responses.shift()!;
        return send(
          canned.status,
          canned.body ?? { error: { code: "Injected", message: `injected ${canned.status}` } },
          canned.headers,
        );
      }
      try {
        this.route(seen, send);
      } catch (error) {
        send(500, { error: { code: "FakeBug", message: String(error) } });
      }
    });
  }

  private route(
    r: SeenRequest,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    if (r.path === "/msi/token") {
      if (r.headers["x-identity-header"] !== "test-identity-header")
        return send(401, { error: { message: "bad identity header" } });
      return send(200, { access_token: `token-for-${r.query.resource}`, expires_in: "3600" });
    }
    if (r.path.startsWith("/locks/")) return this.blob(r, send);
    if (r.headers.authorization !== "Bearer token-for-https://management.azure.com/") {
      return send(401, { error: { message: "ARM calls need an ARM token" } });
    }
    if (r.path.startsWith("/operations/")) return this.operation(r, send);
    if (!r.query["api-version"]) return send(400, { error: { message: "api-version is required" } });

    if (r.method === "GET" && r.path === `${ids.originGroup}/origins`) {
      return send(200, {
        value: [this.resources.get(ids.primaryOrigin), this.resources.get(ids.standbyOrigin)].filter(Boolean),
      });
    }
    const postMatch = /^(.*\/replicationRecoveryPlans\/[^/]+)\/([A-Za-z]+)$/.exec(r.path);
    if (r.method === "POST" && postMatch) {
      const plan = this.resources.get(postMatch[1]);
      if (!plan) return send(404);
      const operation = postMatch[2];
      return this.startOperation(r, send, "location", () => {
        plan.properties = { ...plan.properties, allowedOperations: nextAllowed[operation] ?? [] };
      });
    }
    const resource = this.resources.get(r.path);
    if (!resource) return send(404, { error: { code: "ResourceNotFound", message: `${r.path} not found` } });
    if (r.method === "GET") return send(200, resource);
    if (r.method === "PATCH" || r.method === "PUT") {
      const body = r.body as State;
      return this.startOperation(r, send, "async", () => {
        if (body.properties) resource.properties = { ...resource.properties, ...body.properties };
        if (body.sku) resource.sku = { ...resource.sku, ...body.sku };
      });
    }
    return send(405);
  }

  private startOperation(
    r: SeenRequest,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
    style: "async" | "location",
    apply: () => void,
  ): void {
    const id = `op-${++this.counter}`;
    const failIndex = this.failNext.findIndex((f) => f.match(r));
    const outcome = failIndex >= 0 ? this.failNext.splice(failIndex, 1)[0].outcome : "Succeeded";
    this.operations.set(id, { left: this.pollsBeforeDone, outcome, style, apply });
    const header: Record<string, string> =
      style === "async"
        ? { "Azure-AsyncOperation": `${this.url}/operations/${id}` }
        : { Location: `${this.url}/operations/${id}` };
    send(style === "async" ? 201 : 202, style === "async" ? { status: "Accepted" } : undefined, {
      ...header,
      "Retry-After": "0",
    });
  }

  private operation(
    r: SeenRequest,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const op = this.operations.get(r.path.split("/").pop() ?? "");
    if (!op) return send(404);
    if (op.left > 0) {
      op.left -= 1;
      return op.style === "async"
        ? send(200, { status: "InProgress" })
        : send(202, undefined, { Location: `${this.url}${r.path}` });
    }
    if (op.outcome === "Succeeded") op.apply();
    if (op.style === "async")
      return send(200, {
        status: op.outcome,
        ...(op.outcome === "Failed" ? { error: { message: "the fake made it fail" } } : {}),
      });
    return op.outcome === "Succeeded"
      ? send(200, { status: "Succeeded" })
      : send(500, { error: { code: "OperationFailed", message: "the fake made it fail" } });
  }

  private blob(
    r: SeenRequest,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    if (r.headers.authorization !== "Bearer token-for-https://storage.azure.com/") return send(401);
    if (r.query.comp !== "lease") {
      this.blobs.add(r.path);
      return send(201);
    }
    if (!this.blobs.has(r.path)) return send(404, { error: { code: "BlobNotFound" } });
    const action = r.headers["x-ms-lease-action"];
    const held = this.leases.get(r.path);
    const active = held && held.until > Date.now();
    if (action === "acquire") {
      if (active) return send(409, { error: { code: "LeaseAlreadyPresent" } });
      const id = `lease-${++this.counter}`;
      this.leases.set(r.path, { id, until: Date.now() + 60_000 });
      return send(201, undefined, { "x-ms-lease-id": id });
    }
    if (!held || held.id !== r.headers["x-ms-lease-id"])
      return send(409, { error: { code: "LeaseIdMismatch" } });
    if (action === "release") this.leases.delete(r.path);
    else held.until = Date.now() + 60_000;
    return send(200);
  }
}
