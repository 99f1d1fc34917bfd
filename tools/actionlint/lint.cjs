// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint compiled to WebAssembly)
// and prints the problems as JSON: [{file, line, column, message, kind}, ...]. It exits 0 either
// way: the caller (tests/test_workflows.py) decides. The package's own CLI and ESM entry need
// chalk 5 (ESM only) or are broken, so the linter is loaded from its CommonJS build by path.
"use strict";
const { readFile } = require("node:fs/promises");
const path = require("node:path");

// Go's wasm_exec.js wants the Web Crypto global, which Debian 12's Node 18 has only under crypto.
globalThis.crypto ??= require("node:crypto").webcrypto;
const { runLint } = require(
  path.join(__dirname, "node_modules", "@tktco", "node-actionlint", "build", "run-lint.js"),
);

async function main(files) {
  const problems = [];
  for (const file of files) {
    for (const { line, column, message, kind } of await runLint(await readFile(file, "utf-8"), file)) {
      problems.push({ file, line, column, message, kind });
    }
  }
  process.stdout.write(JSON.stringify(problems) + "\n");
  process.exit(0);
}

main(process.argv.slice(2));
