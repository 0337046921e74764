import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resilience from "@pulumi/azure-native/azureresiliencemanagement";
import * as management from "@pulumi/azure-native/management";
import * as relationships from "@pulumi/azure-native/relationships";
import { fail, show } from "../errors";
import { isoMinutes } from "./objectives";

// Service group names: `^[a-zA-Z0-9\-_().]{1,90}$`
// (https://learn.microsoft.com/azure/templates/microsoft.management/servicegroups).
const serviceGroupNamePattern = /^[a-zA-Z0-9\-_().]{1,90}$/;
const serviceGroupIdPattern = /^\/providers\/Microsoft\.Management\/serviceGroups\/([^/]+)$/i;
// Goal templates, goal assignments, usage plans and enrollments: `^[a-zA-Z0-9-]{3,24}$`
// (goalTemplate.tsp / goalAssignment.tsp in Azure/azure-rest-api-specs,
// specification/azureresiliencemanagement/resource-manager/Microsoft.AzureResilienceManagement/AzureResilienceManagement/models/goals/;
// usage plan and enrollment: microsoft/mcp tools/Azure.Mcp.Tools.ResilienceManagement/tests/test-resources-all.bicep).
const resilienceNamePattern = /^[a-zA-Z0-9-]{3,24}$/;
const usagePlanIdPattern =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.AzureResilienceManagement\/usagePlans\/([^/]+)$/i;
// "You can assign goals to service groups with up to 500 resources."
// (https://learn.microsoft.com/azure/resiliency/goals-recommendations-assign-goals-view-posture)
const maxMembers = 500;

/**
 * The usage plan the service group is enrolled in. Azure requires it: "Before you assign goals or use any
 * capabilities, you must enroll your service group in a usage plan"
 * (https://learn.microsoft.com/azure/resiliency/goals-recommendations-assign-goals-view-posture).
 * Exactly one of the three.
 */
export interface ResilienceUsagePlanArgs {
  /**
   * Create a `Basic` usage plan ("restricted functionality without any charges": goals and posture) in this
   * resource group, and enroll the service group in it.
   */
  resourceGroupName?: pulumi.Input<string>;
  /** Name of the plan created in `resourceGroupName`: 3-24 letters, digits and hyphens. @default `${name}-up` */
  usagePlanName?: string;
  /** Name of the enrollment (in the plan): 3-24 letters, digits and hyphens. @default `${name}-en` */
  enrollmentName?: string;
  /** Enroll the service group in this existing plan (`/subscriptions/.../usagePlans/<name>`). */
  existingUsagePlanId?: string;
  /** The service group is already enrolled: create no plan and no enrollment. */
  alreadyEnrolled?: boolean;
}

export interface ResilienceGoalsArgs {
  /**
   * Create a service group with this name (its id, unique in the tenant: 1-90 letters, digits, `-_().`).
   * Service groups are tenant-level: creating one needs `Microsoft.Management/serviceGroups/write` at the
   * parent service group. Exactly one of `serviceGroupName` and `existingServiceGroupId`.
   */
  serviceGroupName?: string;
  /** Display name of the new service group. @default serviceGroupName */
  serviceGroupDisplayName?: string;
  /**
   * Parent of the new service group.
   * @default - the tenant's root service group, `/providers/Microsoft.Management/serviceGroups/<tenant id>`
   */
  parentServiceGroupId?: pulumi.Input<string>;
  /**
   * Record the goals on this existing service group instead (`/providers/Microsoft.Management/serviceGroups/<name>`).
   */
  existingServiceGroupId?: string;
  /**
   * What the goals cover: resources, resource groups or subscriptions (full ARM ids), keyed by stable keys, each
   * made a member of the service group. At least one, at most 500 (Azure's limit for goals).
   */
  members: Record<string, pulumi.Input<string>>;
  /** The usage plan the service group is enrolled in (see {@link ResilienceUsagePlanArgs}). Required. */
  usagePlan: ResilienceUsagePlanArgs;
  /** Regional recovery time objective, whole minutes (`recoveryObjectives()` computes it from the failover budget). */
  recoveryTimeObjectiveMinutes: number;
  /** Regional recovery point objective, whole minutes. @default - none recorded */
  recoveryPointObjectiveMinutes?: number;
  /** Track disaster recovery (a copy in another region). @default true */
  requireDisasterRecovery?: boolean;
  /**
   * Track high availability (zone redundancy). Azure's current release evaluates zonal goals only ("the current
   * release ... supports only zonal resilience goals",
   * https://learn.microsoft.com/azure/resiliency/goals-recommendations-assign-goals-view-posture): this is what its
   * posture view reports on today; the regional objectives are recorded for when it evaluates them. @default true
   */
  requireHighAvailability?: boolean;
  /** Goal template name: 3-24 letters, digits and hyphens. @default `${name}-gt` */
  goalTemplateName?: string;
  /** Goal assignment name: 3-24 letters, digits and hyphens. @default `${name}-ga` */
  goalAssignmentName?: string;
  /** Tags of the service group and usage plan. @default - none */
  tags?: Record<string, string>;
}

