// Part of `npm run build`: copies the runbook files (Python, PowerShell) next to the compiled code, where
// FailoverAutomation reads them to publish the runbooks.
const fs = require("fs");
const path = require("path");

const from = path.join(__dirname, "..", "src", "automation", "runbooks");
const to = path.join(__dirname, "..", "dist", "automation", "runbooks");
fs.mkdirSync(to, { recursive: true });
for (const file of fs.readdirSync(from)) {
  if (/\.(py|ps1)$/.test(file)) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

// The shapes of azure-native's outputs the offline mocks fill stand-ins from (src/testing/standins.ts reads the file
// lazily with require, so tsc does not copy it).
fs.copyFileSync(
  path.join(__dirname, "..", "src", "testing", "standin-shapes.json"),
  path.join(__dirname, "..", "dist", "testing", "standin-shapes.json"),
);

// The command's entry point must stay executable: tsc writes it without the run bit, and `npx azure-ai-failover`
// (or the installed bin) runs the file itself.
fs.chmodSync(path.join(__dirname, "..", "dist", "cli.js"), 0o755);
