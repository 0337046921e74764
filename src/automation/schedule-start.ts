import * as pulumi from "@pulumi/pulumi";

/** Inputs of the schedule start resource: the time of day (UTC) the schedule's runs start at. */
export interface ScheduleStartInputs {
  kind: "azure-ai-failover:automation:ScheduleStart";
  /** `HH:MM`, UTC. */
  timeUtc: string;
  /** Anything else that, when changed, must give the schedule a new start (its recurrence). */
  recurrence: string;
}

/**
 * The first start of an Automation schedule, worked out once, when the schedule is first created, and kept in state.
 * Azure refuses a schedule whose start is not in the future ("The start time of the schedule must be at least 5
 * minutes after the time you create the schedule", the service's error; Microsoft's own module defaults to 15 minutes
 * after deployment: Azure/bicep-registry-modules avm/res/automation/automation-account/schedule/main.bicep,
 * `dateTimeAdd(baseTime, 'PT15M')`). Computing it in the program would change the plan on every run and replace the
 * schedule on every `pulumi up`; kept in state, it changes only when the time of day or the recurrence does.
 *
 * Self-contained (no imports): Pulumi serializes it into the stack.
 */
export const scheduleStartProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: ScheduleStartInputs) {
    const [hours, minutes] = inputs.timeUtc.split(":").map(Number);
    const earliest = Date.now() + 15 * 60_000;
    const start = new Date(earliest);
    start.setUTCHours(hours, minutes, 0, 0);
    while (start.getTime() < earliest) start.setUTCDate(start.getUTCDate() + 1);
    const startTime = start.toISOString().replace(".000Z", "Z");
    return { id: `schedule-start-${startTime}`, outs: { ...inputs, startTime } };
  },
  async diff(_id: string, olds: ScheduleStartInputs, news: ScheduleStartInputs) {
    const replaces = (["timeUtc", "recurrence"] as const).filter((k) => olds[k] !== news[k]);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
  },
};

export interface ScheduleStartArgs {
  timeUtc: pulumi.Input<string>;
  recurrence: pulumi.Input<string>;
}

/** A schedule's first start, in the future when first created and stable afterwards; see {@link scheduleStartProvider}. */
export class ScheduleStart extends pulumi.dynamic.Resource {
  declare readonly startTime: pulumi.Output<string>;

  constructor(name: string, args: ScheduleStartArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      scheduleStartProvider,
      name,
      {
        kind: "azure-ai-failover:automation:ScheduleStart",
        timeUtc: args.timeUtc,
        recurrence: args.recurrence,
        startTime: undefined,
      },
      opts,
    );
  }
}
