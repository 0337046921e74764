import { expect } from "chai";
import { expectConstructionFailure } from "../helpers";
import {
  InvalidArgumentError,
  ResilienceGoals,
  ResilienceGoalsArgs,
  checkedResources,
  isoMinutes,
  recoveryObjectives,
  runChecks,
} from "../../src";
import { record } from "../../src/testing";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const gateway = `${sub}/resourceGroups/rg-east/providers/Microsoft.ApiManagement/service/gw-east`;
const models = `${sub}/resourceGroups/rg-east/providers/Microsoft.CognitiveServices/accounts/ai-east`;
const base: ResilienceGoalsArgs = {
  serviceGroupName: "agents-platform",
  members: { gateway, models },
  usagePlan: { resourceGroupName: "rg-central" },
  recoveryTimeObjectiveMinutes: 15,
  recoveryPointObjectiveMinutes: 5,
};

async function build(over: Partial<ResilienceGoalsArgs> = {}) {
  let component: ResilienceGoals | undefined;
  const recording = await record(() => {
    component = new ResilienceGoals("agents", { ...base, ...over });
  });
  return { recording, component: component! };
}

describe("recoveryObjectives", () => {
  it("takes Front Door's detection alone when no runbook fails over, rounded up to whole minutes", () => {
    expect(recoveryObjectives({ frontDoorDetectSeconds: 30 })).to.deep.include({
      recoveryTimeObjectiveMinutes: 1,
    });
    expect(recoveryObjectives({ frontDoorDetectSeconds: 90 }).recoveryTimeObjectiveMinutes).to.equal(2);
    expect(recoveryObjectives({ frontDoorDetectSeconds: 30 })).not.to.have.property(
      "recoveryPointObjectiveMinutes",
    );
  });

  it("takes the longer path: the runbook's start plus its slowest step, when that is longer", () => {
    const o = recoveryObjectives({
      frontDoorDetectSeconds: 30,
      runbookStartSeconds: 300,
      runbookMinutes: 20,
      recoveryPointIntervalMinutes: 5,
    });
    expect(o.recoveryTimeObjectiveMinutes).to.equal(25);
    expect(o.recoveryPointObjectiveMinutes).to.equal(5);
    expect(o.explanation).to.match(/runbook start 300 s \+ slowest step 20 min/);
    expect(
      recoveryObjectives({ frontDoorDetectSeconds: 1800, runbookStartSeconds: 0, runbookMinutes: 1 })
        .recoveryTimeObjectiveMinutes,
    ).to.equal(30);
  });

  it("fails when the runbook path is half given, or a figure is negative", () => {
    expect(() => recoveryObjectives({ frontDoorDetectSeconds: 30, runbookStartSeconds: 300 }))
      .to.throw(InvalidArgumentError, /go together/)
      .with.property("argument", "runbookMinutes");
    expect(() => recoveryObjectives({ frontDoorDetectSeconds: -1 })).to.throw(
      InvalidArgumentError,
      /frontDoorDetectSeconds must be a number of 0 or more, but got -1/,
    );
  });

  it("writes whole minutes as the ISO 8601 durations the goal template takes", () => {
    expect([15, 30, 60, 90, 240, 1440].map(isoMinutes)).to.deep.equal([
      "PT15M",
      "PT30M",
      "PT1H",
      "PT90M",
      "PT4H",
      "PT24H",
    ]);
    expect(() => isoMinutes(0)).to.throw(RangeError);
    expect(() => isoMinutes(1.5)).to.throw(RangeError);
  });
});

