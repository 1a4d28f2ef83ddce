#!/usr/bin/env node
// Bundles the Electron main process (ESM) and the preload (CommonJS: sandboxed preloads must
// be) into dist/electron/. The application service is not bundled: main loads it at runtime
// through tsx, exactly as the CLI does, so its worker threads resolve their files as in Node.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'electron');
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'info', external: ['electron'] };

await build({
  ...common,
  entryPoints: [join(root, 'src-main/electron/main.ts')],
  outfile: join(out, 'main.js'),
  format: 'esm',
  // node_modules (tsx, zod) stay external: they ship with the app.
  packages: 'external',
});

await build({
  ...common,
  entryPoints: [join(root, 'src-main/electron/preload.ts')],
  outfile: join(out, 'preload.cjs'),
  format: 'cjs',
  // The sandboxed preload can require only 'electron': everything else is bundled in.
  platform: 'browser',
});
