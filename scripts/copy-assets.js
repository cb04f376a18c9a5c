#!/usr/bin/env node
/** Copies the data files (JSON catalogues, fonts, …) next to the compiled code, and makes the CLI executable. */
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}
for (const top of ['src', 'bots', 'workers']) {
  for (const file of walk(path.join(root, top))) {
    if (file.endsWith('.ts')) continue;
    const out = path.join(root, 'dist', path.relative(root, file));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.copyFileSync(file, out);
  }
}

// the `sipsleuth` bin must be executable for `npx sipsleuth` in a fresh clone: npm links the bin
// before `prepare` builds it, so the mode it would set is not there to set
const bin = path.join(root, 'dist', 'src', 'cli', 'main.js');
if (fs.existsSync(bin)) {
  fs.chmodSync(bin, 0o755);
}
