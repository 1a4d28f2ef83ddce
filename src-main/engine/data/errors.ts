// Typed errors of the dataset stage. Each names the file (or folder) at fault, so the CLI and the
// app can show "which file, what is wrong" without parsing messages.

/** Importing a dataset failed as a whole: nothing was written to the cache. */
export class DatasetImportError extends Error {
  override readonly name = 'DatasetImportError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** A cached dataset folder is missing a file, or a file does not match meta.json. */
export class DatasetLoadError extends Error {
  override readonly name = 'DatasetLoadError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}
