// The convolution geometries every CPU kernel set is checked on (wasm-kernels.test.ts,
// native-kernels.test.ts).
export type Shape4 = [number, number, number, number];

// [input, filter, stride, padding]: labnet's 3x3/1 same, AlexNet-like large strided kernels,
// ResNet's 3x3/2 and 1x1/2 and 7x7/2 stem, an even kernel (asymmetric same padding) and odd
// sizes that strides do not divide.
export const CONVS: [Shape4, Shape4, number, 'same' | 'valid'][] = [
  [[2, 8, 8, 3], [3, 3, 3, 5], 1, 'same'],
  [[3, 7, 9, 4], [3, 3, 4, 6], 1, 'valid'],
  [[2, 9, 9, 3], [3, 3, 3, 4], 2, 'same'],
  [[2, 10, 10, 4], [1, 1, 4, 6], 2, 'same'],
  [[2, 15, 15, 3], [11, 11, 3, 5], 4, 'valid'],
  [[2, 13, 11, 3], [5, 5, 3, 4], 2, 'valid'],
  [[2, 8, 8, 5], [4, 4, 5, 4], 1, 'same'],
  [[1, 16, 16, 3], [7, 7, 3, 8], 2, 'same'],
  [[2, 12, 12, 6], [5, 5, 6, 7], 3, 'same'],
  // Few input channels at stride 1 take the swapped-convolution filter gradient.
  [[2, 8, 8, 3], [4, 4, 3, 5], 1, 'same'],
  [[3, 6, 10, 1], [5, 5, 1, 4], 1, 'same'],
  [[2, 9, 7, 2], [2, 3, 2, 3], 1, 'valid'],
  // The SIMD patch builders: stride 1 'same' (one shifted copy per block) with odd widths,
  // channels not a multiple of 4, a width of 1 and a kernel larger than the image; the row
  // builder with stride 2 and stride 1 'valid' on odd widths.
  [[2, 7, 5, 6], [3, 3, 6, 4], 1, 'same'],
  [[2, 5, 1, 3], [3, 3, 3, 2], 1, 'same'],
  [[1, 3, 5, 2], [5, 7, 2, 3], 1, 'same'],
  [[2, 11, 9, 5], [3, 3, 5, 4], 2, 'valid'],
  [[2, 7, 7, 5], [3, 3, 5, 4], 1, 'valid'],
  [[2, 6, 13, 7], [3, 5, 7, 4], 2, 'same'],
];
