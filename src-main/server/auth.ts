// The browser-mode guard: one random token per server, given in the printed URL. The page
// load trades it for an HttpOnly cookie so the bundle's asset requests need no query string;
// the WebSocket must present the token itself (cookies alone would let any page the user
// visits open a socket to us).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname as osHostname, networkInterfaces } from 'node:os';

export const TOKEN_COOKIE = 'invlab_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

/**
 * The host names the server answers to. A page on evil.example whose DNS name is re-pointed at
 * 127.0.0.1 (DNS rebinding) reaches us with `Host: evil.example`: only the names we are bound
 * to pass. Loopback binds also answer to `localhost`; a wildcard bind (0.0.0.0, ::) to this
 * machine's host name and interface addresses. `extra` adds names (`--allow-host`).
 */
export function allowedHostNames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const bind = normaliseHost(bindHost);
  const names = new Set<string>([bind, ...extra.map(normaliseHost)]);
  const loopback = ['127.0.0.1', '::1', 'localhost'];
  if (bind === '::1' || bind === 'localhost' || bind.startsWith('127.')) for (const h of loopback) names.add(h);
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    names.delete(bindHost);
    for (const h of loopback) names.add(h);
    names.add(normaliseHost(osHostname()));
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(normaliseHost(a.address));
  }
  return names;
}

function normaliseHost(h: string): string {
  return h.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/** The host name of a Host header or an Origin URL's host ("[::1]:8420" -> "::1"), or null. */
export function hostNameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    return normaliseHost(new URL(`http://${hostHeader}`).hostname);
  } catch {
    return null;
  }
}

/** Host header check, for HTTP and WebSocket alike. */
export function hostAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(req.headers.host);
  return name !== null && allowed.has(name);
}

/**
 * A WebSocket from another site's page must not reach us, even with a guessed token: a
 * browser's Origin must be one of our own host names (and the same host the page asked for).
 */
export function originAllowed(req: IncomingMessage, allowed?: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients (tests, scripts) send no Origin
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    if (allowed && !allowed.has(normaliseHost(u.hostname))) return false;
    return u.host === req.headers.host;
  } catch {
    return false;
  }
}
