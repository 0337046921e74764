#!/usr/bin/env node
import { parseArgs } from "util";
import { PlanError, planDocument, planProgram, renderTree } from "./plan";

const usage = `Usage: azure-ai-failover plan [options]

Synthesizes a Pulumi program offline (mock runtime, no Azure credentials, no Pulumi CLI) and prints
what it would create.

Options:
  --program <dir>      folder of the Pulumi project (holding Pulumi.yaml)   [default: .]
  --stack <name>       stack whose Pulumi.<stack>.yaml config to use        [default: the only one, else dev]
  --config <key=value> set or override a config value (repeatable)
  --json               print one JSON document instead of text
  -h, --help           show this help
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
  try {
    const plan = await planProgram({ program: values.program, stack: values.stack, config });
    out.write(values.json ? `${JSON.stringify(planDocument(plan), null, 2)}\n` : `${renderTree(plan)}\n`);
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
