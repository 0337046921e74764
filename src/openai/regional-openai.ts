import * as pulumi from "@pulumi/pulumi";
import * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";
import * as network from "@pulumi/azure-native/network";
import { fail, show } from "../errors";
import { DiagnosticsArgs, checkDiagnostics, sendDiagnostics } from "../observability/diagnostics";
import {
  PerRegion,
  ResourceGroupNames,
  Role,
  checkRegionalArgs,
  resourceGroupsFor,
} from "../internal/regional";
import { childName, globalName, uniqueName, uniqueSuffix, uniqueSuffixLength } from "../naming/names";
import type { PrivateEndpointPlacement } from "../network/mirrored-network";
import type { AzureRegion } from "../regions/catalog";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import { ModelDeploymentSpec, ResolvedDeployment, capacityNotes, resolveDeployments } from "./spec";

export interface RegionalOpenAiArgs<Name extends string = string> {
  /** The two regions, e.g. `{ primary: "eastus2", standby: "centralus" }`. */
  regions: RegionPairArgs | RegionPair;
  /** Resource groups to build into. @default - one new group per region, `<name>-rg-<region code>` */
  resourceGroups?: ResourceGroupNames;
  /** Account kind: Azure OpenAI, or AI Services (Foundry). @default "OpenAI" */
  kind?: "OpenAI" | "AIServices";
  /** Model deployments, declared once and built identically in both regions. At least one. */
  deployments: ModelDeploymentSpec<Name>[];
  /**
   * Start of each account's custom subdomain (`<prefix>-<region code>-<random>.openai.azure.com`), which Entra ID
   * authentication needs. Lower-case letters, digits and hyphens, starting with a letter.
   * @default - the component name, cleaned to those characters
   */
  subdomainPrefix?: string;
  /**
   * Private endpoints into a subnet per region, registered in the given private DNS zones; public network access
   * is then disabled. `privateEndpointsIn(network.descriptor, "endpoints")` builds this from a MirroredNetwork.
   * @default - no private endpoint: public network access stays on (Entra ID only), restricted by allowedIpRanges
   */
  privateEndpoints?: PrivateEndpointPlacement;
  /** Without private endpoints: the only public addresses (CIDRs) allowed in. @default - any address (Entra ID auth still required) */
  allowedIpRanges?: string[];
  /**
   * Hosts (FQDNs or IPv4 addresses, at most 1,000) the accounts may call out to, or `false` for no restriction:
   * `restrictOutboundNetworkAccess` with `allowedFqdnList`, Microsoft's data loss prevention for Azure OpenAI
   * (https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention). Inference needs no
   * outbound call; features that fetch data (such as On Your Data) need their hosts listed.
   * @default [] - nothing outbound
   */
  allowedOutboundHosts?: string[] | false;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
  /** Send each account's logs (requests, audit) and metrics to a Log Analytics workspace. @default - none */
  diagnostics?: DiagnosticsArgs;
}

/** One region's model account, as the gateway and the policies consume it. */
export interface RegionalModelAccount<Name extends string = string> {
  readonly role: Role;
  readonly region: AzureRegion;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly accountId: pulumi.Output<string>;
  readonly accountName: pulumi.Output<string>;
  /** `https://<subdomain>.openai.azure.com/` (or `.cognitiveservices.azure.com/` for AI Services). */
  readonly endpoint: pulumi.Output<string>;
  readonly customSubDomainName: pulumi.Output<string>;
  /** Principal id of the account's system-assigned identity. */
  readonly principalId: pulumi.Output<string>;
  /** Deployment ARM ids by deployment name. */
  readonly deploymentIds: Readonly<Record<Name, pulumi.Output<string>>> &
    Readonly<Partial<Record<`${Name}-spillover`, pulumi.Output<string>>>>;
  /** Capacity by deployment name, in the deployment's unit. */
  readonly capacities: Readonly<Record<Name, number>> &
    Readonly<Partial<Record<`${Name}-spillover`, number>>>;
}

const ipRangePattern = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/;

