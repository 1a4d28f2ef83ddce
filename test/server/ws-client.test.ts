// The renderer's browser-mode transport (src-renderer/src/api/ws-client.ts) against the real
// server: calls, typed errors, pushed events, and what happens when the connection drops.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type LabBackend, type RunningServer } from '../../src-main/server';
import { createWsLab, LabCallError } from '../../src-renderer/src/api/ws-client';
import type { LabEvents } from '../../shared/contract';
import { validateRequest } from '../../shared/contract-schemas';

(globalThis as unknown as { WebSocket: unknown }).WebSocket = WebSocket;

function backend() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const app: LabBackend = {
    async call(method, req) {
      const valid = validateRequest(method, req); // as the real service does (the transport does not)
      if (!valid.ok) throw valid.error;
      if (method === 'experiments.get') throw Object.assign(new Error('experiment x not found'), { code: 'not-found' });
      if (method === 'jobs.epochs') return new Promise(() => {}) as never; // never answers
      return { method, req: valid.req } as never;
    },
    on(event, l) {
      const s = listeners.get(event) ?? new Set();
      s.add(l as (p: unknown) => void);
      listeners.set(event, s);
      return () => void s.delete(l as (p: unknown) => void);
    },
  };
  const emit = <E extends keyof LabEvents>(e: E, p: LabEvents[E]) => listeners.get(e)?.forEach((l) => l(p));
  return { app, emit };
}

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('renderer WebSocket transport', () => {
  it('calls methods, queues calls made while connecting, and receives events', async () => {
    const b = backend();
    server = await startServer({ app: b.app, staticDir: '/nonexistent' });
    const lab = createWsLab(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    // Sent before the socket is open: must wait, not fail.
    const r = await lab.call('datasets.import', { path: '/data/x' });
    expect(r).toEqual({ method: 'datasets.import', req: { path: '/data/x' } });
    expect(lab.state()).toBe('open');
    const got = new Promise((resolve) => lab.on('job.log', resolve));
    b.emit('job.log', { jobId: 'j1', level: 'info', message: 'epoch 1' });
    expect(await got).toEqual({ jobId: 'j1', level: 'info', message: 'epoch 1' });
    lab.close();
  });

  it('rejects with the service error code, and with field errors for bad requests', async () => {
    server = await startServer({ app: backend().app, staticDir: '/nonexistent' });
    const lab = createWsLab(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const e1 = await lab.call('experiments.get', { id: 'x' }).catch((e) => e);
    expect(e1).toBeInstanceOf(LabCallError);
    expect(e1).toMatchObject({ code: 'not-found', message: 'experiment x not found' });
    const e2 = await lab.call('datasets.samples', { id: 'd', perClass: 0 }).catch((e) => e);
    expect(e2).toMatchObject({ code: 'bad-request' });
    expect(e2.fields[0].field).toBe('perClass');
    lab.close();
  });

  it('fails calls in flight when the server goes away, then reconnects', async () => {
    const b = backend();
    server = await startServer({ app: b.app, staticDir: '/nonexistent' });
    const port = server.port;
    const token = server.token;
    const lab = createWsLab(`ws://127.0.0.1:${port}/ws?token=${token}`);
    await lab.call('app.info', undefined);
    const states: string[] = [];
    lab.onState((s) => states.push(s));
    const hanging = lab.call('jobs.epochs', { jobId: 'j' });
    await server.close();
    await expect(hanging).rejects.toThrow(/connection to the lab server was lost/);
    server = await startServer({ app: b.app, staticDir: '/nonexistent', port, token });
    await expect.poll(() => lab.state(), { timeout: 5000 }).toBe('open');
    // A void request reaches the service's handler as undefined, whatever the client sent.
    expect(await lab.call('app.info', undefined)).toEqual({ method: 'app.info' });
    expect(states).toContain('closed');
    lab.close();
  });
});