interface CheckedGoals {
  serviceGroupName: string;
  creates: boolean;
  templateName: string;
  assignmentName: string;
  usagePlan:
    | { kind: "create"; name: string; resourceGroupName: pulumi.Input<string>; enrollmentName: string }
    | { kind: "existing"; name: string; resourceGroupName: string; enrollmentName: string }
    | { kind: "enrolled" };
  rto: string;
  rpo?: string;
}

function objectiveMinutes(argument: string, value: unknown): string {
  // The API takes any ISO 8601 duration and documents no range; this component writes whole minutes, so an
  // objective is a whole number of minutes from 1.
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    fail(argument, `${argument} must be a whole number of minutes from 1, but got ${show(value)}.`);
  }
  return isoMinutes(value);
}

function resilienceName(argument: string, value: string, fix: string): string {
  if (!resilienceNamePattern.test(value)) {
    fail(
      argument,
      `${argument} must be 3-24 letters, digits and hyphens (Azure's rule), but got ${show(value)}${fix}.`,
    );
  }
  return value;
}

/** Validates the args; throws an InvalidArgumentError before anything is registered. */
export function checkResilienceGoalsArgs(name: string, args: ResilienceGoalsArgs): CheckedGoals {
  if (!args || typeof args !== "object")
    fail("args", `ResilienceGoals "${name}" needs args, but got ${show(args)}.`);
  const { serviceGroupName: newName, existingServiceGroupId: existingId } = args;
  if (newName !== undefined && existingId !== undefined) {
    fail(
      "existingServiceGroupId",
      `give serviceGroupName (create a service group) or existingServiceGroupId (use one), not both: got ` +
        `${show(newName)} and ${show(existingId)}.`,
    );
  }
  if (newName === undefined && existingId === undefined) {
    fail(
      "serviceGroupName",
      `goals live on a service group: give serviceGroupName to create one or existingServiceGroupId to use one.`,
    );
  }
  let serviceGroupName: string;
  if (newName !== undefined) {
    if (typeof newName !== "string" || !serviceGroupNamePattern.test(newName)) {
      fail(
        "serviceGroupName",
        `serviceGroupName must be 1-90 letters, digits, hyphens, underscores, periods and parentheses ` +
          `(Azure's rule for service group ids), but got ${show(newName)}.`,
      );
    }
    serviceGroupName = newName;
  } else {
    const match = typeof existingId === "string" ? serviceGroupIdPattern.exec(existingId) : null;
    if (!match || !serviceGroupNamePattern.test(match[1])) {
      fail(
        "existingServiceGroupId",
        `existingServiceGroupId must be a service group id, /providers/Microsoft.Management/serviceGroups/<name>, ` +
          `but got ${show(existingId)}.`,
      );
    }
    serviceGroupName = match[1];
  }
  if (newName === undefined) {
    for (const key of ["serviceGroupDisplayName", "parentServiceGroupId"] as const) {
      if (args[key] !== undefined) {
        fail(
          key,
          `${key} applies to a new service group, but existingServiceGroupId was given: drop ${key}.`,
        );
      }
    }
  }

  const members = args.members;
  const keys = members && typeof members === "object" ? Object.keys(members) : [];
  if (keys.length === 0) {
    fail(
      "members",
      `members must name at least one resource, resource group or subscription for the goals to cover, but got ${show(members)}.`,
    );
  }
  if (keys.length > maxMembers) {
    fail(
      "members",
      `members can hold at most ${maxMembers} resources (Azure's limit for goals), but got ${keys.length}.`,
    );
  }
  for (const key of keys) {
    const id = members[key];
    if (id === undefined || id === null || id === "") {
      fail(`members.${key}`, `members.${key} must be an ARM resource id, but got ${show(id)}.`);
    }
    if (typeof id === "string" && !/^\/subscriptions\/[^/]+(\/.+)?$/i.test(id)) {
      fail(
        `members.${key}`,
        `members.${key} must be a full ARM id (/subscriptions/<id>[/resourceGroups/<rg>[/providers/...]]), but got ${show(id)}.`,
      );
    }
  }

  const plan = args.usagePlan;
  const ways = plan
    ? [
        plan.resourceGroupName !== undefined,
        plan.existingUsagePlanId !== undefined,
        plan.alreadyEnrolled === true,
      ]
    : [];
  if (ways.filter(Boolean).length !== 1) {
    fail(
      "usagePlan",
      `usagePlan must say exactly one of resourceGroupName (create a Basic plan), existingUsagePlanId or ` +
        `alreadyEnrolled: Azure needs the service group enrolled in a usage plan before goals, but got ${show(plan)}.`,
    );
  }
  let usagePlan: CheckedGoals["usagePlan"];
  const enrollmentName = () =>
    resilienceName(
      "usagePlan.enrollmentName",
      plan.enrollmentName ?? `${name}-en`,
      plan.enrollmentName === undefined
        ? ` (from the component name "${name}"): set usagePlan.enrollmentName`
        : "",
    );
  if (plan.resourceGroupName !== undefined) {
    usagePlan = {
      kind: "create",
      enrollmentName: enrollmentName(),
      resourceGroupName: plan.resourceGroupName,
      name: resilienceName(
        "usagePlan.usagePlanName",
        plan.usagePlanName ?? `${name}-up`,
        plan.usagePlanName === undefined
          ? ` (from the component name "${name}"): set usagePlan.usagePlanName`
          : "",
      ),
    };
  } else {
    if (plan.usagePlanName !== undefined) {
      fail(
        "usagePlan.usagePlanName",
        `usagePlan.usagePlanName names a plan to create: give resourceGroupName with it.`,
      );
    }
    if (plan.existingUsagePlanId !== undefined) {
      const match = usagePlanIdPattern.exec(plan.existingUsagePlanId);
      if (!match) {
        fail(
          "usagePlan.existingUsagePlanId",
          `usagePlan.existingUsagePlanId must be /subscriptions/<id>/resourceGroups/<rg>/providers/` +
            `Microsoft.AzureResilienceManagement/usagePlans/<name>, but got ${show(plan.existingUsagePlanId)}.`,
        );
      }
      usagePlan = {
        kind: "existing",
        resourceGroupName: match[1],
        name: match[2],
        enrollmentName: enrollmentName(),
      };
    } else {
      if (plan.enrollmentName !== undefined) {
        fail(
          "usagePlan.enrollmentName",
          `usagePlan.enrollmentName names an enrollment to create, but alreadyEnrolled is set: drop it.`,
        );
      }
      usagePlan = { kind: "enrolled" };
    }
  }

  const rto = objectiveMinutes("recoveryTimeObjectiveMinutes", args.recoveryTimeObjectiveMinutes);
  const rpo =
    args.recoveryPointObjectiveMinutes === undefined
      ? undefined
      : objectiveMinutes("recoveryPointObjectiveMinutes", args.recoveryPointObjectiveMinutes);
  const derived = (arg: string) => ` (from the component name "${name}"): set ${arg}`;
  const templateName = resilienceName(
    "goalTemplateName",
    args.goalTemplateName ?? `${name}-gt`,
    args.goalTemplateName === undefined ? derived("goalTemplateName") : "",
  );
  const assignmentName = resilienceName(
    "goalAssignmentName",
    args.goalAssignmentName ?? `${name}-ga`,
    args.goalAssignmentName === undefined ? derived("goalAssignmentName") : "",
  );
  return {
    serviceGroupName,
    creates: newName !== undefined,
    templateName,
    assignmentName,
    usagePlan,
    rto,
    rpo,
  };
}

