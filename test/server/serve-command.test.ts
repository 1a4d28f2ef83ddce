// `invlab serve` over the real application service on a temp database.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import WebSocket from 'ws';
import { registerServeCommand, runServe } from '../../src-main/cli/commands/serve';

const tmp = mkdtempSync(join(tmpdir(), 'invlab-serve-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function rpc(url: string, msg: object): Promise<any> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify(msg)));
    ws.once('message', (d) => {
      resolve(JSON.parse(d.toString()));
      ws.close();
    });
  });
}

describe('invlab serve', () => {
  it('declares --port, --host (loopback default), --db and --no-build, and names a bad port', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    const cmd = registerServeCommand(program).exitOverride();
    expect(cmd.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--port', '--host', '--db', '--no-build']));
    expect(cmd.options.find((o) => o.long === '--host')!.defaultValue).toBe('127.0.0.1');
    await expect(program.parseAsync(['serve', '--port', 'abc'], { from: 'user' })).rejects.toThrow('--port "abc": expected a port number');
  });

  it('serves the real service in browser mode on loopback with a token', async () => {
    const lines: string[] = [];
    const running = await runServe({ port: 0, host: '127.0.0.1', db: join(tmp, 'lab', 'invlab.db'), build: false }, (s) => lines.push(s));
    try {
      const { server } = running;
      expect(lines.join('\n')).toContain(`Open: ${server.url}`);
      expect(lines.join('\n')).toContain('ssh -L');
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(403);
      const info = await rpc(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { id: 1, method: 'app.info' });
      expect(info.ok).toBe(true);
      expect(info.res.mode).toBe('browser');
      const list = await rpc(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { id: 2, method: 'datasets.list' });
      expect(list).toEqual({ id: 2, ok: true, res: [] });
      // A second server on the same port says which port is taken.
      await expect(runServe({ port: server.port, host: '127.0.0.1', db: join(tmp, 'b', 'invlab.db'), build: false }, () => {}))
        .rejects.toThrow(`port ${server.port} on 127.0.0.1 is in use`);
    } finally {
      await running.close();
    }
  });
});
