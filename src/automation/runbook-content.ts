import * as pulumi from "@pulumi/pulumi";

/** Inputs of the runbook content resource. The ARM token is a secret used only for the calls; changes to it are ignored. */
export interface RunbookContentInputs {
  kind: "azure-ai-failover:automation:RunbookContent";
  /** ARM id of the runbook (`.../automationAccounts/{a}/runbooks/{r}`). */
  runbookId: string;
  content: string;
  /** SHA-256 of `content`: a new hash publishes again. */
  contentHash: string;
  /** The runbook's `lastModifiedTime` as Pulumi last saw it: a rewritten runbook gets its content published again. */
  runbookRevision: string;
  token: string;
  armEndpoint: string;
}

/**
 * Publishes a runbook's content with Microsoft Entra ID only: no storage account, no SAS, no account key. It replaces
 * the runbook's draft (`PUT .../runbooks/{r}/draft/content`, RunbookDraft_ReplaceContent, the body is the script as
 * text) and publishes it (`POST .../runbooks/{r}/publish`, Runbook_Publish). Both answer 202 with a Location to poll
 * until 200 (examples replaceRunbookDraftContent.json and publishRunbook.json, Azure/azure-rest-api-specs
 * specification/automation/resource-manager/Microsoft.Automation/stable/2024-10-23/examples/runbook/;
 * https://learn.microsoft.com/rest/api/automation/runbook-draft/replace-content,
 * https://learn.microsoft.com/rest/api/automation/runbook/publish).
 *
 * Self-contained (no imports): Pulumi serializes it into the stack.
 */
export const runbookContentProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: RunbookContentInputs) {
    const apiVersion = "api-version=2024-10-23";
    const base = `${inputs.armEndpoint}${inputs.runbookId}`;
    const call = async (method: string, url: string, body?: string) => {
      let response: Response | undefined;
      for (let attempt = 1; attempt <= 6; attempt++) {
        response = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${inputs.token}`,
            ...(body !== undefined ? { "Content-Type": "text/powershell" } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
        if (response.status !== 429 && response.status < 500) break;
        const wait =
          Number(response.headers.get("retry-after") ?? 0) * 1000 || 2 ** attempt * 500 * Math.random();
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 30_000)));
      }
      // 200 and 204 are ARM's two "done" answers, 201 and 202 its two "started" ones
      // (https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations).
      if (!response || ![200, 201, 202, 204].includes(response.status)) {
        const detail = response ? `${response.status} ${await response.text()}` : "no response";
        // The token is the deploying identity's, taken when the program started: a run that waited long for other
        // resources (API Management takes up to 45 minutes) can outlive it (60-90 minutes).
        const expired =
          response?.status === 401
            ? " The deploying identity's ARM token, taken when the program started, has probably expired while " +
              "Pulumi waited for slower resources: run `pulumi up` again (the next run gets a fresh token)."
            : "";
        throw new Error(`${method} ${url.split("?")[0]} failed: ${detail}${expired}`);
      }
      return response;
    };
    /**
     * The ARM async contract: follow Location until it answers 200 or 204; without a Location, poll
     * Azure-AsyncOperation until its status is final (RunbookDraft_ReplaceContent declares final-state-via
     * azure-async-operation). Retry-After is honoured.
     */
    const settle = async (response: Response, what: string) => {
      const pause = (r: Response) =>
        new Promise((resolve) =>
          setTimeout(resolve, Math.min(Number(r.headers.get("retry-after") ?? 0) * 1000 || 5_000, 30_000)),
        );
      const tooLong = () => new Error(`${what} of ${inputs.runbookId} did not finish in time`);
      const location = response.headers.get("location");
      const asyncOperation = response.headers.get("azure-asyncoperation");
      if (response.status !== 201 && response.status !== 202) return;
      if (location) {
        let current = response;
        for (let poll = 0; current.status === 201 || current.status === 202; poll++) {
          if (poll >= 120) throw tooLong();
          await pause(current);
          current = await call("GET", current.headers.get("location") ?? location);
        }
        return;
      }
      if (!asyncOperation) return;
      let current = response;
      for (let poll = 0; ; poll++) {
        if (poll >= 120) throw tooLong();
        await pause(current);
        current = await call("GET", asyncOperation);
        const status = String(
          ((await current.json().catch(() => ({}))) as { status?: unknown }).status ?? "",
        );
        if (/^succeeded$/i.test(status)) return;
        if (/^(failed|canceled|cancelled)$/i.test(status)) {
          throw new Error(`${what} of ${inputs.runbookId} ended ${status}`);
        }
      }
    };
    await settle(
      await call("PUT", `${base}/draft/content?${apiVersion}`, inputs.content),
      "replacing the draft",
    );
    await settle(await call("POST", `${base}/publish?${apiVersion}`), "publishing");
    return {
      id: `${inputs.runbookId}/content`,
      outs: { ...inputs, token: "", publishedHash: inputs.contentHash },
    };
  },
  async diff(_id: string, olds: RunbookContentInputs, news: RunbookContentInputs) {
    // A fresh token changes nothing; new content, or a runbook Pulumi rewrote, publishes again.
    const changed = (["contentHash", "runbookRevision", "runbookId"] as const).filter(
      (k) => olds[k] !== news[k],
    );
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
  },
  async update(_id: string, _olds: RunbookContentInputs, news: RunbookContentInputs) {
    const { outs } = await runbookContentProvider.create(news);
    return { outs };
  },
  async delete() {
    // The content goes with the runbook.
  },
};

export interface RunbookContentArgs {
  runbookId: pulumi.Input<string>;
  content: pulumi.Input<string>;
  contentHash: pulumi.Input<string>;
  runbookRevision: pulumi.Input<string>;
  /** ARM access token of the deploying identity, from `authorization.getClientTokenOutput()`. */
  token: pulumi.Input<string>;
  /** @default "https://management.azure.com" */
  armEndpoint?: pulumi.Input<string>;
}

/** A runbook's published content, uploaded through ARM with Entra ID; see {@link runbookContentProvider}. */
export class RunbookContent extends pulumi.dynamic.Resource {
  declare readonly publishedHash: pulumi.Output<string>;

  constructor(name: string, args: RunbookContentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      runbookContentProvider,
      name,
      {
        kind: "azure-ai-failover:automation:RunbookContent",
        runbookId: args.runbookId,
        content: args.content,
        contentHash: args.contentHash,
        runbookRevision: args.runbookRevision,
        token: pulumi.secret(args.token),
        armEndpoint: args.armEndpoint ?? "https://management.azure.com",
        publishedHash: undefined,
      },
      opts,
    );
  }
}