/**
 * Validates RegionalOpenAi's args and works out what it builds from them, registering nothing: its constructor calls
 * it first, and WarmStandbyAiPlatform calls it for every part before building any.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkRegionalOpenAiArgs(name: string, args: RegionalOpenAiArgs) {
  const { pair, tags } = checkRegionalArgs("RegionalOpenAi", name, args);
  const kind = args.kind ?? "OpenAI";
  if (kind !== "OpenAI" && kind !== "AIServices") {
    fail("kind", `kind must be "OpenAI" or "AIServices", but got ${show(kind)}.`);
  }
  const deployments = resolveDeployments("deployments", args.deployments);
  const prefix = args.subdomainPrefix ?? name;
  if (
    args.subdomainPrefix !== undefined &&
    !/^[a-z](?:[a-z0-9-]{0,46}[a-z0-9])?$/.test(args.subdomainPrefix)
  ) {
    fail(
      "subdomainPrefix",
      `subdomainPrefix must be 1-48 lower-case letters, digits and hyphens, starting with a letter and not ending ` +
        `with a hyphen (a region code and a random suffix are appended), but got ${show(args.subdomainPrefix)}.`,
    );
  }
  const outbound = args.allowedOutboundHosts;
  if (
    outbound !== undefined &&
    outbound !== false &&
    (!Array.isArray(outbound) ||
      outbound.length > 1000 ||
      outbound.some((host) => typeof host !== "string" || !/^[A-Za-z0-9.-]+$/.test(host)))
  ) {
    fail(
      "allowedOutboundHosts",
      `allowedOutboundHosts must be a list of at most 1,000 host names or IPv4 addresses (e.g. ["mysearch.search.windows.net"]), or false for no restriction, but got ${show(outbound)}.`,
    );
  }
  for (const region of pair.regions) {
    // Fails now, naming the argument, if nothing usable is left of the prefix.
    globalName(
      "cognitiveServicesSubdomain",
      `${prefix}-${region.code}`,
      "x".repeat(uniqueSuffixLength),
      "subdomainPrefix",
    );
  }
  if (args.privateEndpoints) {
    const { subnetIds, privateDnsZoneIds } = args.privateEndpoints;
    if (!subnetIds?.primary || !subnetIds?.standby) {
      fail(
        "privateEndpoints.subnetIds",
        `privateEndpoints.subnetIds must give a subnet id for both primary and standby, but got ${show(subnetIds)}.`,
      );
    }
    if (!privateDnsZoneIds || typeof privateDnsZoneIds !== "object") {
      fail(
        "privateEndpoints.privateDnsZoneIds",
        `privateEndpoints.privateDnsZoneIds must map zone names to zone ids, but got ${show(privateDnsZoneIds)}.`,
      );
    }
    for (const [zone, id] of Object.entries(privateDnsZoneIds)) {
      if (id === undefined || id === null || id === "") {
        fail(
          `privateEndpoints.privateDnsZoneIds["${zone}"]`,
          `privateEndpoints.privateDnsZoneIds["${zone}"] is ${show(id)}: give the zone's ARM id (a MirroredNetwork's privateDnsZoneIds, by zone name).`,
        );
      }
    }
    const drill = args.privateEndpoints.drill;
    if (
      drill !== undefined &&
      (!drill?.subnetId || !drill.privateDnsZoneIds || typeof drill.privateDnsZoneIds !== "object")
    ) {
      fail(
        "privateEndpoints.drill",
        `privateEndpoints.drill must give the drill VNet's subnetId and its own privateDnsZoneIds (never the production zones), but got ${show(drill)}.`,
      );
    }
    if (
      drill &&
      Object.values(drill.privateDnsZoneIds).some((id) => Object.values(privateDnsZoneIds).includes(id))
    ) {
      fail(
        "privateEndpoints.drill.privateDnsZoneIds",
        "privateEndpoints.drill.privateDnsZoneIds repeats a production zone: the drill VNet reuses the standby's addresses, so it needs zones of its own (MirroredNetwork's drillPrivateDnsZoneIds).",
      );
    }
    if (args.allowedIpRanges !== undefined) {
      fail(
        "allowedIpRanges",
        "allowedIpRanges has no effect with privateEndpoints (public network access is disabled): drop one of them.",
      );
    }
  }
  (args.allowedIpRanges ?? []).forEach((range, i) => {
    if (typeof range !== "string" || !ipRangePattern.test(range)) {
      fail(
        `allowedIpRanges[${i}]`,
        `allowedIpRanges[${i}] must be an IPv4 address or CIDR such as "203.0.113.0/24", but got ${show(range)}.`,
      );
    }
  });
  checkDiagnostics(args.diagnostics);
  return { pair, tags, kind, deployments, prefix };
}

/**
 * An Azure OpenAI (or AI Services) account per region with the SAME model deployments in each, declared once:
 * custom subdomain, local (key) auth off, system-assigned identity, private endpoint when given, and
 * deployments created one after another per account (Azure answers 409 to concurrent deployment writes).
 */