/**
 * Records the platform's recovery objectives in Azure Resiliency, so Azure itself tracks them: a service group
 * holding the platform's resources, enrolled in a usage plan, with a resiliency goal template (regional RTO and
 * RPO as ISO 8601 durations, disaster recovery and high availability required) assigned to it. Azure's current
 * release evaluates the zonal part (high availability) only; the regional objectives are recorded for when it
 * evaluates them. Resources created after the assignment are assessed once Azure rediscovers the group, so give
 * the component a `dependsOn` on what it covers (`WarmStandbyAiPlatform` does).
 *
 * **Preview.** `Microsoft.AzureResilienceManagement` is a preview API (2026-03-01-preview in azure-native 3.28;
 * later previews drop goal templates for objectives on the assignment), and service groups are a preview too.
 * Opt in knowingly; `WarmStandbyAiPlatform` keeps it off by default.
 *
 * Permissions: creating the service group needs `Microsoft.Management/serviceGroups/write` at the parent
 * (tenant level: the root service group by default); adding members needs
 * `Microsoft.Relationships/serviceGroupMember/write` on each member and Service Group Contributor on the group
 * (https://learn.microsoft.com/azure/governance/service-groups/create-service-group-member-rest-api); the goals
 * need Service Group Contributor or Azure Resilience Management Goals Contributor on the group and
 * `Microsoft.Relationship/ServiceGroupMember/read` on the members
 * (https://learn.microsoft.com/azure/resiliency/goals-recommendations-assign-goals-view-posture). Nobody can
 * create a group under the root service group until a tenant-level administrator has granted access there. Microsoft
 * documents no role for the usage plan and enrollment: write on the resource group that holds the plan.
 */
