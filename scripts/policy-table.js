// `npm run policies`: writes docs/policies.md, the list of every policy of the pack (name, severity, level, what
// it checks, the resource types it reads, Microsoft's sources), from the checks themselves. A test keeps it current.
const fs = require("fs");
const path = require("path");

const areas = {
  frontdoor: "Front Door (Standard/Premium and classic)",
  models: "AI Services / Azure OpenAI accounts and deployments",
  gateway: "API Management (the AI gateway)",
  network: "Networking: VNets, NSGs, flow logs, firewalls, public IPs, DDoS, private endpoints",
  recovery: "Recovery Services: vaults, backup and Site Recovery",
  automation: "Automation accounts and Service Health failover",
  data: "Data: storage, Key Vault, PostgreSQL flexible server, Cosmos DB",
  compute: "Compute: VMs, scale sets, disks, AKS",
  apps: "App Service, Functions and Container Apps",
  monitor: "Monitoring: Log Analytics, alerts, action groups, diagnostic settings",
};

const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

/** The Markdown of docs/policies.md for the given checks. */
function policyTable(checks) {
  const lines = [
    "# Policies of the pack",
    "",
    "<!-- Written by `npm run policies` (scripts/policy-table.js) from src/policies/<area>/<check>.ts: do not edit. -->",
    "",
    `${checks.length} policies, ${checks.filter((c) => c.enforcementLevel === "mandatory").length} mandatory by default. ` +
      "Each runs in `pulumi preview --policy-pack` and in `azure-ai-failover plan`; set a policy's level or thresholds " +
      "with Pulumi's policy config file (`--policy-pack-config`, or `plan --policy-config`).",
    "",
  ];
  for (const [area, title] of Object.entries(areas)) {
    const mine = checks.filter((c) => c.area === area);
    if (mine.length === 0) continue;
    lines.push(
      `## ${title}`,
      "",
      "| policy | severity | level | checks | reads | sources |",
      "|---|---|---|---|---|---|",
    );
    for (const c of mine) {
      const thresholds = Object.entries(c.config ?? {})
        .map(([k, v]) => ` Threshold \`${k}\` (default ${JSON.stringify(v.default)}).`)
        .join("");
      const types = c.resourceTypes.map((t) => `\`${t.replace(/^azure-native:/, "")}\``).join(", ");
      const sources = c.sources.map((s, i) =>
        s.startsWith("http") ? `[${i + 1}](${s})` : `\`${s.split("/").pop()}\``,
      );
      lines.push(
        `| \`${c.name}\` | ${c.severity} | ${c.enforcementLevel} | ${cell(c.description + thresholds)} | ${types} | ${sources.join(" ")} |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

module.exports = { policyTable };

if (require.main === module) {
  require("ts-node").register({ transpileOnly: true });
  const { resilienceChecks } = require("../src/policies/pack.ts");
  const file = path.join(__dirname, "..", "docs", "policies.md");
  fs.writeFileSync(file, policyTable(resilienceChecks));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}: ${resilienceChecks.length} policies\n`);
}