export class RegionalOpenAi<const Name extends string = string> extends pulumi.ComponentResource {
  readonly primary: RegionalModelAccount<Name>;
  readonly standby: RegionalModelAccount<Name>;
  /** The validated deployments, with each region's capacity. */
  readonly deployments: readonly ResolvedDeployment[];
  /** Findings for reports (a smaller standby, public network access). */
  readonly notes: readonly string[];

  constructor(name: string, args: RegionalOpenAiArgs<Name>, opts?: pulumi.ComponentResourceOptions) {
    const { pair, tags, kind, deployments, prefix } = checkRegionalOpenAiArgs(name, args);
    super("azure-ai-failover:openai:RegionalOpenAi", name, {}, opts);
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const suffix = uniqueSuffix(name, this);
    const regions: PerRegion<AzureRegion> = { primary: pair.primary, standby: pair.standby };
    const notes = capacityNotes(deployments);
    if (!args.privateEndpoints) {
      notes.push(
        args.allowedIpRanges?.length
          ? `Model accounts accept public traffic from ${args.allowedIpRanges.join(", ")} only (Entra ID auth required).`
          : "Model accounts accept public traffic from any address (Entra ID auth required): give privateEndpoints or allowedIpRanges to close it.",
      );
    }

    const build = (role: Role): RegionalModelAccount => {
      const region = regions[role];
      const subdomain = uniqueName("cognitiveServicesSubdomain", `${prefix}-${region.code}`, suffix.result);
      const account = new cognitiveservices.Account(
        childName(name, "oai", region),
        {
          resourceGroupName: groups[role],
          location: region.name,
          kind,
          sku: { name: "S0" },
          identity: { type: "SystemAssigned" },
          properties: {
            customSubDomainName: subdomain,
            // Entra ID only: no API keys to leak or rotate. https://learn.microsoft.com/azure/ai-services/disable-local-auth
            disableLocalAuth: true,
            publicNetworkAccess: args.privateEndpoints ? "Disabled" : "Enabled",
            networkAcls: args.privateEndpoints
              ? { defaultAction: "Deny", ipRules: [], virtualNetworkRules: [] }
              : args.allowedIpRanges?.length
                ? { defaultAction: "Deny", ipRules: args.allowedIpRanges.map((value) => ({ value })) }
                : { defaultAction: "Allow" },
            // Data loss prevention: the accounts call out only to the hosts listed (none by default).
            // https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention
            ...(args.allowedOutboundHosts === false
              ? {}
              : {
                  restrictOutboundNetworkAccess: true,
                  allowedFqdnList: [...(args.allowedOutboundHosts ?? [])],
                }),
          },
          tags: { ...tags, "failover-role": role },
        },
        { parent: this },
      );
      sendDiagnostics(
        childName(name, "oai", region),
        "Microsoft.CognitiveServices/accounts",
        account,
        args.diagnostics,
        this,
      );

      const placement = args.privateEndpoints;
      if (placement) {
        const privateEndpoint = (
          suffixName: string,
          subnetId: pulumi.Input<string>,
          zoneIds: Record<string, pulumi.Input<string>>,
          endpointTags: Record<string, string>,
        ) => {
          const endpoint = new network.PrivateEndpoint(
            childName(name, suffixName, region),
            {
              resourceGroupName: groups[role],
              location: region.name,
              subnet: { id: subnetId },
              // Group id "account": https://learn.microsoft.com/azure/private-link/private-endpoint-dns#ai--machine-learning
              privateLinkServiceConnections: [
                { name: "account", privateLinkServiceId: account.id, groupIds: ["account"] },
              ],
              tags: endpointTags,
            },
            { parent: this },
          );
          new network.PrivateDnsZoneGroup(
            childName(name, `${suffixName}-dns`, region),
            {
              resourceGroupName: groups[role],
              privateEndpointName: endpoint.name,
              privateDnsZoneGroupName: "default",
              privateDnsZoneConfigs: Object.entries(zoneIds).map(([zone, id]) => ({
                name: zone.replace(/\./g, "-"),
                privateDnsZoneId: id,
              })),
            },
            { parent: this },
          );
        };
        privateEndpoint("oai-pe", placement.subnetIds[role], placement.privateDnsZoneIds, tags);
        // A test failover runs in the isolated drill VNet: the standby account gets an endpoint there too, in
        // the drill's own zones, so drilled workloads reach the standby models exactly as they would after a failover.
        if (role === "standby" && placement.drill) {
          privateEndpoint("oai-pe-drill", placement.drill.subnetId, placement.drill.privateDnsZoneIds, {
            ...tags,
            "failover-role": "drill",
          });
        }
      }

      // One deployment at a time per account: Azure rejects concurrent deployment writes with 409 Conflict.
      const deploymentIds: Record<string, pulumi.Output<string>> = {};
      const capacities: Record<string, number> = {};
      let previous: pulumi.Resource | undefined;
      for (const d of deployments) {
        const capacity = role === "primary" ? d.primaryCapacity : d.standbyCapacity;
        if (d.spillover) {
          // The spillover target is built first: the PTU deployment names it, in the same account, and Azure
          // sends it the requests the PTUs cannot serve. Same model and version, token-based SKU of the same
          // data-processing level. https://learn.microsoft.com/azure/ai-foundry/openai/how-to/spillover-traffic-management
          const s = d.spillover;
          const spillCapacity = role === "primary" ? s.primaryCapacity : s.standbyCapacity;
          const target: cognitiveservices.Deployment = new cognitiveservices.Deployment(
            childName(name, `deploy-${s.name}`, region),
            {
              resourceGroupName: groups[role],
              accountName: account.name,
              deploymentName: s.name,
              sku: { name: s.sku, capacity: spillCapacity },
              properties: {
                model: { format: d.model.format, name: d.model.name, version: d.model.version },
                versionUpgradeOption: d.versionUpgradeOption,
                ...(d.raiPolicyName ? { raiPolicyName: d.raiPolicyName } : {}),
              },
            },
            { parent: this, dependsOn: previous ? [previous] : [] },
          );
          previous = target;
          deploymentIds[s.name] = target.id;
          capacities[s.name] = spillCapacity;
        }
        const deployment: cognitiveservices.Deployment = new cognitiveservices.Deployment(
          childName(name, `deploy-${d.name}`, region),
          {
            resourceGroupName: groups[role],
            accountName: account.name,
            deploymentName: d.name,
            sku: { name: d.sku, capacity },
            properties: {
              model: { format: d.model.format, name: d.model.name, version: d.model.version },
              versionUpgradeOption: d.versionUpgradeOption,
              ...(d.raiPolicyName ? { raiPolicyName: d.raiPolicyName } : {}),
              ...(d.spillover ? { spilloverDeploymentName: d.spillover.name } : {}),
            },
          },
          { parent: this, dependsOn: previous ? [previous] : [] },
        );
        previous = deployment;
        deploymentIds[d.name] = deployment.id;
        capacities[d.name] = capacity;
      }

      return {
        role,
        region,
        resourceGroupName: groups[role],
        accountId: account.id,
        accountName: account.name,
        endpoint: account.properties.apply((p) => p.endpoint ?? ""),
        customSubDomainName: subdomain,
        principalId: account.identity.apply((i) => i?.principalId ?? ""),
        deploymentIds,
        capacities,
      };
    };

    this.primary = build("primary");
    this.standby = build("standby");
    this.deployments = deployments;
    this.notes = notes;
    this.registerOutputs({
      primaryEndpoint: this.primary.endpoint,
      standbyEndpoint: this.standby.endpoint,
      primaryAccountId: this.primary.accountId,
      standbyAccountId: this.standby.accountId,
      deployments: deployments.map((d) => d.name),
    });
  }
}
