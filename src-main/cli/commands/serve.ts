// `invlab serve`: browser mode. The same renderer build and the same API as the desktop app,
// over HTTP + WebSocket, on loopback with a random token, for labs whose GPU is on a server
// (reach it with an SSH tunnel).
import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabService } from '../../app';
import { resolveDbPath } from '../../app/tools';
import { startServer } from '../../server';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist-renderer');
export const DEFAULT_PORT = 8420;

export interface ServeOptions {
  port: number;
  host: string;
  db?: string;
  build: boolean;
  backend?: 'auto' | 'tensorflow' | 'native' | 'wasm' | 'cpu';
  workers?: number | 'auto';
  /** Extra host names to answer to (behind a reverse proxy). */
  allowHost?: string[];
  /** Folders the API may read and write besides the data folder. */
  allow?: string[];
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port "${v}": expected a port number 0-65535 (0 picks a free one)`);
  return n;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Build the renderer with vite when dist-renderer/ is missing (a fresh clone). */
export async function ensureRendererBuilt(log: (s: string) => void): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  log('The renderer is not built yet: building it with vite (once, ~30 s)…');
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error('dist-renderer/ is missing and vite is not installed. Run `npm install` then `npx vite build`, or `npm run build`.');
  }
  try {
    await vite.build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } catch (e) {
    throw new Error(`building the renderer failed: ${(e as Error).message}\nRun \`npx vite build\` to see the full error.`);
  }
}

export async function runServe(o: ServeOptions, log: (s: string) => void = (s) => console.log(s)) {
  if (o.build) await ensureRendererBuilt(log);
  const dbPath = resolveDbPath({ db: o.db });
  const service = createLabService({
    dbPath, mode: 'browser', startQueue: true, allowedRoots: (o.allow ?? []).map((d) => resolve(d)),
    ...(o.backend ? { backend: o.backend } : {}), ...(o.workers !== undefined ? { workers: o.workers } : {}),
  });
  let server;
  try {
    server = await startServer({ app: service, port: o.port, host: o.host, staticDir: RENDERER_DIR, allowedHosts: o.allowHost ?? [] });
  } catch (e) {
    await service.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new Error(`port ${o.port} on ${o.host} is in use: pass --port <another> (or --port 0 for any free port)`);
    throw e;
  }
  log(`Invariance Lab (browser mode) on ${dbPath}`);
  log(`Open: ${server.url}`);
  service.warm();
  log(`Paths the app may read and write: ${service.paths.allowed().join(', ')}${o.allow?.length ? '' : ' (add folders with --allow <dir>)'}`);
  if (!LOOPBACK.has(o.host)) {
    log(`Warning: listening on ${o.host}, not loopback. Anyone who can reach this address and has the token can use the lab.`);
  } else {
    log(`From another machine: ssh -L ${server.port}:127.0.0.1:${server.port} <this-host>, then open the URL above.`);
  }
  log('Press Ctrl+C to stop.');
  return {
    server, service,
    async close() {
      await server.close();
      await service.close();
    },
  };
}

export function registerServeCommand(program: Command): Command {
  return program
    .command('serve')
    .description('serve the app in a browser: HTTP + WebSocket on loopback, guarded by a token printed in the URL')
    .option('--port <port>', `port to listen on (0 = any free port)`, parsePort, DEFAULT_PORT)
    .option('--host <host>', 'address to bind; keep the loopback default and use an SSH tunnel for remote access', '127.0.0.1')
    .option('--db <file>', 'database file (default $INVLAB_HOME/invlab.db or ~/.invlab/invlab.db)')
    .option('--no-build', 'do not build the renderer when dist-renderer/ is missing')
    .option('--allow <dir...>', 'folders the app may import from and export to, besides the data folder (repeatable)')
    .option('--allow-host <name...>', 'also answer to these host names (a reverse proxy); others get 421 (DNS rebinding guard)')
    .action(async (opts: { port: number; host: string; db?: string; build: boolean; allowHost?: string[]; allow?: string[] }, cmd: Command) => {
      // --db, --backend and --workers may also be given before `serve` (the CLI's global options).
      const globals = cmd.optsWithGlobals() as { db?: string; backend?: ServeOptions['backend']; workers?: string };
      let workers: ServeOptions['workers'];
      if (globals.workers !== undefined) {
        workers = globals.workers === 'auto' ? 'auto' : Number(globals.workers);
        if (workers !== 'auto' && (!Number.isInteger(workers) || workers < 1)) {
          throw new InvalidArgumentError(`--workers "${globals.workers}": expected a whole number >= 1 or auto`);
        }
      }
      const running = await runServe({ ...opts, db: opts.db ?? globals.db, backend: globals.backend, workers });
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        console.log('Stopping: running jobs pause at their next step and resume on the next start.');
        void running.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
