import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../src-main/server';
import type { LabBackend } from '../../src-main/server';
import type { LabEvents } from '../../shared/contract';
import { validateRequest } from '../../shared/contract-schemas';

// A test double of the application service: records what the transport forwards, validates it
// as the real service does (the one validation; the transport forwards as received), answers a
// few methods, emits events.
function fakeBackend() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { method: string; req: unknown }[] = [];
  const backend: LabBackend = {
    async call(method, req) {
      calls.push({ method, req });
      const valid = validateRequest(method, req);
      if (!valid.ok) throw valid.error;
      if (method === 'datasets.list') return [] as never;
      if (method === 'experiments.get') {
        throw Object.assign(new Error(`experiment ${(req as { id: string }).id} not found`), { code: 'not-found' });
      }
      if (method === 'jobs.pause') throw new Error('disk on fire');
      return { echo: method } as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const emit = <E extends keyof LabEvents>(event: E, payload: LabEvents[E]) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  return { backend, calls, emit, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

function openSocket(url: string, headers?: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function nextMessage(ws: WebSocket): Promise<any> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
}

async function rpc(ws: WebSocket, msg: unknown): Promise<any> {
  const reply = nextMessage(ws);
  ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  return reply;
}

describe('browser-mode server', () => {
  let server: RunningServer;
  let fake: ReturnType<typeof fakeBackend>;
  let base: string;
  let wsUrl: string;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'invlab-static-'));
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Invariance Lab</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    fake = fakeBackend();
    server = await startServer({ app: fake.backend, staticDir: dist });
    base = `http://127.0.0.1:${server.port}`;
    wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  });
  afterAll(async () => server?.close());

  it('binds to loopback and prints a URL with a random token', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses HTTP requests without the right token', async () => {
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(403);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(403);
    expect((await fetch(`${base}/?token=${server.token}x`)).status).toBe(403);
  });

  it('serves the renderer with the token, then by the cookie it set', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Invariance Lab');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('never serves files outside the build folder', async () => {
    const cookie = `invlab_token=${server.token}`;
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await fetch(`${base}${path}`, { headers: { cookie } });
      expect(await r.text()).not.toContain('do not serve');
    }
  });

  it('refuses WebSocket upgrades without the token or from another origin', async () => {
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws?token=nope`)).rejects.toThrow(/403/);
    await expect(openSocket(wsUrl, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers contract calls and passes typed service errors through', async () => {
    const ws = await openSocket(wsUrl, { Origin: base });
    expect(await rpc(ws, { id: 1, method: 'datasets.list' })).toEqual({ id: 1, ok: true, res: [] });
    expect(await rpc(ws, { id: 'a', method: 'app.info', req: null })).toEqual({ id: 'a', ok: true, res: { echo: 'app.info' } });
    const nf = await rpc(ws, { id: 2, method: 'experiments.get', req: { id: 'x1' } });
    expect(nf).toEqual({ id: 2, ok: false, error: { code: 'not-found', message: 'experiment x1 not found' } });
    const internal = await rpc(ws, { id: 3, method: 'jobs.pause', req: { id: 'j' } });
    expect(internal.error).toEqual({ code: 'internal', message: 'disk on fire' });
    ws.close();
  });

  it('rejects bad messages with a clear error and keeps the connection', async () => {
    const ws = await openSocket(wsUrl);
    const before = fake.calls.length;
    expect((await rpc(ws, '{not json')).error).toEqual({ code: 'bad-request', message: 'message is not valid JSON' });
    expect((await rpc(ws, { method: 'app.info' })).error.message).toMatch(/^bad message: id/);
    expect((await rpc(ws, { id: 4, method: 'fs.readFile', req: {} })).error.message).toBe('unknown method "fs.readFile"');
    const bad = await rpc(ws, { id: 5, method: 'datasets.import', req: { name: 3 } });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('bad-request');
    expect(bad.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['name', 'path']);
    const badFigure = await rpc(ws, { id: 6, method: 'results.figure', req: { experimentId: 'e', figure: 'pie-chart' } });
    expect(badFigure.error.fields[0].field).toBe('figure');
    // The parseable messages reached the service exactly as sent; its bad-request errors came back.
    expect(fake.calls.slice(before)).toEqual([
      { method: 'fs.readFile', req: {} }, { method: 'datasets.import', req: { name: 3 } },
      { method: 'results.figure', req: { experimentId: 'e', figure: 'pie-chart' } },
    ]);
    expect(await rpc(ws, { id: 7, method: 'datasets.list' })).toEqual({ id: 7, ok: true, res: [] });
    ws.close();
  });

  it('pushes events to every connected client', async () => {
    const a = await openSocket(wsUrl);
    const b = await openSocket(wsUrl);
    const got = Promise.all([nextMessage(a), nextMessage(b)]);
    fake.emit('dataset.importProgress', { path: '/data/x', done: 3, total: 10 });
    const [ma, mb] = await got;
    expect(ma).toEqual({ event: 'dataset.importProgress', payload: { path: '/data/x', done: 3, total: 10 } });
    expect(mb).toEqual(ma);
    a.close();
    b.close();
  });

  it('unsubscribes from the service on close', async () => {
    const fake2 = fakeBackend();
    const s = await startServer({ app: fake2.backend, staticDir: '/nonexistent' });
    expect(fake2.listenerCount()).toBe(7);
    const r = await fetch(s.url);
    expect(r.status).toBe(503);
    expect(await r.text()).toMatch(/vite build/);
    await s.close();
    expect(fake2.listenerCount()).toBe(0);
  });
});
