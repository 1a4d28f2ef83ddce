#!/usr/bin/env node
// `npm start`: build if needed, make better-sqlite3 for Electron's ABI (kept apart from Node's
// build, which the tests use), then launch Electron. Where the Electron binary could not be
// downloaded, say so and point to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron executable, found without `require('electron')` (which tries to download it). */
function electronBinary() {
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
  const bin = join(dist, rel);
  return existsSync(bin) ? bin : null;
}

function fail(msg) {
  console.error(msg);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) fail(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status}).`);
}

/**
 * better-sqlite3 compiled for Electron, in .electron-native/ so node_modules keeps Node's build.
 * The store passes INVLAB_SQLITE_BINDING to better-sqlite3's `nativeBinding` option.
 */
async function electronSqliteBinding(electronVersion) {
  const nativeRoot = join(root, '.electron-native');
  const modDir = join(nativeRoot, 'node_modules', 'better-sqlite3');
  const binding = join(modDir, 'build', 'Release', 'better_sqlite3.node');
  const sqliteVersion = require(join(root, 'node_modules', 'better-sqlite3', 'package.json')).version;
  const stampFile = join(nativeRoot, 'stamp.json');
  const stamp = JSON.stringify({ electronVersion, sqliteVersion, arch: process.arch });
  if (existsSync(binding) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return binding;

  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`);
  rmSync(nativeRoot, { recursive: true, force: true });
  mkdirSync(join(nativeRoot, 'node_modules'), { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), modDir, { recursive: true });
  rmSync(join(modDir, 'build'), { recursive: true, force: true });
  writeFileSync(join(nativeRoot, 'package.json'), JSON.stringify({ name: 'invlab-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: nativeRoot, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  if (!existsSync(binding)) fail(`The Electron build of better-sqlite3 was not produced at ${binding}.`);
  writeFileSync(stampFile, stamp);
  return binding;
}

const bin = electronBinary();
if (!bin) {
  fail([
    'Electron is not available: its binary is missing from node_modules/electron (it is downloaded',
    'at install time, which was not possible here).',
    '',
    'Use browser mode instead, the same app in your browser:',
    '    npx invlab serve',
    '',
    'To get the desktop app, install Electron where downloads work: `npx install-electron` (or',
    'delete node_modules/electron and run `npm install`), then `npm start` again.',
  ].join('\n'));
}

if (!existsSync(join(root, 'dist-renderer', 'index.html')) || !existsSync(join(root, 'dist', 'electron', 'main.js'))) {
  console.log('Building the renderer and the Electron bundles…');
  run('npx', ['vite', 'build']);
  run(process.execPath, [join(root, 'scripts', 'build-electron.mjs')]);
}

const electronVersion = require(join(root, 'node_modules', 'electron', 'package.json')).version;
let binding;
try {
  binding = await electronSqliteBinding(electronVersion);
} catch (e) {
  fail(`Could not build better-sqlite3 for Electron ${electronVersion}: ${e.message}\n` +
    'It needs a C++ toolchain (build-essential / Xcode / MSVC) or a prebuilt binary download. Browser mode needs neither: npx invlab serve');
}

const child = spawn(bin, [root, ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit', env: { ...process.env, INVLAB_SQLITE_BINDING: binding },
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 0));
