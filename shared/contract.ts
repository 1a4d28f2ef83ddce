// The one typed API between the renderer and the application service.
// Electron maps it to ipcMain.handle + webContents.send; browser mode to JSON over a
// WebSocket. The renderer sees only `window.lab: LabApi`.
import type { BackendId, FigureId, TransformId } from './ids';
import type {
  ConfusionMatrix, DatasetSummary, EpochRecord, ExperimentDetail, ExperimentSummary,
  ImportReport, JobProgress, JobSummary,
} from './results';
import type { ExperimentSpecInput, SpecError } from './spec';
import type { FigureData } from './figures';
import type { ExperimentAnnotation, ExperimentControl, ExperimentIndexRow } from './lab-index';
import type { SweepCollectResult, SweepSlurmOptions, SweepStatus, SweepSubmitResult, SweepSummary } from './sweep';

/** Every method: request type -> response type. */
export interface LabMethods {
  'app.info': { req: void; res: AppInfo };
  'datasets.list': { req: void; res: DatasetSummary[] };
  'datasets.import': { req: { path: string; name?: string; size?: number }; res: DatasetSummary };
  'datasets.remove': { req: { id: string }; res: void };
  /** Generates (once) and lists the built-in procedural dataset, so a new user needs no terminal. */
  'datasets.builtin': { req: void; res: DatasetSummary };
  /** A grid of sample images (PNG data URLs) per category. */
  'datasets.samples': { req: { id: string; perClass: number; split?: 'train' | 'test' }; res: SampleGrid };
  /** One image, clean and transformed, as PNG data URLs (the live preview). */
  'transforms.preview': {
    req: { datasetId: string; index: number; transform: TransformId; params?: Record<string, number>; seed?: number };
    res: { clean: string; transformed: string; params: Record<string, number> };
  };
  'experiments.validate': { req: { spec: unknown }; res: { ok: boolean; errors: SpecError[]; jobs: number; estimateSeconds: number | null } };
  'experiments.create': { req: { spec: ExperimentSpecInput; start?: boolean }; res: ExperimentSummary };
  'experiments.list': { req: { search?: string; status?: string } | void; res: ExperimentSummary[] };
  'experiments.get': { req: { id: string }; res: ExperimentDetail };
  'experiments.remove': { req: { id: string }; res: void };
  /** Start (resume), pause or cancel every job of one experiment (the Queue's group controls). */
  'experiments.control': { req: { id: string; action: ExperimentControl }; res: void };
  /** The Runs view: every experiment with its metrics, tags and note. */
  'experiments.index': { req: void; res: ExperimentIndexRow[] };
  /** Tags and a free-text note on an experiment (stored; searchable in the Runs view). */
  'experiments.annotate': { req: { id: string; tags?: string[]; note?: string }; res: ExperimentAnnotation };
  'jobs.list': { req: { experimentId?: string; active?: boolean } | void; res: JobSummary[] };
  'jobs.epochs': { req: { jobId: string }; res: EpochRecord[] };
  'jobs.pause': { req: { id: string }; res: void };
  'jobs.resume': { req: { id: string }; res: void };
  'jobs.cancel': { req: { id: string }; res: void };
  'queue.pauseAll': { req: void; res: void };
  'queue.resumeAll': { req: void; res: void };
  'results.confusion': { req: { jobId: string; condition: 'clean' | TransformId }; res: ConfusionMatrix };
  /** Example test images of category `trueClass` predicted as `predicted`. */
  'results.confusionExamples': {
    req: { jobId: string; condition: 'clean' | TransformId; trueClass: number; predicted: number; limit?: number };
    res: { images: string[] };
  };
  'results.figure': { req: { experimentId: string; figure: FigureId; options?: FigureOptions }; res: FigureData };
  /** A neuron's top images clean vs transformed, with h_k per image. */
  'results.neuron': { req: { jobId: string; layer?: string; neuron: number; top?: number }; res: NeuronView };
  'reports.export': {
    req: { experimentId: string; outDir: string; formats: ReportFormat[]; figures?: FigureId[]; overwrite?: boolean };
    res: { files: string[]; missing: string[] };
  };
  'settings.get': { req: void; res: Settings };
  'settings.set': { req: Partial<Settings>; res: Settings };
  /** Sweeps on a Slurm cluster (docs/cluster.md): submit a spec or an experiment that has not run. */
  'sweeps.submit': {
    req: { spec?: ExperimentSpecInput; experimentId?: string; dir: string; slurm: SweepSlurmOptions; dryRun?: boolean };
    res: SweepSubmitResult;
  };
  'sweeps.list': { req: { experimentId?: string } | void; res: SweepSummary[] };
  'sweeps.status': { req: { dir: string }; res: SweepStatus };
  'sweeps.collect': { req: { dir: string }; res: SweepCollectResult };
}

export type LabMethod = keyof LabMethods;
export type Req<M extends LabMethod> = LabMethods[M]['req'];
export type Res<M extends LabMethod> = LabMethods[M]['res'];

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

export type ReportFormat = 'html' | 'pdf' | 'svg' | 'png' | 'csv';

export interface FigureOptions {
  transform?: TransformId;
  seenCount?: number | 'all';
  seed?: number;
  condition?: 'clean' | TransformId;
  jobId?: string;
}

export interface NeuronView {
  jobId: string;
  layer: string;
  neuron: number;
  invariance: number | null;
  images: { clean: string; transformed: string; fClean: number; fTransformed: number; h: number | null; category: string }[];
}
