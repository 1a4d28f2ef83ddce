// Finished stages of an analyse job, saved in the network's work folder so that a paused or
// interrupted job resumes after its last finished stage (the tau search and each layer of
// the layer-wise pass), like training resumes after its last epoch. The file carries the
// SHA-256 of its stages: JSON that still parses after a flipped digit would otherwise feed a
// changed tau curve into the result silently; a mismatch redoes the stages, said once.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic';
import { join } from 'node:path';
import type { NetworkAnalysis, TauPoint } from '../../../shared/results';
import type { AnalyseJobInput } from '../types';

export interface AnalyseCheckpoint {
  tauSearch?: TauPoint[];
  searchedTau?: number | null;
  layerwise?: NetworkAnalysis['layerwise'];
}

interface CheckpointFile {
  /** The inputs the stages depend on; a checkpoint made with other inputs is ignored. */
  key: string;
  stages: AnalyseCheckpoint;
  /** SHA-256 of JSON.stringify({ key, stages }). */
  sha256: string;
}

/** What was read: the finished stages, and a warning when a damaged file was set aside. */
export interface ReadAnalyseCheckpoint {
  stages: AnalyseCheckpoint;
  warning?: string;
}

function digest(key: string, stages: AnalyseCheckpoint): string {
  return createHash('sha256').update(JSON.stringify({ key, stages })).digest('hex');
}

export function checkpointPath(input: AnalyseJobInput): string {
  return join(input.workDir, `analysis-${input.jobId}.json`);
}

function keyOf(input: AnalyseJobInput): string {
  const { network, imageSize, transform, seenCategories, layer, tau, maxUnits, seed, datasetDir } = input;
  return JSON.stringify({ network, imageSize, transform, seenCategories, layer, tau, maxUnits, seed, datasetDir });
}

export function readCheckpoint(input: AnalyseJobInput): ReadAnalyseCheckpoint {
  const path = checkpointPath(input);
  if (!existsSync(path)) return { stages: {} };
  // A damaged file: redo its stages rather than fail (they are recomputed from the network), said once.
  const redo = (why: string): ReadAnalyseCheckpoint => ({ stages: {}, warning: `${path} is corrupt (${why}); its finished stages are computed again` });
  let file: CheckpointFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as CheckpointFile;
  } catch (e) {
    return redo(`not valid JSON: ${(e as Error).message}`);
  }
  if (typeof file?.key !== 'string' || typeof file.stages !== 'object' || file.stages === null) return redo('not an analysis checkpoint');
  if (file.sha256 !== digest(file.key, file.stages)) return redo('checksum mismatch: its bytes changed after it was written');
  // Made with other inputs (another tau, layer, dataset): not ours to resume from.
  return { stages: file.key === keyOf(input) ? file.stages : {} };
}

export function writeCheckpoint(input: AnalyseJobInput, stages: AnalyseCheckpoint): void {
  const path = checkpointPath(input);
  const key = keyOf(input);
  const file: CheckpointFile = { key, stages, sha256: digest(key, stages) };
  writeFileAtomicSync(path, JSON.stringify(file));
}
