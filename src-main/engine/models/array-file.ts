// A small container for named float32 arrays with a JSON header, used for weights and
// checkpoints:  "INVLABW2" | uint32 LE header length | header JSON | padding to 4 | float32 LE data
// | SHA-256 of everything before it (32 bytes). The checksum makes a flipped byte anywhere a
// refusal ("checksum mismatch"), treated like a truncated file, instead of silently changing
// a network; files of the first version ("INVLABW1", no checksum) are still read.
// Writes go to a temporary file in the same folder and are renamed into place, so a reader (or a
// run resumed after kill -9) sees either the old file or the new one, never half of one.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirs, writeFileAtomic } from '../io/atomic';

const MAGIC = 'INVLABW2';
const MAGIC_V1 = 'INVLABW1';
const HASH_BYTES = 32;

/** A weights or checkpoint file that is not what was written: truncated, or its checksum does not match. */
export class ArrayFileCorruptError extends Error {
  override name = 'ArrayFileCorruptError';
  constructor(readonly path: string, readonly why: string) {
    super(`${path} is corrupt (${why})`);
  }
}

export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

interface HeaderEntry {
  group: string;
  name: string;
  shape: number[];
  /** Offset in floats from the start of the data section. */
  offset: number;
  length: number;
}

interface Header<M> {
  meta: M;
  arrays: HeaderEntry[];
}

export type ArrayGroups = Record<string, NamedArray[]>;

export async function writeArrayFile<M>(path: string, meta: M, groups: ArrayGroups): Promise<void> {
  const entries: HeaderEntry[] = [];
  let offset = 0;
  for (const [group, arrays] of Object.entries(groups)) {
    for (const a of arrays) {
      entries.push({ group, name: a.name, shape: a.shape, offset, length: a.data.length });
      offset += a.data.length;
    }
  }
  const headerBytes = Buffer.from(JSON.stringify({ meta, arrays: entries } satisfies Header<M>), 'utf8');
  const prefix = MAGIC.length + 4;
  const pad = (4 - ((prefix + headerBytes.length) % 4)) % 4;
  const dataStart = prefix + headerBytes.length + pad;
  const buf = Buffer.alloc(dataStart + offset * 4 + HASH_BYTES);
  buf.write(MAGIC, 0, 'ascii');
  buf.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(buf, prefix);
  const floats = new Float32Array(buf.buffer, buf.byteOffset + dataStart, offset);
  let i = 0;
  for (const arrays of Object.values(groups)) {
    for (const a of arrays) {
      floats.set(a.data, entries[i]!.offset);
      i++;
    }
  }
  const body = buf.subarray(0, buf.length - HASH_BYTES);
  createHash('sha256').update(body).digest().copy(buf, body.length);
  makeDirs(dirname(path));
  await writeFileAtomic(path, buf);
}

export interface ArrayFile<M> {
  meta: M;
  groups: Record<string, NamedArray[]>;
}

export async function readArrayFile<M>(path: string): Promise<ArrayFile<M>> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
  const magic = buf.toString('ascii', 0, MAGIC.length);
  if (buf.length < MAGIC.length + 4 || (magic !== MAGIC && magic !== MAGIC_V1)) {
    throw new ArrayFileCorruptError(path, 'not an Invariance Lab weights/checkpoint file: bad magic');
  }
  if (magic === MAGIC) {
    if (buf.length < MAGIC.length + 4 + HASH_BYTES) throw new ArrayFileCorruptError(path, 'truncated');
    const end = buf.length - HASH_BYTES;
    const want = buf.subarray(end);
    const got = createHash('sha256').update(buf.subarray(0, end)).digest();
    if (!got.equals(want)) throw new ArrayFileCorruptError(path, 'checksum mismatch: its bytes changed after it was written, or it is truncated');
    buf = buf.subarray(0, end);
  }
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const prefix = MAGIC.length + 4;
  if (prefix + headerLength > buf.length) throw new ArrayFileCorruptError(path, 'truncated: header runs past the end');
  let header: Header<M>;
  try {
    header = JSON.parse(buf.toString('utf8', prefix, prefix + headerLength)) as Header<M>;
  } catch (e) {
    throw new ArrayFileCorruptError(path, `unreadable header: ${(e as Error).message}`);
  }
  const pad = (4 - ((prefix + headerLength) % 4)) % 4;
  const dataStart = prefix + headerLength + pad;
  const total = header.arrays.reduce((s, a) => Math.max(s, a.offset + a.length), 0);
  if (dataStart + total * 4 > buf.length) throw new ArrayFileCorruptError(path, `truncated: ${buf.length} bytes, needs ${dataStart + total * 4}`);
  // Copy into an aligned buffer: Buffer's byteOffset into the pool need not be 4-aligned.
  const floats = new Float32Array(total);
  new Uint8Array(floats.buffer).set(buf.subarray(dataStart, dataStart + total * 4));
  const groups: Record<string, NamedArray[]> = {};
  for (const a of header.arrays) {
    (groups[a.group] ??= []).push({ name: a.name, shape: a.shape, data: floats.subarray(a.offset, a.offset + a.length) });
  }
  return { meta: header.meta, groups };
}
