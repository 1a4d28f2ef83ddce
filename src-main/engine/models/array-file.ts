// A small container for named float32 arrays with a JSON header, used for weights and
// checkpoints:  "INVLABW1" | uint32 LE header length | header JSON | padding to 4 | float32 LE data.
// Writes go to a temporary file in the same folder and are renamed into place, so a reader (or a
// run resumed after kill -9) sees either the old file or the new one, never half of one.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirs, writeFileAtomic } from '../io/atomic';

const MAGIC = 'INVLABW1';

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
  const buf = Buffer.alloc(dataStart + offset * 4);
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
  if (buf.length < MAGIC.length + 4 || buf.toString('ascii', 0, MAGIC.length) !== MAGIC) {
    throw new Error(`${path} is not an Invariance Lab weights/checkpoint file (bad magic)`);
  }
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const prefix = MAGIC.length + 4;
  if (prefix + headerLength > buf.length) throw new Error(`${path} is truncated (header runs past the end)`);
  let header: Header<M>;
  try {
    header = JSON.parse(buf.toString('utf8', prefix, prefix + headerLength)) as Header<M>;
  } catch (e) {
    throw new Error(`${path}: corrupt header (${(e as Error).message})`);
  }
  const pad = (4 - ((prefix + headerLength) % 4)) % 4;
  const dataStart = prefix + headerLength + pad;
  const total = header.arrays.reduce((s, a) => Math.max(s, a.offset + a.length), 0);
  if (dataStart + total * 4 > buf.length) throw new Error(`${path} is truncated (${buf.length} bytes, needs ${dataStart + total * 4})`);
  // Copy into an aligned buffer: Buffer's byteOffset into the pool need not be 4-aligned.
  const floats = new Float32Array(total);
  new Uint8Array(floats.buffer).set(buf.subarray(dataStart, dataStart + total * 4));
  const groups: Record<string, NamedArray[]> = {};
  for (const a of header.arrays) {
    (groups[a.group] ??= []).push({ name: a.name, shape: a.shape, data: floats.subarray(a.offset, a.offset + a.length) });
  }
  return { meta: header.meta, groups };
}
