// The ONE message protocol between the main thread and a job worker. Workers compute; only
// the main thread writes SQLite.
import type { Calibration, EpochRecord, JobProgress } from '../../shared/results';
import type {
  AnalyseJobInput, AnalyseJobResult, BackendInfo, CalibrateJobInput, TrainJobInput, TrainJobResult,
} from '../engine/types';
import type { BackendPreference } from '../engine/backend';

/** What a worker is asked to run: exactly the engine's input for that job kind. */
export type WorkerTask =
  | { kind: 'train'; input: TrainJobInput }
  | { kind: 'calibrate'; input: CalibrateJobInput }
  | { kind: 'analyse'; input: AnalyseJobInput };

export type TaskOutcome =
  | { kind: 'train'; result: TrainJobResult }
  | { kind: 'calibrate'; result: Calibration }
  | { kind: 'analyse'; result: AnalyseJobResult }
  /** Stopped between steps on request, after saving a checkpoint. */
  | { kind: 'stopped'; reason: 'pause' | 'cancel' };

export type ControlAction = 'pause' | 'cancel';

export interface WorkerMemory {
  /** process.memoryUsage().rss: the whole process (all workers share it). */
  rss: number;
  /** This worker's own V8 heap. */
  heapUsed: number;
  /** ArrayBuffers outside the heap (tfjs cpu/wasm tensors live here). */
  arrayBuffers: number;
  /** tf.memory() of this worker. */
  tfBytes: number | null;
  tfTensors: number | null;
}

/** What counts against a worker's budget: its heap and its tensors (wasm/cpu data outside the heap). */
export function usedMb(m: WorkerMemory): number {
  return (m.heapUsed + Math.max(m.arrayBuffers, m.tfBytes ?? 0)) / 2 ** 20;
}

/** Passed once as workerData. */
export interface WorkerInit {
  backend: BackendPreference;
  /** Module exporting `runners` (tests substitute fast fakes); default ./runners.ts. */
  runnersModule?: string;
  /** Int32[1]: 0 run, 1 pause, 2 cancel. Read synchronously between steps, so a control
   *  request is seen even while the engine's loop never yields to the event loop. */
  control: SharedArrayBuffer;
  /** This worker's memory budget (its V8 heap plus its tensors); a job that outgrows it fails with a message. */
  memoryLimitMb: number;
}

export type MainToWorker =
  | { type: 'run'; jobId: string; task: WorkerTask }
  | { type: 'control'; jobId: string; action: ControlAction };

export type WorkerToMain =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'progress'; jobId: string; progress: JobProgress; memory: WorkerMemory }
  | { type: 'epoch'; jobId: string; epoch: Omit<EpochRecord, 'jobId'> }
  | { type: 'log'; jobId: string | null; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'result'; jobId: string; outcome: TaskOutcome; memory: WorkerMemory }
  /** `retire`: the worker is ending itself (it may still hold the failed job's memory); start a new one. */
  | { type: 'error'; jobId: string | null; message: string; stack?: string; retire?: boolean }
  | { type: 'memory'; jobId: string | null; memory: WorkerMemory };

export const CONTROL_CODE: Record<'run' | ControlAction, number> = { run: 0, pause: 1, cancel: 2 };

export function controlFromCode(code: number): 'run' | ControlAction {
  return code === 1 ? 'pause' : code === 2 ? 'cancel' : 'run';
}
