// .npy reading and writing: numpy's exact byte layout, round trips, and every bad input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, NpyError, readNpy, writeNpy } from '../../src-main/engine/io/npy';

const dir = mkdtempSync(join(tmpdir(), 'npy-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes of an .npy file built by hand: magic, version, header length, header text, data. */
function npyBytes(header: string, data: Uint8Array, version = 1): Uint8Array {
  const lenBytes = version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  for (let i = 0; i < lenBytes; i++) out[8 + i] = (header.length >> (8 * i)) & 0xff;
  for (let i = 0; i < header.length; i++) out[8 + lenBytes + i] = header.charCodeAt(i);
  out.set(data, 8 + lenBytes + header.length);
  return out;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('writeNpy / encodeNpy', () => {
  it("writes the same bytes as numpy's np.save for float32 (2, 3)", () => {
    // np.save(f, np.arange(6, dtype='<f4').reshape(2, 3)) with numpy 2.x: header padded to 128 bytes in all
    const numpyHeader = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + ' '.repeat(58) + '\n';
    expect(numpyHeader.length).toBe(118);
    const data = Float32Array.from([0, 1, 2, 3, 4, 5]);
    expect(Array.from(encodeNpy(data, [2, 3]))).toEqual(Array.from(npyBytes(numpyHeader, bytesOf(data))));
  });

  it("writes uint8 as '|u1' and 1-D shapes as (n,)", () => {
    const bytes = encodeNpy(Uint8Array.from([0, 1, 2, 3, 4]), [5]);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + bytes[8]!));
    expect(header).toMatch(/^\{'descr': '\|u1', 'fortran_order': False, 'shape': \(5,\), \} +\n$/);
    expect(bytes.length).toBe(128 + 5);
  });

  it.each([
    [[2, 3, 4]], [[7]], [[]], [[0, 4]], [[1, 1, 1, 1]],
  ])('round-trips float32 of shape %j through a file', (shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: n }, (_, i) => (i - 3.25) * 1e3 + 1e-3 * i);
    const p = join(dir, `rt-${shape.join('x') || 'scalar'}.npy`);
    writeNpy(p, data, shape);
    const back = readNpy(p);
    expect(back.dtype).toBe('<f4');
    expect(back.shape).toEqual(shape);
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('round-trips uint8, keeps values unclipped for float32 (negative, > 255, NaN)', () => {
    const u = Uint8Array.from([0, 127, 255]);
    writeNpy(join(dir, 'u8.npy'), u, [3, 1]);
    const ub = readNpy(join(dir, 'u8.npy'));
    expect([ub.dtype, ub.shape, Array.from(ub.data)]).toEqual(['|u1', [3, 1], [0, 127, 255]]);
    const f = Float32Array.from([-12.5, 300, Number.NaN]);
    const fb = decodeNpy(encodeNpy(f, [3]));
    expect(Array.from(fb.data)).toEqual([-12.5, 300, Number.NaN]);
  });

  it('refuses a shape that does not match the data, and leaves no temp file behind', () => {
    expect(() => writeNpy(join(dir, 'bad.npy'), new Float32Array(6), [2, 2])).toThrow(/shape \[2, 2\] holds 4 values but data has 6/);
    expect(() => encodeNpy(new Float32Array(2), [-2, -1])).toThrow(/non-negative integers/);
    expect(readdirSync(dir).filter((f) => f.includes('bad.npy'))).toEqual([]);
  });
});

describe('readNpy / decodeNpy', () => {
  const header = (descr: string, shape: string, fortran = 'False') =>
    `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`.padEnd(117, ' ') + '\n';

  it("reads '<f8', '<i4', '|b1' and '<u1' as numpy writes them", () => {
    const f8 = decodeNpy(npyBytes(header('<f8', '(2, 2)'), bytesOf(Float64Array.from([1.5, -2, 3, 4]))));
    expect(f8.data).toBeInstanceOf(Float64Array);
    expect([f8.shape, Array.from(f8.data)]).toEqual([[2, 2], [1.5, -2, 3, 4]]);
    const i4 = decodeNpy(npyBytes(header('<i4', '(3,)'), bytesOf(Int32Array.from([-1, 2, 3]))));
    expect(i4.data).toBeInstanceOf(Int32Array);
    expect(Array.from(i4.data)).toEqual([-1, 2, 3]);
    const b1 = decodeNpy(npyBytes(header('|b1', '(3,)'), Uint8Array.from([1, 0, 1])));
    expect([b1.dtype, Array.from(b1.data)]).toEqual(['|b1', [1, 0, 1]]);
    const u1 = decodeNpy(npyBytes(header('<u1', '(1, 2)'), Uint8Array.from([9, 8])));
    expect(Array.from(u1.data)).toEqual([9, 8]);
  });

  it("reads '<i8' (numpy's default int) as int32 and refuses values that do not fit", () => {
    const i8 = decodeNpy(npyBytes(header('<i8', '(3,)'), bytesOf(BigInt64Array.from([0n, -5n, 39n]))));
    expect(i8.data).toBeInstanceOf(Int32Array);
    expect(Array.from(i8.data)).toEqual([0, -5, 39]);
    expect(() => decodeNpy(npyBytes(header('<i8', '(1,)'), bytesOf(BigInt64Array.from([1n << 40n]))))).toThrow(/does not fit in int32/);
  });

  it('reads format version 2.0 (4-byte header length) and keys in any order', () => {
    const h = "{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}".padEnd(115, ' ') + '\n';
    const r = decodeNpy(npyBytes(h, bytesOf(Float32Array.from([7, 8])), 2));
    expect([r.shape, Array.from(r.data)]).toEqual([[2], [7, 8]]);
  });

  const f4 = bytesOf(Float32Array.from([1, 2, 3, 4, 5, 6]));
  it.each([
    ['an empty file', new Uint8Array(0), /x\.npy: file is empty/],
    ['a wrong magic string', new TextEncoder().encode('PK\x03\x04 this is a zip file, not npy'), /not a \.npy file \(missing the \\x93NUMPY magic/],
    ['Fortran order', npyBytes(header('<f4', '(2, 3)', 'True'), f4), /Fortran-order arrays are not supported/],
    ['a big-endian dtype', npyBytes(header('>f4', '(2, 3)'), f4), /unsupported dtype '>f4' \(supported: <f4, <f8, <i4, <i8, <u1, \|u1, \|b1\)/],
    ['a complex dtype', npyBytes(header('<c8', '(3,)'), f4), /unsupported dtype '<c8'/],
    ['a truncated header', npyBytes(header('<f4', '(2, 3)'), f4).subarray(0, 40), /truncated \.npy header/],
    ['truncated data', npyBytes(header('<f4', '(2, 3)'), f4).subarray(0, 128 + 20), /truncated data: shape \[2, 3\] of '<f4' needs 24 bytes, file has 20/],
    ['trailing bytes', npyBytes(header('<f4', '(2, 2)'), f4), /8 unexpected bytes after the data/],
    ['a header without shape', npyBytes("{'descr': '<f4', 'fortran_order': False}".padEnd(117) + '\n', f4), /malformed \.npy header \(no 'shape'\)/],
    ['a non-integer shape', npyBytes(header('<f4', '(2, x)'), f4), /malformed \.npy header \(shape entry "x"\)/],
    ['an unknown format version', (() => { const b = npyBytes(header('<f4', '(6,)'), f4); b[6] = 9; return b; })(), /unsupported \.npy format version 9\.0/],
  ])('refuses %s with a message naming the file', (_what, bytes, msg) => {
    const p = join(dir, 'x.npy');
    writeFileSync(p, bytes);
    expect(() => readNpy(p)).toThrow(NpyError);
    expect(() => readNpy(p)).toThrow(msg);
    expect(() => readNpy(p)).toThrow(new RegExp(p.replace(/[.\\/]/g, '\\$&')));
  });

  it('says so when the file does not exist', () => {
    expect(() => readNpy(join(dir, 'missing.npy'))).toThrow(/missing\.npy: cannot read \(ENOENT\)/);
  });

  it('reads data that starts at an unaligned offset', () => {
    const bytes = encodeNpy(Float32Array.from([1.25, -2.5]), [2]);
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes, 1);
    expect(Array.from(decodeNpy(padded.subarray(1)).data)).toEqual([1.25, -2.5]);
  });

  it('reads a Node Buffer that is a view into a larger pool', () => {
    const p = join(dir, 'small.npy');
    writeNpy(p, Float32Array.from([3, 4]), [2]);
    const buf = readFileSync(p);
    expect(Array.from(decodeNpy(buf).data)).toEqual([3, 4]);
  });
});
