// What a front door may run besides the service's contract: work that needs no data folder
// (one image through a transformation, invariance from .npy files, the training benchmark, a
// sweep's array task on a compute node and its status from the sweep folder) and the few
// facts a door prints (where the data folder is, a worker's memory). The doors import only
// app/ (docs/ARCHITECTURE.md's layering); this module is their way to the rooms below.
// Heavy modules load on first use, so `invlab --help` stays fast.
import type { BenchOptions, BenchResult } from '../engine/bench/bench';
import type { InvarianceFilesOptions, InvarianceReport } from '../engine/analysis/npy-input';
import type { TaskRunOptions } from '../sweep/task';
import type { SweepStatus } from '../../shared/sweep';
import type { TransformId } from '../../shared/ids';
import type { WorkerMemory } from '../jobs/protocol';
import { usedMb } from '../jobs/protocol';
import { defaultWorkerMemoryMb } from '../jobs/pool';
import { resolveDbPath } from '../store/paths';

export { defaultWorkerMemoryMb, resolveDbPath };
export type { BenchOptions, BenchResult, InvarianceFilesOptions, InvarianceReport, TaskRunOptions };

/** A worker's memory in use (MB), as the CLI's per-worker bars show it. */
export function workerMemoryMb(m: WorkerMemory): number {
  return usedMb(m);
}

export interface TransformFileOptions {
  image: string;
  transform: TransformId;
  /** Checked and complete (shared/transforms' resolveParams). */
  params: Record<string, number>;
  seed: number;
  size?: number;
  out: string;
  format: 'png' | 'npy';
}

/** One image file through one transformation (the preview's code), written as PNG (clipped) or .npy. */
export async function transformFile(o: TransformFileOptions): Promise<{ shape: [number, number, number] }> {
  const { checkApplicable, transformImage } = await import('../engine/transforms');
  const { readImage, writePng } = await import('../engine/io/png');
  const { writeNpy } = await import('../engine/io/npy');
  const { initBackend } = await import('../engine/backend');
  const { transform: id, params } = o;
  const image = await readImage(o.image, { size: o.size });
  const ok = checkApplicable(id, image.channels);
  if (!ok.ok) throw new Error(`${o.image}: ${ok.reason}`);
  await initBackend();
  const y = transformImage({ id, params }, image, o.seed);
  if (o.format === 'png') await writePng(o.out, { ...y, channels: y.channels as 1 | 3 });
  else writeNpy(o.out, y.data, [y.height, y.width, y.channels]);
  return { shape: [y.height, y.width, y.channels] };
}

export async function invarianceFromFiles(o: InvarianceFilesOptions): Promise<InvarianceReport> {
  return (await import('../engine/analysis/npy-input')).invarianceFromFiles(o);
}

export async function runBench(o: Partial<BenchOptions>): Promise<BenchResult> {
  return (await import('../engine/bench/bench')).runBench(o);
}

/** One array task of a sweep folder (never opens the database); the exit code. */
export async function runSweepTask(dir: string, index: string | undefined, o: TaskRunOptions): Promise<number> {
  return (await import('../sweep/task')).runSweepTask(dir, index, o);
}

/** A sweep's status from its folder and Slurm, without the database (the service's `sweeps.status` adds what was collected). */
export async function sweepStatus(dir: string): Promise<SweepStatus> {
  return (await import('../sweep/status')).sweepStatus(dir);
}
