// Finished stages of an analyse job, saved in the network's work folder so that a paused or
// interrupted job resumes after its last finished stage (the tau search and each layer of
// the layer-wise pass), like training resumes after its last epoch.
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
}

export function checkpointPath(input: AnalyseJobInput): string {
  return join(input.workDir, `analysis-${input.jobId}.json`);
}

function keyOf(input: AnalyseJobInput): string {
  const { network, imageSize, transform, seenCategories, layer, tau, maxUnits, seed, datasetDir } = input;
  return JSON.stringify({ network, imageSize, transform, seenCategories, layer, tau, maxUnits, seed, datasetDir });
}

export function readCheckpoint(input: AnalyseJobInput): AnalyseCheckpoint {
  const path = checkpointPath(input);
  if (!existsSync(path)) return {};
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CheckpointFile;
    return file.key === keyOf(input) ? file.stages : {};
  } catch {
    // A torn or foreign file: start over rather than fail; it is rewritten after a stage.
    return {};
  }
}

export function writeCheckpoint(input: AnalyseJobInput, stages: AnalyseCheckpoint): void {
  const path = checkpointPath(input);
  const file: CheckpointFile = { key: keyOf(input), stages };
  writeFileAtomicSync(path, JSON.stringify(file));
}
