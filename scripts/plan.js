// `npm run plan`: runs the CLI from the TypeScript sources (no build needed), transpiling without type
// checking (type checking is `npm run build`'s job). Plans the root Pulumi.yaml program unless --program says otherwise.
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const { main } = require("../src/cli.ts");

const args = process.argv.slice(2);
main(args[0] === "plan" ? args : ["plan", ...args]).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`plan failed unexpectedly: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