export class ResilienceGoals extends pulumi.ComponentResource {
  /** Id of the service group the goals are recorded on. */
  readonly serviceGroupId: pulumi.Output<string>;
  /** Name (id segment) of that service group. */
  readonly serviceGroupName: pulumi.Output<string>;
  /** Id of the goal template. */
  readonly goalTemplateId: pulumi.Output<string>;
  /** Id of the goal assignment. */
  readonly goalAssignmentId: pulumi.Output<string>;
  /** The recovery time objective as recorded (`PT15M`). */
  readonly recoveryTimeObjective: string;
  /** The recovery point objective as recorded, when one is. */
  readonly recoveryPointObjective?: string;

  constructor(name: string, args: ResilienceGoalsArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkResilienceGoalsArgs(name, args);
    super("azure-ai-failover:resilience:ResilienceGoals", name, {}, opts);
    const tags = args.tags;

    let group: management.ServiceGroup | undefined;
    if (checked.creates) {
      const parentId =
        args.parentServiceGroupId ??
        // The tenant's root service group has the tenant id as its name (microsoft/mcp
        // tools/Azure.Mcp.Tools.ResilienceManagement/tests/test-resources-post.ps1 creates service groups under it).
        authorization
          .getClientConfigOutput({ parent: this })
          .apply((c) => `/providers/Microsoft.Management/serviceGroups/${c.tenantId}`);
      group = new management.ServiceGroup(
        `${name}-service-group`,
        {
          serviceGroupName: checked.serviceGroupName,
          properties: {
            displayName: args.serviceGroupDisplayName ?? checked.serviceGroupName,
            parent: { resourceId: parentId },
          },
          tags,
        },
        { parent: this },
      );
    }
    const groupName: pulumi.Output<string> = group ? group.name : pulumi.output(checked.serviceGroupName);
    const groupId: pulumi.Output<string> = group
      ? group.id
      : pulumi.output(`/providers/Microsoft.Management/serviceGroups/${checked.serviceGroupName}`);

    // Membership is an extension resource on the member, pointing at the group
    // (https://learn.microsoft.com/azure/governance/service-groups/create-service-group-member-rest-api). Named
    // after the group, so the same resource can belong to several groups.
    const members = Object.entries(args.members).map(
      ([key, resourceUri]) =>
        new relationships.ServiceGroupMemberRelationship(
          `${name}-member-${key}`,
          { resourceUri, name: checked.serviceGroupName, properties: { targetId: groupId } },
          { parent: this },
        ),
    );

    const enrolled: pulumi.Resource[] = [];
    if (checked.usagePlan.kind !== "enrolled") {
      let planName: pulumi.Input<string> = checked.usagePlan.name;
      if (checked.usagePlan.kind === "create") {
        // Basic: "restricted functionality without any charges": goals and posture, no drills
        // (UsagePlanType in azure-native 3.28; tiers: https://learn.microsoft.com/azure/resiliency/goals-recommendations-assign-goals-view-posture).
        // Location "global", as the spec's UsagePlans_CreateOrUpdate example.
        const plan = new resilience.UsagePlan(
          `${name}-usage-plan`,
          {
            resourceGroupName: checked.usagePlan.resourceGroupName,
            usagePlanName: checked.usagePlan.name,
            location: "global",
            properties: { planType: "Basic" },
            tags,
          },
          { parent: this },
        );
        planName = plan.name;
      }
      enrolled.push(
        new resilience.Enrollment(
          `${name}-enrollment`,
          {
            resourceGroupName: checked.usagePlan.resourceGroupName,
            usagePlanName: planName,
            enrollmentName: checked.usagePlan.enrollmentName,
            properties: { serviceGroupId: groupId },
          },
          { parent: this },
        ),
      );
    }

    const template = new resilience.GoalTemplate(
      `${name}-goal-template`,
      {
        serviceGroupName: groupName,
        goalTemplateName: checked.templateName,
        properties: {
          goalType: "Resiliency",
          regionalRecoveryTimeObjective: checked.rto,
          ...(checked.rpo === undefined ? {} : { regionalRecoveryPointObjective: checked.rpo }),
          requireDisasterRecovery: args.requireDisasterRecovery === false ? "NotRequired" : "Required",
          requireHighAvailability: args.requireHighAvailability === false ? "NotRequired" : "Required",
        },
      },
      { parent: this, dependsOn: enrolled },
    );
    const assignment = new resilience.GoalAssignment(
      `${name}-goal-assignment`,
      {
        serviceGroupName: groupName,
        goalAssignmentName: checked.assignmentName,
        properties: { goalAssignmentType: "Resiliency", goalTemplateId: template.id },
      },
      // The goal is evaluated over the group's members: assign it once they are in.
      { parent: this, dependsOn: [...members, ...enrolled] },
    );

    this.serviceGroupId = groupId;
    this.serviceGroupName = groupName;
    this.goalTemplateId = template.id;
    this.goalAssignmentId = assignment.id;
    this.recoveryTimeObjective = checked.rto;
    this.recoveryPointObjective = checked.rpo;
    this.registerOutputs({
      serviceGroupId: this.serviceGroupId,
      serviceGroupName: this.serviceGroupName,
      goalTemplateId: this.goalTemplateId,
      goalAssignmentId: this.goalAssignmentId,
      recoveryTimeObjective: this.recoveryTimeObjective,
      recoveryPointObjective: this.recoveryPointObjective,
    });
  }
}
