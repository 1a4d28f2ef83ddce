// Column encodings shared by the repositories.
import type { SeenCount, TransformId } from '../../../shared/ids';

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
