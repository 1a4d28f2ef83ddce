// Browser mode: the renderer build over HTTP and the contract as JSON over a WebSocket, on
// loopback by default, every request guarded by the token printed in the URL.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer, WebSocket } from 'ws';
import type { LabBackend } from './backend';
import { LAB_EVENTS } from '../../shared/contract-schemas';
import { toLabError } from '../app/errors';
import { parseClientMessage, type ServerMessage } from './protocol';
import { TOKEN_COOKIE, allowedHostNames, cookieToken, hostAllowed, newToken, originAllowed, sameToken } from './auth';
import { resolveStatic, sendFile } from './static-files';

export type { LabBackend } from './backend';

export interface ServerOptions {
  app: LabBackend;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The renderer build (vite output), e.g. dist-renderer/. */
  staticDir: string;
  /** Fixed token (tests); a random one by default. */
  token?: string;
  /** Largest accepted WebSocket frame in bytes. */
  maxPayload?: number;
  /** Host names accepted besides the bound one (a reverse proxy's name, `--allow-host`). */
  allowedHosts?: string[];
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';

const SECURITY_HEADERS: Record<string, string> = {
  // The token is in the URL: never leak it through a Referer header.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

function forbidden(res: ServerResponse): void {
  res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('403 Forbidden: missing or wrong token. Open the full URL that `invlab serve` printed (it ends in ?token=...).\n');
}

function wrongHost(res: ServerResponse): void {
  res.writeHead(421, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('421 Misdirected Request: this server does not answer to that host name (DNS rebinding guard). '
    + 'Open the URL that `invlab serve` printed, or start it with --allow-host <name>.\n');
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { app, staticDir } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const hasBuild = existsSync(join(staticDir, 'index.html'));
  const hosts = allowedHostNames(host, opts.allowedHosts);

  const http = createServer((req, res) => handleHttp(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 4 * 1024 * 1024 });
  const unsubscribers: (() => void)[] = [];

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    if (!hostAllowed(req, hosts)) return wrongHost(res);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const queryToken = url.searchParams.get('token');
    const authorised = sameToken(queryToken, token) || sameToken(cookieToken(req), token);
    if (!authorised) return forbidden(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (queryToken) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    if (url.pathname === '/healthz') {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, renderer: hasBuild }));
      return;
    }
    if (!hasBuild) {
      res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The renderer is not built (no ${join(staticDir, 'index.html')}). Run \`npx vite build\` and restart \`invlab serve\`.\n`);
      return;
    }
    const file = resolveStatic(staticDir, url.pathname);
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 Not Found\n');
      return;
    }
    sendFile(res, file, headers);
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostAllowed(req, hosts)) {
      socket.write('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    if (url.pathname !== WS_PATH || !sameToken(url.searchParams.get('token'), token) || !originAllowed(req, hosts)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  function send(ws: WebSocket, msg: ServerMessage): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch (e) {
      // A response that cannot be serialised is the service's bug; report it, keep the socket.
      if ('id' in msg) {
        text = JSON.stringify({ id: msg.id, ok: false, error: { code: 'internal', message: `response not serialisable: ${String(e)}` } });
      } else return;
    }
    ws.send(text);
  }

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send(ws, { id: null, ok: false, error: { code: 'bad-request', message: 'binary frames are not accepted; send JSON text' } });
        return;
      }
      void handleMessage(ws, data.toString());
    });
  });

  async function handleMessage(ws: WebSocket, raw: string): Promise<void> {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) return send(ws, { id: parsed.id, ok: false, error: parsed.error });
    const { id, method, req } = parsed.msg;
    try {
      // Forwarded as received: the service validates the method and its request (once, there).
      const res = await (app.call as (m: string, r: unknown) => Promise<unknown>)(method, req);
      send(ws, { id, ok: true, res: res === undefined ? null : res });
    } catch (e) {
      send(ws, { id, ok: false, error: toLabError(e) });
    }
  }

  for (const event of LAB_EVENTS) {
    unsubscribers.push(app.on(event, (payload: unknown) => {
      const text = JSON.stringify({ event, payload });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
    }));
  }

  await new Promise<void>((resolvePromise, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => {
      http.off('error', reject);
      resolvePromise();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${hostForUrl(host)}:${port}/?token=${token}`;

  let closed = false;
  return {
    url, token, port, host,
    async close() {
      if (closed) return;
      closed = true;
      for (const off of unsubscribers) off();
      for (const client of wss.clients) client.terminate();
      wss.close();
      const done = new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections();
      await done;
    },
  };
}
