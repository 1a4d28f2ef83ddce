#!/usr/bin/env node
// `npm install` (the root package's install script) and `npm run build:native`: builds the oneDNN
// addon in native/ with node-gyp where Debian's libdnnl-dev (or another oneDNN 2.x install) and a
// C++ compiler are present. It never fails the install: where the addon cannot be built it prints
// ONE line saying why, leaves the reason in native/build/UNAVAILABLE (the app gives it as the
// reason it runs on wasm), and exits 0. INVLAB_NATIVE=0 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'native');
const note = join(dir, 'build', 'UNAVAILABLE');
const addon = join(dir, 'build', 'Release', 'invlab_native.node');
const require = createRequire(import.meta.url);

function unavailable(why) {
  const line = `native backend unavailable: ${why}; the app uses wasm`;
  rmSync(addon, { force: true }); // a stale build must not load when this one could not be made
  mkdirSync(dirname(note), { recursive: true });
  writeFileSync(note, why + "\n"); // the reason alone: the app words it itself
  console.log(`invlab: ${line}`);
  process.exit(0);
}

function has(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

if (process.env.INVLAB_NATIVE === '0') unavailable('INVLAB_NATIVE=0 at install');
const cxx = process.env.CXX ?? 'c++';
if (!has(cxx, ['--version'])) unavailable(`no C++ compiler (${cxx}; apt-get install g++)`);
// The compiler's own search path decides, so a oneDNN outside /usr works with CPATH/LIBRARY_PATH.
const probe = spawnSync(cxx, ['-x', 'c++', '-std=c++17', '-E', '-'], { input: '#include <oneapi/dnnl/dnnl.hpp>\n', stdio: ['pipe', 'ignore', 'ignore'] });
if (probe.status !== 0) unavailable('oneDNN headers not found (apt-get install libdnnl-dev)');

let nodeGyp = process.env.npm_config_node_gyp;
if (!nodeGyp || !existsSync(nodeGyp)) {
  try { nodeGyp = require.resolve('node-gyp/bin/node-gyp.js'); } catch { nodeGyp = null; }
}
if (!nodeGyp) unavailable('node-gyp not found (it ships with npm)');

rmSync(note, { force: true });
const args = [nodeGyp, 'rebuild', '--directory', dir];
if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) args.push('--nodedir=/usr');
const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, JOBS: process.env.JOBS ?? '2' } });
if (r.status !== 0 || !existsSync(addon)) {
  const out = `${r.stdout}\n${r.stderr}`;
  const first = out.split('\n').find((l) => /error:|cannot find -l|undefined reference/.test(l))?.trim() ?? `node-gyp exited with ${r.status}`;
  unavailable(`the addon did not build (${first.slice(0, 200)})`);
}
const check = spawnSync(process.execPath, ['-e', `const i = require(${JSON.stringify(addon)}).info(); console.log('oneDNN ' + i.version + ', ' + i.isa)`], { encoding: 'utf8' });
if (check.status !== 0) unavailable(`the addon built but does not load (${(check.stderr.split('\n').find((l) => l.trim()) ?? '').slice(0, 200)})`);
console.log(`invlab: native backend built (${check.stdout.trim()})`);
