// DNS rebinding and cross-site sockets: the browser-mode server answers only to the host
// names it is bound to, over HTTP and WebSocket, and a socket's Origin must be one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type LabBackend, type RunningServer } from '../../src-main/server';

const backend: LabBackend = { async call() { return [] as never; }, on() { return () => {}; } };

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

function socket(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => { ws.close(); resolve('open'); });
    ws.once('unexpected-response', (_q, res) => resolve(res.statusCode!));
    ws.once('error', reject);
  });
}

describe('Host and Origin checks', () => {
  let server: RunningServer;
  let port: number;
  beforeAll(async () => {
    const dist = join(mkdtempSync(join(tmpdir(), 'invlab-host-')), 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>lab</title>');
    server = await startServer({ app: backend, staticDir: dist });
    port = server.port;
  });
  afterAll(async () => server?.close());

  it('serves its own names and refuses a rebound host name over HTTP', async () => {
    const q = `/?token=${server.token}`;
    expect((await get(port, q, `127.0.0.1:${port}`)).status).toBe(200);
    expect((await get(port, q, `localhost:${port}`)).status).toBe(200);
    const evil = await get(port, q, `evil.example:${port}`);
    expect(evil.status).toBe(421);
    expect(evil.body).toContain('does not answer to that host name');
  });

  it('refuses a WebSocket with a foreign Host or Origin, even with the token', async () => {
    const url = `ws://127.0.0.1:${port}/ws?token=${server.token}`;
    expect(await socket(url, {})).toBe('open');
    expect(await socket(url, { Origin: `http://127.0.0.1:${port}` })).toBe('open');
    expect(await socket(url, { Host: `evil.example:${port}` })).toBe(421);
    // The rebinding attack: the page's origin and the Host agree, and neither is ours.
    expect(await socket(url, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).toBe(421);
    expect(await socket(url, { Origin: `http://evil.example:${port}` })).toBe(403);
    expect(await socket(url, { Origin: 'null' })).toBe(403);
    expect(await socket(url, { Origin: `file://` })).toBe(403);
  });
});
