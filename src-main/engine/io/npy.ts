// NumPy .npy files (format versions 1.0-3.0 read, 1.0 written), so activations and
// transformed images can be checked in Python. Spec:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from './atomic';

export type NpyData = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface NpyArray {
  data: NpyData;
  shape: number[];
  /** The file's dtype descr, e.g. '<f4', '|u1', '|b1'. */
  dtype: string;
}

/** Thrown for anything wrong with an .npy file; the message names the file when known. */
export class NpyError extends Error {
  override name = 'NpyError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const READABLE: Record<string, { bytes: number; make: (buf: ArrayBuffer) => NpyData }> = {
  '<f4': { bytes: 4, make: (b) => new Float32Array(b) },
  '<f8': { bytes: 8, make: (b) => new Float64Array(b) },
  '<i4': { bytes: 4, make: (b) => new Int32Array(b) },
  // NumPy's default integer: read as int32 (labels, masks), refusing values that do not fit.
  '<i8': { bytes: 8, make: int64ToInt32 },
  '<u1': { bytes: 1, make: (b) => new Uint8Array(b) },
  '|u1': { bytes: 1, make: (b) => new Uint8Array(b) },
  '|b1': { bytes: 1, make: (b) => new Uint8Array(b) },
};

function int64ToInt32(buf: ArrayBuffer): Int32Array {
  const wide = new BigInt64Array(buf);
  const out = new Int32Array(wide.length);
  for (let i = 0; i < wide.length; i++) {
    const v = wide[i]!;
    if (v > 2147483647n || v < -2147483648n) throw new NpyError(`int64 value ${v} at index ${i} does not fit in int32`);
    out[i] = Number(v);
  }
  return out;
}

// Typed arrays use the platform's byte order; every platform Node runs on is little-endian,
// which the '<' dtypes require. Checked once rather than assumed silently.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function checkShape(shape: number[], length: number, where: string): void {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new NpyError(`${where}: shape must be non-negative integers (got [${shape.join(', ')}])`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== length) {
    throw new NpyError(`${where}: shape [${shape.join(', ')}] holds ${size} values but data has ${length}`);
  }
}

/** Encode as .npy v1.0: '<f4' for Float32Array, '|u1' for Uint8Array, C order. */
export function encodeNpy(data: Float32Array | Uint8Array, shape: number[]): Uint8Array {
  if (!LITTLE_ENDIAN) throw new NpyError('writing .npy needs a little-endian platform');
  const descr = data instanceof Float32Array ? '<f4' : data instanceof Uint8Array ? '|u1' : null;
  if (!descr) throw new NpyError('encodeNpy: data must be a Float32Array or a Uint8Array');
  checkShape(shape, data.length, 'encodeNpy');
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n' is padded with spaces to a multiple
  // of 64 bytes, as numpy writes it (keeps the data aligned for memory mapping).
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** Decode .npy bytes; `name` (a path) is used in error messages. */
export function decodeNpy(bytes: Uint8Array, name = '.npy data'): NpyArray {
  if (bytes.length === 0) throw new NpyError(`${name}: file is empty, not a .npy file`);
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw new NpyError(`${name}: not a .npy file (missing the \\x93NUMPY magic string)`);
  }
  const major = bytes[6]!;
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = bytes[8]! | (bytes[9]! << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError(`${name}: truncated .npy header`);
    headerLen = (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16)) + bytes[11]! * 2 ** 24;
    start = 12;
  } else {
    throw new NpyError(`${name}: unsupported .npy format version ${major}.${bytes[7]}`);
  }
  if (start + headerLen > bytes.length) {
    throw new NpyError(`${name}: truncated .npy header (needs ${headerLen} bytes, file has ${bytes.length - start})`);
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const { descr, fortran, shape } = parseHeader(header, name);
  if (fortran) {
    throw new NpyError(`${name}: Fortran-order arrays are not supported; save with np.ascontiguousarray(a) first`);
  }
  const kind = READABLE[descr];
  if (!kind) {
    throw new NpyError(`${name}: unsupported dtype '${descr}' (supported: ${Object.keys(READABLE).join(', ')})`);
  }
  if (kind.bytes > 1 && !LITTLE_ENDIAN) throw new NpyError(`${name}: reading '${descr}' needs a little-endian platform`);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  const need = count * kind.bytes;
  const have = bytes.length - dataStart;
  if (have < need) {
    throw new NpyError(`${name}: truncated data: shape [${shape.join(', ')}] of '${descr}' needs ${need} bytes, file has ${have}`);
  }
  if (have > need) {
    throw new NpyError(`${name}: ${have - need} unexpected bytes after the data of shape [${shape.join(', ')}] '${descr}'`);
  }
  // Copy into a fresh buffer: the data offset need not be aligned for a typed-array view,
  // and a Node Buffer's .slice() is a view into a shared pool, not a copy.
  const copy = new Uint8Array(need);
  copy.set(bytes.subarray(dataStart, dataStart + need));
  return { data: kind.make(copy.buffer), shape, dtype: descr };
}

function parseHeader(header: string, name: string): { descr: string; fortran: boolean; shape: number[] } {
  const bad = (what: string): never => {
    throw new NpyError(`${name}: malformed .npy header (${what}): ${JSON.stringify(header.trim().slice(0, 200))}`);
  };
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(header)?.[1] ?? bad("no 'descr'");
  const fortranText = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1] ?? bad("no 'fortran_order'");
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? bad("no 'shape'");
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const shape = parts.map((s) => (/^\d+L?$/.test(s) ? parseInt(s, 10) : bad(`shape entry "${s}"`)));
  return { descr, fortran: fortranText === 'True', shape };
}

/** Write an .npy file (atomically: a partial file never has the final name). */
export function writeNpy(path: string, data: Float32Array | Uint8Array, shape: number[]): void {
  const bytes = encodeNpy(data, shape);
  writeFileAtomicSync(path, bytes);
}

export function readNpy(path: string): NpyArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new NpyError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeNpy(bytes, path);
}
