#!/usr/bin/env node
/**
 * Keeps the pure core pure: src/formats, src/sip, src/calls, src/diagnosis, src/stats and src/ask
 * may not import the network, Redis, queues, bots, the filesystem or the process environment, nor
 * read the clock. src/ may not import workers/ or bots/, except src/cli, the composition root that
 * wires the edges together; bots/slack and bots/teams not each other.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const PURE = ['src/formats', 'src/sip', 'src/calls', 'src/diagnosis', 'src/analyze', 'src/stats', 'src/ask'];
const FORBIDDEN_IMPORTS = [
  /^node:(fs|net|dgram|http|https|child_process|tls|dns)(\/|$)/,
  /^(fs|net|dgram|http|https|child_process|tls|dns)(\/promises)?$/,
  /^(ioredis|bullmq|chokidar|pino|@slack\/|botbuilder|prom-client)/,
  /(^|\/)(ingest|store\/redis|service|cli|config)(\/|$)/,
];
const FORBIDDEN_CODE = [
  [/\bprocess\.env\b/, 'reads process.env'],
  [/\bDate\.now\(\)/, 'reads the clock (Date.now)'],
  [/\bnew Date\(\)/, 'reads the clock (new Date())'],
  [/\bperformance\.now\(\)/, 'reads the clock (performance.now)'],
];

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const importRe = /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const file of walk(path.join(root, 'src')).concat(walk(path.join(root, 'bots')))) {
  const rel = path.relative(root, file);
  const text = fs.readFileSync(file, 'utf8');
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const imports = [...code.matchAll(importRe)].map((m) => m[1] || m[2] || m[3]);
  const pure = PURE.some((p) => rel.startsWith(p + '/'));
  for (const spec of imports) {
    const resolved = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)) : spec;
    if (rel.startsWith('src/') && !rel.startsWith('src/cli/') && /^(workers|bots)(\/|$)/.test(resolved)) {
      problems.push(`${rel}: src/ imports ${spec}`);
    }
    if (rel.startsWith('bots/slack/') && resolved.startsWith('bots/teams')) problems.push(`${rel}: slack imports teams`);
    if (rel.startsWith('bots/teams/') && resolved.startsWith('bots/slack')) problems.push(`${rel}: teams imports slack`);
    if (pure && FORBIDDEN_IMPORTS.some((re) => re.test(spec.startsWith('.') ? resolved.replace(/^src\//, '') : spec))) {
      problems.push(`${rel}: the pure core imports ${spec}`);
    }
  }
  if (pure) {
    for (const [re, why] of FORBIDDEN_CODE) {
      if (re.test(code)) problems.push(`${rel}: the pure core ${why}`);
    }
  }
}
if (problems.length) {
  console.error(`dependency check failed:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('dependency check: the pure core is pure');
