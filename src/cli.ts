#!/usr/bin/env node
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PlanError, analyze, planDocument, planProgram, renderMarkdown, renderTree, svg } from "./plan";
import { PolicySettings, policySettingsProblem } from "./policies/run";

const usage = `Usage: azure-ai-failover plan [options]

Synthesizes a Pulumi program offline (mock runtime, no Azure credentials, no Pulumi CLI) and prints
what it would create, the resilience policy results, the failover-time budget and a topology diagram.

Options:
  --program <dir>         folder of the Pulumi project (holding Pulumi.yaml)   [default: .]
  --stack <name>          stack whose Pulumi.<stack>.yaml config to use        [default: the only one, else dev]
  --config <key=value>    set or override a config value (repeatable)
  --format <f>            text, markdown (for a pull request, Mermaid diagram) or json   [default: text]
  --json                  same as --format json
  --out <dir>             also write plan.json, plan.md and topology.svg into <dir>
  --policy-config <file>  per-policy settings, as Pulumi's policy config file:
                          { "<policy>": "disabled" | { "enforcementLevel": "advisory", "<threshold>": 30 } }
  -h, --help              show this help

Exit codes: 0 ok, 1 the program cannot be planned, 2 bad usage, 3 mandatory policy violations.
`;

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
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(usage);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "plan") {
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
  const format = values.json ? "json" : (values.format ?? "text");
  if (!["text", "markdown", "json"].includes(format)) {
    err.write(`--format takes text, markdown or json, but got "${format}"\n`);
    return 2;
  }
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
  if (values.out) {
    // Checked before the plan runs: a plan that cannot be written should not print first and fail after.
    try {
      fs.mkdirSync(values.out, { recursive: true });
      fs.accessSync(values.out, fs.constants.W_OK);
    } catch (e) {
      err.write(`--out ${values.out} cannot be written: ${(e as Error).message}\n`);
      return 2;
    }
  }
  try {
    const plan = await planProgram({ program: values.program, stack: values.stack, config });
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
    if (e instanceof PlanError) {
      err.write(`plan failed: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(
        `plan failed unexpectedly: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
