#!/usr/bin/env node
// The published entry point: the bundled CLI lives in dist/ (built by `npm ci` through `prepare`).
import('../dist/bin.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write('updoc: the CLI is not built yet; run `npm run build` in the updoc directory.\n');
    process.exit(2);
  }
  throw error;
});
