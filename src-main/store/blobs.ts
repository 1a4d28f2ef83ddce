// Typed arrays <-> SQLite BLOBs, without copying more than once.

export function float32ToBlob(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function blobToFloat32(b: Buffer | Uint8Array): Float32Array {
  // Copy: the Buffer may be unaligned or shared with a pool.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function int32ToBlob(a: Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function blobToInt32(b: Buffer | Uint8Array): Int32Array {
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
