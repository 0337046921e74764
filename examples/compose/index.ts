// Single components inside an existing landing zone: the VNets, subnets and private DNS zone belong to the network
// team (their ids come from config); this stack adds the models, the gateways, Front Door and the failover automation.
// (A project of your own imports from "azure-ai-failover" instead of "../../src".)
import * as pulumi from "@pulumi/pulumi";
import { AiGateway, FailoverAutomation, FrontDoorFailover, RegionalOpenAi, regionPair } from "../../src";

const config = new pulumi.Config();
const pair = regionPair(
  { primary: config.require("primaryRegion"), standby: config.require("standbyRegion") },
  "config",
);

const models = new RegionalOpenAi("support-bot", {
  regions: pair,
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

// Front Door's group is created by the models component in the standby region; any group there will do.
const frontDoor = new FrontDoorFailover("support-bot", {
  resourceGroupName: models.standby.resourceGroupName,
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
