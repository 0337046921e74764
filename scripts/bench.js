// `npm run bench`: wall time and peak memory of the offline plan and of a consumer program's start-up.
// A benchmark, not a test: it prints a table and never fails on numbers. Usage: npm run bench [-- --runs 5]
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const probe = path.join(__dirname, "bench-probe.js");
const tsNode = require.resolve("ts-node/dist/bin.js");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

function measure(args, cwd = root) {
  const samples = [];
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["--require", probe, ...args], {
      cwd,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    stdout = child.stdout;
    if (child.status !== 0) {
      throw new Error(
        `benchmark command failed (${args.join(" ")}): ${child.error ? child.error.message : ""}\n${child.stderr}`,
      );
    }
    const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr);
    samples.push({ seconds, mib: rss ? Number(rss[1]) / 1024 : NaN });
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { seconds: median(samples.map((s) => s.seconds)), mib: median(samples.map((s) => s.mib)), stdout };
}

// A consumer program as a user would write it: the library plus the azure-native modules it uses.
const consumerDir = path.join(root, ".bench");
fs.mkdirSync(consumerDir, { recursive: true });
const consumer = path.join(consumerDir, "consumer.ts");
fs.writeFileSync(
  consumer,
  `import * as resources from "@pulumi/azure-native/resources";
import { regionPair, childName } from "../src";
const pair = regionPair({ primary: "eastus2", standby: "centralus" });
export const names = pair.regions.map((r) => childName("agents", "rg", r));
export const rg = resources.ResourceGroup;
`,
);
const rootImport = path.join(consumerDir, "root-import.ts");
fs.writeFileSync(
  rootImport,
  `import * as azure from "@pulumi/azure-native";\nexport const rg = azure.resources.ResourceGroup;\n`,
);

// Programs of growing size: the whole platform with N protected VMs and M model deployments.
function scaleProgram(vms, deployments) {
  const dir = path.join(consumerDir, `scale-${vms}-${deployments}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: scale-${vms}-${deployments}\nruntime: nodejs\n`);
  const sub =
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/app/providers/Microsoft.Compute";
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    `import { WarmStandbyAiPlatform } from "../../src";
const vms = Array.from({ length: ${vms} }, (_, i) => ({
  name: "vm" + i,
  vmId: "${sub}/virtualMachines/vm" + i,
  osDisk: { diskId: "${sub}/disks/vm" + i + "-os" },
  dataDisks: [{ name: "data", diskId: "${sub}/disks/vm" + i + "-data" }],
}));
const deployments = Array.from({ length: ${deployments} }, (_, i) => ({
  name: "model" + i, model: { name: "gpt-4o", version: "2024-11-20" }, capacityThousandTpm: 10,
}));
new WarmStandbyAiPlatform("bench", {
  regions: { primary: "eastus2", standby: "centralus" },
  models: { deployments },
  gateway: {
    publisherEmail: "bench@example.com",
    callers: {
      tenantId: "11111111-2222-3333-4444-555555555555",
      clientApplicationIds: ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
      audiences: ["api://bench-gateway"],
    },
  },
  siteRecovery: { recoverySubnetName: "agents", virtualMachines: vms },
});
`,
  );
  return dir;
}
const plan = path.join(root, "scripts/plan.js");
const scaling = [
  [1, 2],
  [10, 2],
  [50, 2],
  [1, 10],
  [1, 40],
].map(([vms, deployments]) => {
  const result = measure([plan, "--program", scaleProgram(vms, deployments), "--json"]);
  const resources = JSON.parse(result.stdout).summary.resources;
  return [`platform plan, ${vms} VMs, ${deployments} deployments (${resources} resources)`, result];
});

const rows = [
  ["npm run plan (reference program)", measure([path.join(root, "scripts/plan.js")])],
  ["npm run plan -- --json", measure([path.join(root, "scripts/plan.js"), "--json"])],
  ["consumer start-up, type-checked (ts-node)", measure([tsNode, consumer])],
  ["consumer start-up, transpile-only", measure([tsNode, "--transpile-only", consumer])],
  ["for contrast: azure-native package root, type-checked", measure([tsNode, rootImport])],
  ...scaling,
];
fs.rmSync(consumerDir, { recursive: true, force: true });

const width = Math.max(...rows.map(([name]) => name.length));
console.log(`Node ${process.version}, ${os.cpus().length} cores, median of ${runs} runs`);
console.log(`${"what".padEnd(width)}  wall (s)  peak RSS (MiB)`);
for (const [name, { seconds, mib }] of rows) {
  console.log(`${name.padEnd(width)}  ${seconds.toFixed(2).padStart(8)}  ${mib.toFixed(0).padStart(14)}`);
}