describe("ResilienceGoals", function () {
  this.timeout(60_000);

  it("by default: a service group under the tenant root, its members, a Basic usage plan and enrollment, a goal template and its assignment", async () => {
    const { recording, component } = await build();
    expect([...recording.countByType().entries()]).to.deep.equal([
      ["azure-native:azureresiliencemanagement:Enrollment", 1],
      ["azure-native:azureresiliencemanagement:GoalAssignment", 1],
      ["azure-native:azureresiliencemanagement:GoalTemplate", 1],
      ["azure-native:azureresiliencemanagement:UsagePlan", 1],
      ["azure-native:management:ServiceGroup", 1],
      ["azure-native:relationships:ServiceGroupMemberRelationship", 2],
    ]);
    const group = recording.get("ServiceGroup", "agents-service-group");
    expect(group.inputs).to.deep.include({ serviceGroupName: "agents-platform" });
    expect(group.inputs.properties).to.deep.equal({
      displayName: "agents-platform",
      // The mocks' tenant id: the root service group is named after the tenant.
      parent: {
        resourceId: "/providers/Microsoft.Management/serviceGroups/00000000-0000-0000-0000-00000000000a",
      },
    });
    expect(group.id).to.equal("/providers/Microsoft.Management/serviceGroups/agents-platform");

    const member = recording.get("ServiceGroupMemberRelationship", "agents-member-gateway");
    expect(member.inputs).to.deep.equal({
      resourceUri: gateway,
      name: "agents-platform",
      properties: { targetId: group.id },
    });
    expect(member.id).to.equal(
      `${gateway}/providers/Microsoft.Relationships/serviceGroupMember/agents-platform`,
    );

    const plan = recording.get("UsagePlan", "agents-usage-plan");
    expect(plan.inputs).to.deep.include({
      resourceGroupName: "rg-central",
      usagePlanName: "agents-up",
      location: "global",
      properties: { planType: "Basic" },
    });
    const enrollment = recording.get("Enrollment", "agents-enrollment");
    expect(enrollment.inputs).to.deep.equal({
      resourceGroupName: "rg-central",
      usagePlanName: "agents-up",
      enrollmentName: "agents-en",
      properties: { serviceGroupId: group.id },
    });

    const template = recording.get("GoalTemplate", "agents-goal-template");
    expect(template.inputs).to.deep.equal({
      serviceGroupName: "agents-platform",
      goalTemplateName: "agents-gt",
      properties: {
        goalType: "Resiliency",
        regionalRecoveryTimeObjective: "PT15M",
        regionalRecoveryPointObjective: "PT5M",
        requireDisasterRecovery: "Required",
        requireHighAvailability: "Required",
      },
    });
    expect(template.id).to.equal(
      "/providers/Microsoft.Management/serviceGroups/agents-platform/providers/Microsoft.AzureResilienceManagement/goalTemplates/agents-gt",
    );
    // Enrolled before any goal: Azure refuses goals on a group without a usage plan.
    expect(template.dependencies).to.include(enrollment.urn);

    const assignment = recording.get("GoalAssignment", "agents-goal-assignment");
    expect(assignment.inputs).to.deep.equal({
      serviceGroupName: "agents-platform",
      goalAssignmentName: "agents-ga",
      properties: { goalAssignmentType: "Resiliency", goalTemplateId: template.id },
    });
    // Assigned once the members are in and the group is enrolled.
    for (const dep of [
      template.urn,
      enrollment.urn,
      member.urn,
      recording.get("ServiceGroupMemberRelationship", "agents-member-models").urn,
    ]) {
      expect(assignment.dependencies).to.include(dep);
    }
    const comp = recording.ofType("azure-ai-failover:resilience:ResilienceGoals")[0];
    for (const child of recording.ofType("azure-native:").filter((r) => r.custom)) {
      expect(child.parent, child.name).to.equal(comp.urn);
    }
    expect(component.recoveryTimeObjective).to.equal("PT15M");
    expect(component.recoveryPointObjective).to.equal("PT5M");
  });

  it("records the goals on an existing service group, enrolled in an existing plan", async () => {
    const { recording } = await build({
      serviceGroupName: undefined,
      existingServiceGroupId: "/providers/Microsoft.Management/serviceGroups/shared-sg",
      usagePlan: {
        existingUsagePlanId: `${sub}/resourceGroups/rg-billing/providers/Microsoft.AzureResilienceManagement/usagePlans/org-plan`,
      },
      recoveryPointObjectiveMinutes: undefined,
      requireHighAvailability: false,
    });
    expect(recording.ofType("ServiceGroup")).to.have.length(0);
    expect(recording.ofType("UsagePlan")).to.have.length(0);
    expect(recording.get("Enrollment", "agents-enrollment").inputs).to.deep.include({
      resourceGroupName: "rg-billing",
      usagePlanName: "org-plan",
      properties: { serviceGroupId: "/providers/Microsoft.Management/serviceGroups/shared-sg" },
    });
    expect(
      recording.get("ServiceGroupMemberRelationship", "agents-member-models").inputs.properties,
    ).to.deep.equal({
      targetId: "/providers/Microsoft.Management/serviceGroups/shared-sg",
    });
    const template = recording.get("GoalTemplate", "agents-goal-template").inputs;
    expect(template.serviceGroupName).to.equal("shared-sg");
    expect(template.properties).to.deep.equal({
      goalType: "Resiliency",
      regionalRecoveryTimeObjective: "PT15M",
      requireDisasterRecovery: "Required",
      requireHighAvailability: "NotRequired",
    });
  });

  it("creates no plan and no enrollment when the group is already enrolled, and takes a given parent", async () => {
    const { recording } = await build({
      usagePlan: { alreadyEnrolled: true },
      parentServiceGroupId: "/providers/Microsoft.Management/serviceGroups/platforms",
      recoveryTimeObjectiveMinutes: 60,
    });
    expect(recording.ofType("UsagePlan")).to.have.length(0);
    expect(recording.ofType("Enrollment")).to.have.length(0);
    expect(recording.get("ServiceGroup", "agents-service-group").inputs.properties).to.deep.include({
      parent: { resourceId: "/providers/Microsoft.Management/serviceGroups/platforms" },
    });
    expect(
      (recording.get("GoalTemplate", "agents-goal-template").inputs.properties as Record<string, unknown>)
        .regionalRecoveryTimeObjective,
    ).to.equal("PT1H");
  });

  it('is not flagged by the library\'s policy pack, even tagged tier 1 (the usage plan sits in "global")', async () => {
    const { recording } = await build({ tags: { tier: "1" } });
    expect(recording.get("UsagePlan", "agents-usage-plan").inputs).to.deep.include({
      location: "global",
      tags: { tier: "1" },
    });
    expect(runChecks(checkedResources(recording))).to.deep.equal([]);
  });

  describe("fails at construction", () => {
    const fails = (over: Partial<ResilienceGoalsArgs>, argument: string, message: RegExp) =>
      expectConstructionFailure(() => new ResilienceGoals("agents", { ...base, ...over }), argument, message);

    it("when members is empty", () => fails({ members: {} }, "members", /at least one resource/));
    it("when a member is not an ARM id", () =>
      fails({ members: { gateway: "gw-east" } }, "members.gateway", /must be a full ARM id.*"gw-east"/));
    it("when there are more than 500 members", () =>
      fails(
        { members: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`m${i}`, `${models}${i}`])) },
        "members",
        /at most 500 .* got 501/,
      ));
    it("when both a new and an existing service group are given", () =>
      fails(
        { existingServiceGroupId: "/providers/Microsoft.Management/serviceGroups/shared-sg" },
        "existingServiceGroupId",
        /not both/,
      ));
    it("when neither is given", () =>
      fails({ serviceGroupName: undefined }, "serviceGroupName", /give serviceGroupName/));
    it("when the service group name breaks Azure's naming rule", async () => {
      await fails(
        { serviceGroupName: "agents platform" },
        "serviceGroupName",
        /1-90 letters.*"agents platform"/,
      );
      await fails({ serviceGroupName: "a".repeat(91) }, "serviceGroupName", /1-90/);
      await fails({ serviceGroupName: "agents/platform" }, "serviceGroupName", /1-90/);
    });
    it("when the existing service group id is not one", () =>
      fails(
        { serviceGroupName: undefined, existingServiceGroupId: `${sub}/resourceGroups/rg` },
        "existingServiceGroupId",
        /\/providers\/Microsoft.Management\/serviceGroups\/<name>/,
      ));
    it("when new-group options come with an existing group", () =>
      fails(
        {
          serviceGroupName: undefined,
          existingServiceGroupId: "/providers/Microsoft.Management/serviceGroups/shared-sg",
          serviceGroupDisplayName: "Agents",
        },
        "serviceGroupDisplayName",
        /applies to a new service group/,
      ));
    it("when the recovery time objective is not a whole number of minutes from 1", async () => {
      await fails({ recoveryTimeObjectiveMinutes: 0 }, "recoveryTimeObjectiveMinutes", /from 1, but got 0/);
      await fails({ recoveryTimeObjectiveMinutes: 7.5 }, "recoveryTimeObjectiveMinutes", /whole number/);
      await fails(
        { recoveryTimeObjectiveMinutes: undefined as unknown as number },
        "recoveryTimeObjectiveMinutes",
        /got undefined/,
      );
    });
    it("when the recovery point objective is out of range", () =>
      fails({ recoveryPointObjectiveMinutes: -5 }, "recoveryPointObjectiveMinutes", /from 1, but got -5/));
    it("when the usage plan is missing or ambiguous", async () => {
      await fails(
        { usagePlan: undefined as unknown as ResilienceGoalsArgs["usagePlan"] },
        "usagePlan",
        /enrolled in a usage plan/,
      );
      await fails(
        { usagePlan: { resourceGroupName: "rg", alreadyEnrolled: true } },
        "usagePlan",
        /exactly one/,
      );
    });
    it("when the usage plan id is not one", () =>
      fails(
        { usagePlan: { existingUsagePlanId: "org-plan" } },
        "usagePlan.existingUsagePlanId",
        /usagePlans\/<name>/,
      ));
    it("when a goal name breaks Azure's rule (3-24 letters, digits, hyphens)", async () => {
      await fails({ goalTemplateName: "gt_1" }, "goalTemplateName", /3-24 letters.*"gt_1"/);
      await fails({ goalAssignmentName: "a".repeat(25) }, "goalAssignmentName", /3-24/);
      await expectConstructionFailure(
        () =>
          new ResilienceGoals("a-very-long-platform-name", { ...base, usagePlan: { alreadyEnrolled: true } }),
        "goalTemplateName",
        /from the component name "a-very-long-platform-name"\): set goalTemplateName/,
      );
    });
  });
});
