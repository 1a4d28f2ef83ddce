// The browser API may touch only the data folder and the folders the server was told to
// allow, never overwrites without the explicit flag, and never blocks the server's event
// loop: the real service and the real WebSocket server, a real report export.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { PATH_FIELDS, REQUEST_SCHEMAS, filePath } from '../../shared/contract-schemas';
import { createLabService, type LabService } from '../../src-main/app';
import { runOffLoop } from '../../src-main/app/off-loop';
import { startServer, type RunningServer } from '../../src-main/server';
import { fakeDataset } from '../store/helpers';

const RUNNERS = path.join(__dirname, '..', 'jobs', 'fixtures', 'fake-runners.ts');
let tmp: string, allowed: string, outside: string;
let service: LabService;
let server: RunningServer;
let ws: WebSocket;
let expId: string;
let next = 1;

function rpc(method: string, req: unknown): Promise<{ ok: boolean; res?: any; error?: { code: string; message: string; fields?: { field: string }[] } }> {
  const id = next++;
  return new Promise((resolve) => {
    const on = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString());
      if (m.id === id) { ws.off('message', on); resolve(m); }
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, method, req }));
  });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-paths-'));
  allowed = path.join(tmp, 'allowed');
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(allowed);
  fs.mkdirSync(outside);
  service = createLabService({ dbPath: path.join(tmp, 'lab', 'lab.db'), backend: 'cpu', workers: 1, runnersModule: RUNNERS, allowedRoots: [allowed, '/proc'] });
  service.store.datasets.save(fakeDataset(), path.join(tmp, 'lab', 'datasets', 'ds1'));
  expId = (await service.call('experiments.create', { spec: { dataset: 'ds1', transformations: ['rot90'], seenCounts: [0] }, start: false })).id;
  server = await startServer({ app: service, staticDir: path.join(tmp, 'none') });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws?.close();
  await server?.close();
  await service?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const exportTo = (outDir: string, extra: Record<string, unknown> = {}) => rpc('reports.export', { experimentId: expId, outDir, formats: ['html', 'csv'], ...extra });

describe('path confinement over the real WebSocket', () => {
  it('refuses to write outside the allowed folders, naming the field and the folders', async () => {
    const target = path.join(outside, 'report');
    const r = await exportTo(target);
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('bad-request');
    expect(r.error!.message).toContain(`outDir: ${target} is outside the folders this lab may write to`);
    expect(r.error!.message).toContain(allowed);
    expect(r.error!.fields![0]!.field).toBe('outDir');
    expect(fs.existsSync(target)).toBe(false);
    // The filesystem root: nothing created there either.
    const root = `/invlab-fault-test-${process.pid}`;
    expect((await exportTo(`${root}/deep/er`)).error!.message).toContain('is outside the folders');
    expect(fs.existsSync(root)).toBe(false);
    // Relative paths mean nothing to a browser: refused.
    expect((await exportTo('report')).error!.message).toContain('not an absolute path');
  });

  it('follows symbolic links before deciding: a link inside an allowed folder cannot lead out', async () => {
    fs.symlinkSync(outside, path.join(allowed, 'sneaky'));
    const r = await exportTo(path.join(allowed, 'sneaky', 'r'));
    expect(r.error!.message).toMatch(/sneaky\/r \(-> .*outside\/r\) is outside/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('refuses to read (import) outside the allowed folders', async () => {
    fs.mkdirSync(path.join(outside, 'cats'), { recursive: true });
    const r = await rpc('datasets.import', { path: outside });
    expect(r.error!.code).toBe('bad-request');
    expect(r.error!.message).toContain(`path: ${outside} is outside the folders this lab may read`);
  });

  it('writes inside, then never overwrites an existing file without the flag', async () => {
    const dir = path.join(allowed, 'r1');
    const first = await exportTo(dir);
    expect(first.ok).toBe(true);
    const html = path.join(dir, 'report.html');
    const before = fs.readFileSync(html, 'utf8');
    fs.writeFileSync(html, 'the user edited this');
    const again = await exportTo(dir);
    expect(again.ok).toBe(false);
    expect(again.error!.code).toBe('conflict');
    expect(again.error!.message).toContain('already holds report.html; nothing was written');
    expect(fs.readFileSync(html, 'utf8')).toBe('the user edited this');
    const forced = await exportTo(dir, { overwrite: true });
    expect(forced.ok).toBe(true);
    expect(fs.readFileSync(html, 'utf8').slice(0, 200)).toBe(before.slice(0, 200));
    // No temporary files left behind.
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('lists every path field of every request schema in PATH_FIELDS', () => {
    for (const [method, schema] of Object.entries(REQUEST_SCHEMAS)) {
      const shape = (schema as z.ZodObject).shape as Record<string, unknown> | undefined;
      if (!shape) continue;
      const pathFields = Object.entries(shape).filter(([, s]) => s === filePath).map(([k]) => k);
      expect((PATH_FIELDS[method as keyof typeof PATH_FIELDS] ?? []).map((f) => f.field), method).toEqual(pathFields);
    }
  });
});

describe('the event loop is never blocked by a request', () => {
  it('an export to a folder under /proc fails at once with the cause, and the server keeps answering', async () => {
    const t0 = Date.now();
    const pending = exportTo('/proc/invlab-fault-test/report');
    const info = await rpc('datasets.list', null); // answered while the export runs
    expect(info.ok).toBe(true);
    const r = await pending;
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(/\/proc\/invlab-fault-test.*(does not exist and cannot be created|not permitted|ENOENT)/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('work that does not finish is stopped at its time limit with a clear error, the loop free meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 50);
    const task = new URL('./fixtures/spin-task.ts', import.meta.url);
    await expect(runOffLoop(task, {}, { what: 'export the report to /mnt/hung', timeoutMs: 1500 }))
      .rejects.toThrow('could not export the report to /mnt/hung within 2 s: the file system does not answer');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(10);
    expect(await runOffLoop(task, { ms: 10 }, { what: 'x', timeoutMs: 20_000 })).toBe('finished');
  });
});
