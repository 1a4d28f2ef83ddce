// The one import entry point: looks at the source and hands it to the IDX or the folder importer.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportOptions, ImportResult } from './common';
import { DatasetImportError } from './errors';
import { importFolder } from './folder';
import { findIdxFiles, importIdx } from './idx';

export type SourceKind = 'idx' | 'folder';

/** 'idx' when the path is, or is a folder holding, IDX files; else 'folder' (for a folder). */
export async function detectSourceKind(sourcePath: string): Promise<SourceKind> {
  const path = resolve(sourcePath);
  const stat = await fs.stat(path).catch(() => null);
  if (!stat) throw new DatasetImportError(path, 'does not exist');
  if (await findIdxFiles(path)) return 'idx';
  if (stat.isDirectory()) return 'folder';
  throw new DatasetImportError(path, 'is a file but not an IDX file: give a folder with one sub-folder per category, or an IDX (MNIST-format) file');
}

/**
 * Imports a dataset into `opts.cacheRoot` (or finds the identical earlier import there).
 * Throws DatasetImportError (with the file at fault) when the source cannot be imported.
 */
export async function importDataset(sourcePath: string, opts: ImportOptions): Promise<ImportResult> {
  const kind = await detectSourceKind(sourcePath);
  return kind === 'idx' ? importIdx(resolve(sourcePath), opts) : importFolder(sourcePath, opts);
}
