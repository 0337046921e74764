#!/usr/bin/env node
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import {
  PlanError,
  PlanUsageError,
  analyze,
  defaultTimeoutSeconds,
  planDocument,
  planProgram,
  planStackExport,
  renderMarkdown,
  renderTree,
  svg,
} from "./plan";
import {
  assess,
  assessExitCode,
  programResources,
  renderAssessmentMarkdown,
  renderAssessmentText,
} from "./plan/assess";
import { oneLine } from "./plan/failure";
import { readStackExport } from "./plan/state";
import { PolicySettings, policySettingsProblem } from "./policies/run";

const planUsage = `Usage: azure-ai-failover plan [options]

Synthesizes a Pulumi program offline (mock runtime, no Azure credentials, no Pulumi CLI) and prints
what it would create, the resilience policy results, the failover-time budget and a topology diagram.
With --state, judges a deployed stack from its \`pulumi stack export\` instead, no program run.

Options:
  --program <dir>         folder of the Pulumi project (holding Pulumi.yaml)   [default: .]
  --stack <name>          stack whose Pulumi.<stack>.yaml config to use        [default: the only one, else dev]
  --config <key=value>    set or override a config value (repeatable)
  --state <file>          judge a \`pulumi stack export\` file (its recorded inputs and outputs) instead of
                          running a program; takes no --program, --stack, --config or --timeout
  --timeout <seconds>     give up on a program that has not finished by then   [default: ${defaultTimeoutSeconds}]
  --format <f>            text, markdown (for a pull request, Mermaid diagram) or json   [default: text]
  --json                  same as --format json
  --markdown              same as --format markdown
  --out <dir>             also write plan.json, plan.md and topology.svg into <dir> (checked before the run)
  --policy-config <file>  per-policy settings, as Pulumi's policy config file:
                          { "<policy>": "disabled" | { "enforcementLevel": "advisory", "<threshold>": 30 } }
  -h, --help              show this help

Exit codes:
  0  planned; no mandatory policy violation
  1  the program failed or cannot be planned (a throw, process.exit, a promise that never settles,
     a syntax error, a missing package, two copies of @pulumi/pulumi), or the state file cannot be read
  2  bad usage: an unknown option or stack, a bad --policy-config, an --out that cannot be written
  3  mandatory policy violations
Every error is one line on stderr.
`;

const assessUsage = `Usage: azure-ai-failover assess [options]

Answers "are all my tier-1 workloads protected in a secondary region?" for a program (run offline, as plan runs
it) or a stack export: per workload its region, zones, copy in a second region, failover automation and drill,
then the gaps, riskiest first, each with the TypeScript that fixes it.

Options:
  --program <dir>, --stack <name>, --config <key=value>   as for plan
  --state <file>          read a \`pulumi stack export\` file instead of running a program
  --timeout <seconds>     give up on a program that has not finished by then   [default: ${defaultTimeoutSeconds}]
  --markdown              Markdown, for a pull request                          [default: text]
  --json                  JSON, for tools
  --out <dir>             also write assessment.json and assessment.md into <dir>
  -h, --help              show this help

Exit codes: 0 every tier-1 workload protected, 1 the stack cannot be read (the program failed, as for
plan), 2 bad usage, 3 a tier-1 workload is unprotected.
`;

/** Both commands' usage, for no command or an unknown one. */
const usage = `${planUsage}\n${assessUsage}`;

/** The usage of the command named first on the command line, else both. */
const usageFor = (command: string | undefined) =>
  command === "plan" ? planUsage : command === "assess" ? assessUsage : usage;

/** Where the CLI writes: process.stdout/stderr, or a capture in tests. */
export interface Writer {
  write(text: string): unknown;
}

