// Column encodings and row reading shared by the repositories.
import type Database from 'better-sqlite3';
import type { SeenCount, TransformId } from '../../../shared/ids';

/** A prepared query's one row, decoded; null when there is none. */
export function one<R, T>(stmt: Database.Statement, decode: (r: R) => T, ...params: unknown[]): T | null {
  const r = stmt.get(...params) as R | undefined;
  return r ? decode(r) : null;
}

/** A prepared query's rows, decoded. */
export function many<R, T>(stmt: Database.Statement, decode: (r: R) => T, ...params: unknown[]): T[] {
  return (stmt.all(...params) as R[]).map(decode);
}

export function encodeSeen(k: SeenCount): string {
  return k === 'all' ? 'all' : String(k);
}

export function decodeSeen(s: string): SeenCount {
  return s === 'all' ? 'all' : Number(s);
}

export function encodeTransform(t: TransformId | null): string {
  return t ?? '';
}

export function decodeTransform(s: string | null): TransformId | null {
  return s ? (s as TransformId) : null;
}

export function now(): string {
  return new Date().toISOString();
}

export function parseJson<T>(s: string | null | undefined): T | null {
  return s == null ? null : (JSON.parse(s) as T);
}
