// The one typed API between the renderer and the application service. Request types are the
// zod schemas of contract-schemas.ts (written once there); response types are written here.
// Electron maps it to ipcMain.handle + webContents.send; browser mode to JSON over a
// WebSocket. The renderer sees only `window.lab: LabApi`.
import type { z } from 'zod';
import type { REPORT_FORMATS, REQUEST_SCHEMAS, figureOptions } from './contract-schemas';
import type { BackendId } from './ids';
import type {
  ConfusionMatrix, DatasetSummary, EpochRecord, ExperimentDetail, ExperimentSummary,
  ImportReport, JobProgress, JobSummary,
} from './results';
import type { SpecError } from './spec';
import type { FigureData } from './figures';
import type { ExperimentAnnotation, ExperimentControl, ExperimentIndexRow } from './lab-index';
import type { SweepCollectResult, SweepStatus, SweepSubmitResult, SweepSummary } from './sweep';

/** Every method's response type. Its request type is its schema in contract-schemas.ts (`Req<M>`). */
export interface LabResponses {
  'app.info': AppInfo;
  'datasets.list': DatasetSummary[];
  'datasets.import': DatasetSummary;
  'datasets.remove': void;
  /** Generates (once) and lists the built-in procedural dataset, so a new user needs no terminal. */
  'datasets.builtin': DatasetSummary;
  /** A grid of sample images (PNG data URLs) per category. */
  'datasets.samples': SampleGrid;
  /** One image, clean and transformed, as PNG data URLs (the live preview). */
  'transforms.preview': { clean: string; transformed: string; params: Record<string, number> };
  'experiments.validate': { ok: boolean; errors: SpecError[]; jobs: number; estimateSeconds: number | null };
  'experiments.create': ExperimentSummary;
  'experiments.list': ExperimentSummary[];
  'experiments.get': ExperimentDetail;
  'experiments.remove': void;
  /** Start (resume), pause or cancel every job of one experiment (the Queue's group controls). */
  'experiments.control': void;
  /** The Runs view: every experiment with its metrics, tags and note. */
  'experiments.index': ExperimentIndexRow[];
  /** Tags and a free-text note on an experiment (stored; searchable in the Runs view). */
  'experiments.annotate': ExperimentAnnotation;
  'jobs.list': JobSummary[];
  'jobs.epochs': EpochRecord[];
  'jobs.pause': void;
  'jobs.resume': void;
  'jobs.cancel': void;
  'queue.pauseAll': void;
  'queue.resumeAll': void;
  'results.confusion': ConfusionMatrix;
  /** Example test images of category `trueClass` predicted as `predicted`. */
  'results.confusionExamples': { images: string[] };
  'results.figure': FigureData;
  /** A neuron's top images clean vs transformed, with h_k per image. */
  'results.neuron': NeuronView;
  'reports.export': { files: string[]; missing: string[] };
  'settings.get': Settings;
  'settings.set': Settings;
  /** Sweeps on a Slurm cluster (docs/cluster.md): submit a spec or an experiment that has not run. */
  'sweeps.submit': SweepSubmitResult;
  'sweeps.list': SweepSummary[];
  'sweeps.status': SweepStatus;
  'sweeps.collect': SweepCollectResult;
}

type Schemas = typeof REQUEST_SCHEMAS;
export type LabMethod = keyof Schemas;
/** Every method: request type (what a caller passes, the schema's input) -> response type. */
export type LabMethods = { [M in LabMethod]: { req: z.input<Schemas[M]>; res: LabResponses[M] } };
export type Req<M extends LabMethod> = LabMethods[M]['req'];
/** A request as the service's handler receives it: validated, defaults and transforms applied. */
export type ValidReq<M extends LabMethod> = z.output<Schemas[M]>;
export type Res<M extends LabMethod> = LabMethods[M]['res'];
// A response listed for a method that has no schema is a compile error here (and the reverse, above).
type ExtraResponse = Exclude<keyof LabResponses, LabMethod>;
const _noExtraResponse: ExtraResponse extends never ? true : never = true;
void _noExtraResponse;

/** Events pushed from main to renderer. */
export interface LabEvents {
  'job.progress': { jobId: string; experimentId: string; progress: JobProgress };
  'job.epoch': EpochRecord & { experimentId: string };
  'job.status': JobSummary;
  'job.log': { jobId: string; level: 'info' | 'warn' | 'error'; message: string };
  'experiment.finished': ExperimentSummary;
  'dataset.importProgress': { path: string; done: number; total: number };
  'report.progress': { experimentId: string; done: number; total: number; file: string };
}
export type LabEvent = keyof LabEvents;

/** What `window.lab` is, whichever transport is behind it. */
export interface LabApi {
  call<M extends LabMethod>(method: M, req: Req<M>): Promise<Res<M>>;
  on<E extends LabEvent>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
  /** Electron only: native dialogs and the dropped file's path; browser mode returns null. */
  pickPath?(kind: 'dataset-folder' | 'idx-file' | 'report-folder'): Promise<string | null>;
  pathForFile?(file: File): string | null;
}

/** A failed call: a typed error, never a crash. */
export interface LabError {
  code: 'bad-request' | 'not-found' | 'conflict' | 'bad-input' | 'storage' | 'internal';
  message: string;
  /** Field-level detail for validation errors. */
  fields?: SpecError[];
}

export interface AppInfo {
  version: string;
  backend: BackendId;
  backendReason: string;
  workers: number;
  dataDir: string;
  mode: 'electron' | 'browser';
  versions: Record<string, string>;
}

export interface Settings {
  backend: 'auto' | BackendId;
  workers: number | 'auto';
  theme: 'light' | 'dark' | 'system';
}

export interface SampleGrid {
  classes: { index: number; name: string; images: string[]; count: number }[];
}

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Which transformation / seen count / seed / condition / job a figure shows (its schema: `figureOptions`;
 *  its own, not read through `results.figure`, because the figure registry that the schemas read uses it). */
export type FigureOptions = z.input<typeof figureOptions>;

export interface NeuronView {
  jobId: string;
  layer: string;
  neuron: number;
  invariance: number | null;
  images: { clean: string; transformed: string; fClean: number; fTransformed: number; h: number | null; category: string }[];
}