/** Runs the CLI; returns the exit code (0 ok, 1 the program cannot be planned, 2 bad usage). */
export async function main(
  argv: string[],
  out: Writer = process.stdout,
  err: Writer = process.stderr,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        program: { type: "string" },
        stack: { type: "string" },
        config: { type: "string", multiple: true },
        json: { type: "boolean" },
        format: { type: "string" },
        out: { type: "string" },
        "policy-config": { type: "string" },
        markdown: { type: "boolean" },
        state: { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    const command = argv.find((a) => !a.startsWith("-"));
    err.write(
      `${oneLine((e as Error).message)}; see \`azure-ai-failover ${command === "assess" ? "assess" : "plan"} --help\`\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(usageFor(positionals[0]));
    return 0;
  }
  if (positionals.length !== 1 || !["plan", "assess"].includes(positionals[0])) {
    err.write(
      `${positionals.length ? `unknown command "${positionals.join(" ")}"` : "no command given"}\n\n${usage}`,
    );
    return 2;
  }
  const config: Record<string, string> = {};
  for (const pair of values.config ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      err.write(`--config takes key=value, but got "${pair}"\n`);
      return 2;
    }
    config[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const formats = new Set([
    ...(values.json ? ["json"] : []),
    ...(values.markdown ? ["markdown"] : []),
    ...(values.format !== undefined ? [values.format] : []),
  ]);
  if (formats.size > 1) {
    err.write(
      `--json, --markdown and --format ask for different formats (${[...formats].join(", ")}): give one\n`,
    );
    return 2;
  }
  const format = [...formats][0] ?? "text";
  if (!["text", "markdown", "json"].includes(format)) {
    err.write(`--format takes text, markdown or json, but got "${format}"\n`);
    return 2;
  }
  if (positionals[0] === "assess") {
    if (values["policy-config"]) {
      err.write(`--policy-config is read by plan, not assess\n`);
      return 2;
    }
  }
  if (values.state && (values.program || values.stack || Object.keys(config).length > 0 || values.timeout)) {
    err.write(`--state reads a stack export: it does not take --program, --stack, --config or --timeout\n`);
    return 2;
  }
  let timeoutSeconds = defaultTimeoutSeconds;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
      err.write(`--timeout takes a number of seconds above 0, but got "${values.timeout}"\n`);
      return 2;
    }
  }
  if (positionals[0] === "assess") return runAssess(values, format, config, timeoutSeconds, out, err);
  let settings: PolicySettings = {};
  if (values["policy-config"]) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(values["policy-config"], "utf8"));
    } catch (e) {
      err.write(
        `--policy-config ${values["policy-config"]} cannot be read as JSON: ${(e as Error).message}\n`,
      );
      return 2;
    }
    const problem = policySettingsProblem(parsed);
    if (problem) {
      err.write(`--policy-config ${values["policy-config"]} ${problem}\n`);
      return 2;
    }
    settings = parsed as PolicySettings;
  }
  // Checked before the plan runs: a plan that cannot be written should not print first and fail after.
  if (values.out && !writable(values.out, err)) return 2;
  try {
    const plan = values.state
      ? planStackExport(readStackExport(values.state))
      : await planProgram({ program: values.program, stack: values.stack, config, timeoutSeconds });
    const analysis = analyze(plan, settings);
    const document = () => `${JSON.stringify(planDocument(plan, analysis), null, 2)}\n`;
    out.write(
      format === "json"
        ? document()
        : format === "markdown"
          ? `${renderMarkdown(plan, analysis)}\n`
          : `${renderTree(plan, analysis)}\n`,
    );
    if (values.out) {
      try {
        fs.mkdirSync(values.out, { recursive: true });
        fs.writeFileSync(path.join(values.out, "plan.json"), document());
        fs.writeFileSync(path.join(values.out, "plan.md"), `${renderMarkdown(plan, analysis)}\n`);
        fs.writeFileSync(path.join(values.out, "topology.svg"), `${svg(analysis.topology)}\n`);
      } catch (e) {
        err.write(`--out ${values.out} cannot be written: ${(e as Error).message}\n`);
        return 2;
      }
    }
    const mandatory = analysis.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    if (mandatory > 0) {
      err.write(`plan: ${mandatory} mandatory policy violation(s)\n`);
      return 3;
    }
    return 0;
  } catch (e) {
    return failed("plan", e, err);
  }
}

/** The exit code and one-line message of a plan or assessment that failed: 2 for usage, 1 for the program. */
function failed(command: string, e: unknown, err: Writer): number {
  if (e instanceof PlanUsageError) {
    err.write(`${oneLine(e.message)}\n`);
    return 2;
  }
  if (e instanceof PlanError) {
    err.write(`${command} failed: ${oneLine(e.message)}\n`);
    return 1;
  }
  throw e;
}

/** `assess`: a program run offline, or a stack export, judged workload by workload. */
async function runAssess(
  values: { program?: string; stack?: string; state?: string; out?: string },
  format: string,
  config: Record<string, string>,
  timeoutSeconds: number,
  out: Writer,
  err: Writer,
): Promise<number> {
  if (values.out && !writable(values.out, err)) return 2;
  try {
    let assessment;
    if (values.state) {
      const state = readStackExport(values.state);
      assessment = assess(state.resources, {
        project: state.project,
        stack: state.stack,
        source: `stack export ${values.state}`,
        defaultLocation: state.defaultLocation,
      });
    } else {
      const plan = await planProgram({
        program: values.program,
        stack: values.stack,
        config,
        timeoutSeconds,
      });
      assessment = assess(programResources(plan.recording), {
        project: plan.project.name,
        stack: plan.project.stack,
        source: `program ${path.relative(process.cwd(), plan.project.dir) || "."}`,
      });
    }
    const json = `${JSON.stringify(assessment, null, 2)}\n`;
    out.write(
      format === "json"
        ? json
        : `${format === "markdown" ? renderAssessmentMarkdown(assessment) : renderAssessmentText(assessment)}\n`,
    );
    if (values.out) {
      try {
        fs.writeFileSync(path.join(values.out, "assessment.json"), json);
        fs.writeFileSync(path.join(values.out, "assessment.md"), `${renderAssessmentMarkdown(assessment)}\n`);
      } catch (e) {
        err.write(`--out ${values.out} cannot be written: ${(e as Error).message}\n`);
        return 2;
      }
    }
    const code = assessExitCode(assessment);
    if (code === 3)
      err.write(
        `assess: ${assessment.summary.tierOneUnprotected.length} tier-1 workload(s) unprotected: ${assessment.summary.tierOneUnprotected.join(", ")}\n`,
      );
    return code;
  } catch (e) {
    return failed("assess", e, err);
  }
}

/** Whether `dir` can be written (created if missing), said on `err` when not. */
function writable(dir: string, err: Writer): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch (e) {
    err.write(`--out ${dir} cannot be written: ${(e as Error).message}\n`);
    return false;
  }
}

/**
 * Runs the CLI as a process: sets the exit code, and ends the process once the output is written, even when a
 * program left a timer or a connection open behind it (which would otherwise keep a failed plan running).
 */
export function runAsProcess(argv: string[]): void {
  const end = (code: number) => {
    process.exitCode = code;
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  };
  main(argv).then(end, (e: unknown) => {
    const frame = e instanceof Error ? /\n\s+at (.*)/.exec(e.stack ?? "")?.[1] : undefined;
    process.stderr.write(
      `plan failed unexpectedly: ${oneLine(e instanceof Error ? e.message : String(e))}${frame ? ` (at ${frame})` : ""}\n`,
    );
    end(1);
  });
}

if (require.main === module) runAsProcess(process.argv.slice(2));
