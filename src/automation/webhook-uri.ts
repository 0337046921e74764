import * as pulumi from "@pulumi/pulumi";

/**
 * Inputs of the webhook URI resource. The ARM token is only used when the URI is first generated; it is a secret
 * and changes to it are ignored.
 */
export interface WebhookUriInputs {
  kind: "azure-ai-failover:automation:WebhookUri";
  automationAccountId: string;
  webhookName: string;
  validityDays: number;
  token: string;
  armEndpoint: string;
}

/**
 * Generates a webhook URI once, with Automation's `generateUri` operation, and keeps it (as a secret) in the stack's
 * state. Azure returns a webhook's URI only when the webhook is created and never again, so the URI is generated
 * first and handed to both the webhook (as its `uri`) and the action group (as its `serviceUri`): a reliable way to
 * know it. https://learn.microsoft.com/rest/api/automation/webhook/generate-uri
 *
 * Self-contained (no imports): Pulumi serializes it into the stack.
 */
export const webhookUriProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: WebhookUriInputs) {
    const url = `${inputs.armEndpoint}${inputs.automationAccountId}/webhooks/generateUri?api-version=2015-10-31`;
    let response: Response | undefined;
    for (let attempt = 1; attempt <= 5; attempt++) {
      response = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${inputs.token}` } });
      if (response.status !== 429 && response.status < 500) break;
      const wait =
        Number(response.headers.get("retry-after") ?? 0) * 1000 || 2 ** attempt * 500 * Math.random();
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 30_000)));
    }
    if (!response || !response.ok) {
      const detail = response ? `${response.status} ${await response.text()}` : "no response";
      throw new Error(`generating the webhook URI of ${inputs.automationAccountId} failed: ${detail}`);
    }
    const uri = (await response.json()) as string;
    if (typeof uri !== "string" || !uri.startsWith("https://")) {
      throw new Error(
        `generateUri answered something that is not a webhook URI: ${JSON.stringify(uri).slice(0, 80)}`,
      );
    }
    const expiryTime = new Date(Date.now() + inputs.validityDays * 86_400_000).toISOString();
    return {
      id: `${inputs.automationAccountId}/webhooks/${inputs.webhookName}/uri`,
      outs: { ...inputs, token: "", uri, expiryTime },
    };
  },
  async diff(_id: string, olds: WebhookUriInputs, news: WebhookUriInputs) {
    // A new URI only for another account or webhook; a fresh token or longer validity changes nothing.
    const replaces = (["automationAccountId", "webhookName"] as const).filter((k) => olds[k] !== news[k]);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
  },
  async update(_id: string, olds: Record<string, unknown>) {
    return { outs: olds };
  },
};

export interface WebhookUriArgs {
  automationAccountId: pulumi.Input<string>;
  webhookName: pulumi.Input<string>;
  validityDays: pulumi.Input<number>;
  /** ARM access token of the deploying identity, from `authorization.getClientTokenOutput()`. */
  token: pulumi.Input<string>;
  /** @default "https://management.azure.com" */
  armEndpoint?: pulumi.Input<string>;
}

/** A webhook URI generated once and kept secret in state; see {@link webhookUriProvider}. */
export class WebhookUri extends pulumi.dynamic.Resource {
  declare readonly uri: pulumi.Output<string>;
  declare readonly expiryTime: pulumi.Output<string>;

  constructor(name: string, args: WebhookUriArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      webhookUriProvider,
      name,
      {
        kind: "azure-ai-failover:automation:WebhookUri",
        automationAccountId: args.automationAccountId,
        webhookName: args.webhookName,
        validityDays: args.validityDays,
        token: pulumi.secret(args.token),
        armEndpoint: args.armEndpoint ?? "https://management.azure.com",
        uri: undefined,
        expiryTime: undefined,
      },
      { ...opts, additionalSecretOutputs: ["uri"] },
    );
  }
}
