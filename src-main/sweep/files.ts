// Files of a sweep folder are written atomically by the product's one writer (a temporary file
// in the same folder, fsynced, renamed into place; removed on failure, which names the cause
// and the file): a task killed mid-write, or a reader on another node, never sees half a file. Typed arrays travel in JSON as base64 of their bytes ({"$f32": "..."}), so NaN survives.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeDirs, writeFileAtomicSync } from '../engine/io/atomic';

/** The product's one atomic writer (engine/io/atomic.ts), creating the folder first. */
export function writeFileAtomic(file: string, data: string | Buffer, mode?: number): void {
  makeDirs(path.dirname(file));
  writeFileAtomicSync(file, data, mode === undefined ? {} : { mode });
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, replacer, 2)}\n`);
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads a JSON file; a missing or unparsable file throws an Error naming it. */
export function readJson<T>(file: string, what = 'file'): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${what} ${file} ${code === 'ENOENT' ? 'is missing' : `cannot be read: ${(e as Error).message}`}`);
  }
  try {
    return JSON.parse(text, reviver) as T;
  } catch (e) {
    throw new Error(`${what} ${file} is not valid JSON (half-written or edited?): ${(e as Error).message}`);
  }
}

export function readJsonIfExists<T>(file: string, what?: string): T | null {
  return fs.existsSync(file) ? readJson<T>(file, what) : null;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array) return { $f32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && '$f32' in value && typeof (value as { $f32: unknown }).$f32 === 'string') {
    const b = Buffer.from((value as { $f32: string }).$f32, 'base64');
    const out = new Float32Array(b.length / 4);
    new Uint8Array(out.buffer).set(b);
    return out;
  }
  return value;
}
