/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS require hook */
/**
 * Lets a child process run the TypeScript sources directly (node -r this-file x.ts): .ts files are
 * compiled on require with @swc/core, as Jest does. Test support only.
 */
const fs = require('node:fs');
const Module = require('node:module');
const swc = require('@swc/core');

Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
