// Single components inside an existing landing zone: the VNets, subnets and private DNS zone belong to the network
// team (their ids come from config); this stack adds the models, the gateways, Front Door and the failover automation.
// (A project of your own imports from "azure-ai-failover" instead of "../../src".)
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import {
  AiGateway,
  FailoverAutomation,
  FrontDoorFailover,
  RegionalOpenAi,
  childName,
  regionPair,
} from "../../src";

const config = new pulumi.Config();
const pair = regionPair(
  { primary: config.require("primaryRegion"), standby: config.require("standbyRegion") },
  "config",
);

// One resource group per region for every component (without it, each component creates a pair of its own).
const group = (role: "primary" | "standby") =>
  new resources.ResourceGroup(childName("support-bot", "rg", pair[role]), {
    location: pair[role].name,
    tags: { "failover-role": role },
  }).name;
const resourceGroups = { primary: group("primary"), standby: group("standby") };

const models = new RegionalOpenAi("support-bot", {
  regions: pair,
  resourceGroups,
  deployments: [
    {
      name: "chat",
      model: { name: "gpt-4o-mini", version: "2024-07-18" },
      sku: "DataZoneStandard",
      capacityThousandTpm: 200,
    },
  ],
  privateEndpoints: {
    subnetIds: {
      primary: config.require("primaryEndpointsSubnetId"),
      standby: config.require("standbyEndpointsSubnetId"),
    },
    privateDnsZoneIds: { "privatelink.openai.azure.com": config.require("openAiDnsZoneId") },
  },
});

// The gateways admit only this stack's Front Door (X-Azure-FDID), whose id exists once Front Door does, and Front
// Door's origins are the gateways: a deferred output breaks the loop (the gateways' policies wait for the id).
const [frontDoorId, resolveFrontDoorId] = pulumi.deferredOutput<string>();

const gateway = new AiGateway("support-bot", {
  regions: pair,
  resourceGroups,
  models,
  // Agents call with Microsoft Entra ID tokens issued to the support bot's app registration.
  callers: {
    tenantId: config.require("tenantId"),
    clientApplicationIds: [config.require("supportBotClientId")],
    audiences: [config.require("gatewayAudience")],
  },
  frontDoor: { frontDoorId, originResponseTimeoutSeconds: 120 },
  publisherEmail: config.require("publisherEmail"),
  virtualNetwork: {
    subnetIds: {
      primary: config.require("primaryGatewaySubnetId"),
      standby: config.require("standbyGatewaySubnetId"),
    },
  },
  tokenLimit: { tokensPerMinute: 5000 },
});

// Front Door lives in the standby region's group: a region that is down may not take writes to its groups.
const frontDoor = new FrontDoorFailover("support-bot", {
  resourceGroupName: resourceGroups.standby,
  origins: [
    { name: "weu", hostName: gateway.primary.hostName, region: pair.primary.name },
    { name: "neu", hostName: gateway.standby.hostName, region: pair.standby.name },
  ],
  probePath: gateway.healthPath,
  originResponseTimeoutSeconds: 120,
});
resolveFrontDoorId(frontDoor.frontDoorId);

const automation = new FailoverAutomation("support-bot", {
  regions: pair,
  resourceGroups,
  frontDoor: {
    profileId: frontDoor.profileId,
    originGroupId: frontDoor.originGroupId,
    primaryOriginId: frontDoor.originIds.weu,
    standbyOriginId: frontDoor.originIds.neu,
  },
  models: {
    standbyAccountId: models.standby.accountId,
    standbyDeployments: [{ id: models.standby.deploymentIds.chat, capacity: 200 }],
  },
  gateway: { standbyServiceId: gateway.standby.serviceId, capacity: 2 },
});

export const url = frontDoor.url;
export const failoverBudget = frontDoor.failoverBudget;
export const runbooks = automation.runbookNames;
