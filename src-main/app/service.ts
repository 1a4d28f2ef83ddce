// The application service: shared/contract.ts's LabMethods over the store and the job queue,
// with the contract's events. Electron IPC, the WebSocket server and the CLI all call this.
import fs from 'node:fs';
import path from 'node:path';
import type {
  AppInfo, LabError, LabEvent, LabEvents, LabMethod, LabMethods, Req, Res, Settings, ValidReq,
} from '../../shared/contract';
import { validateRequest } from '../../shared/contract-schemas';
import type { JobProgress } from '../../shared/results';
import type { BackendPreference } from '../engine/backend';
import type { JobRecord } from '../store';
import { Store, createBlobReader, toJobSummary } from '../store';
import type { WorkerMemory } from '../jobs/protocol';
import { importIntoStore } from './datasets';
import { LabFailure, badRequest, notFound, toLabError } from './errors';
import { LabEventBus } from './events';
import {
  checkMemory, checkSpecAgainstDataset, estimateSeconds, prepareExperiment, previewExpansion, type MemoryBudget, type PreparedExperiment,
} from './experiments';
import { defaultWorkerMemoryMb } from '../jobs/pool';
import { confusionExamples } from './confusion-examples';
import { DatasetCache, calibrationExamples, preview, sampleGrid } from './images';
import { neuronView } from './neuron';
import { resolveDataset } from './datasets';
import { Runtime } from './runtime';
import { sweepHandlers } from './sweeps';
import { validateSpec } from './spec-errors';
import { experimentDetail, experimentSummary } from './views';
import { cachedExperimentIndex } from './lab-index';
import type { ExperimentIndexRow } from '../../shared/lab-index';
import { PathGuard } from './path-guard';
import { runOffLoop } from './off-loop';
import type { ExportTaskInput } from '../report/export-task';
import type { ExportReportResult, ReportProgress } from '../report/export';

export interface LabServiceOptions {
  dbPath: string;
  /** Overrides the stored setting. */
  backend?: BackendPreference;
  workers?: number | 'auto';
  mode?: AppInfo['mode'];
  /** Start the queue at once, resuming interrupted jobs (server, Electron). The CLI starts it on demand. */
  startQueue?: boolean;
  /** Test hook: a module exporting `runners` in place of the engine. */
  runnersModule?: string;
  /**
   * Folders request paths may name besides the data folder (browser mode's `--allow`,
   * Electron's home folder). Unset: requests are not confined (the CLI, whose paths are the
   * terminal user's own). See path-guard.ts.
   */
  allowedRoots?: readonly string[];
  /** Time limit of work run off the event loop (a report export); default 10 min. */
  taskTimeoutMs?: number;
}

const DEFAULT_SETTINGS: Settings = { backend: 'auto', workers: 'auto', theme: 'system' };

export type ProgressDetailListener = (job: JobRecord, progress: JobProgress, memory: WorkerMemory, worker: number | null) => void;

type Handlers = { [M in LabMethod]: (req: ValidReq<M>) => Promise<Res<M>> };

// Loaded on first use (the CLI never draws a figure), once.
let figureDefs: Promise<typeof import('../../shared/figure-defs/index')> | null = null;
const loadFigureDefs = () => (figureDefs ??= import('../../shared/figure-defs/index'));

export class LabService {
  readonly store: Store;
  readonly runtime: Runtime;
  private readonly bus = new LabEventBus();
  private readonly detail = new Set<ProgressDetailListener>();
  private readonly datasets = new DatasetCache();
  private readonly handlers: Handlers;
  private readonly mode: AppInfo['mode'];
  /** Where request paths may point (path-guard.ts). */
  readonly paths: PathGuard;
  private readonly taskTimeoutMs: number;
  /** The Runs index, rebuilt only when the history has changed. */
  private readonly labIndex: () => ExperimentIndexRow[];
  private readonly backendOverride: BackendPreference | undefined;

  constructor(opts: LabServiceOptions) {
    this.store = new Store(opts.dbPath);
    this.paths = new PathGuard(opts.allowedRoots ? [this.store.layout.home, ...opts.allowedRoots] : null);
    this.taskTimeoutMs = opts.taskTimeoutMs ?? Number(process.env.INVLAB_TASK_TIMEOUT_S ?? 600) * 1000;
    this.mode = opts.mode ?? 'browser';
    this.backendOverride = opts.backend;
    const settings = this.settings();
    this.runtime = new Runtime(this.store, {
      backend: opts.backend ?? settings.backend, workers: opts.workers ?? settings.workers, runnersModule: opts.runnersModule,
    }, {
      jobStatus: (job) => this.bus.emit('job.status', toJobSummary(job)),
      progress: (job, progress, memory, worker) => {
        this.bus.emit('job.progress', { jobId: job.id, experimentId: job.experimentId, progress });
        for (const l of this.detail) l(job, progress, memory, worker);
      },
      epoch: (job, e) => this.bus.emit('job.epoch', { ...e, experimentId: job.experimentId }),
      log: (job, level, message) => this.bus.emit('job.log', { jobId: job.id, level, message }),
      experimentStatus: (id, _status, finished) => {
        const exp = this.store.experiments.get(id);
        if (finished && exp) this.bus.emit('experiment.finished', experimentSummary(this.store, exp));
      },
    });
    this.labIndex = cachedExperimentIndex(this.store);
    this.handlers = this.buildHandlers();
    if (opts.startQueue) void this.runtime.queue().then((q) => q.pump());
  }

  /** Validates the request (the one place requests are validated: the transports forward what
   *  they receive), runs the method; rejects with a LabFailure (a LabError), never anything else. */
  async call<M extends LabMethod>(method: M, req: Req<M>): Promise<Res<M>> {
    const valid = validateRequest(String(method), req);
    if (!valid.ok) throw new LabFailure(valid.error.code, valid.error.message, valid.error.fields);
    try {
      // Every path a request names, checked once here (PATH_FIELDS lists them).
      const req2 = this.paths.checkRequest(method, valid.req);
      return await (this.handlers[method] as (r: unknown) => Promise<Res<M>>)(req2);
    } catch (e) {
      if (e instanceof LabFailure) throw e;
      const err: LabError = toLabError(this.store.explain(e));
      throw new LabFailure(err.code, err.message, err.fields);
    }
  }

  on<E extends LabEvent>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
    return this.bus.on(event, listener);
  }

  /** Progress with the worker index and its memory (the CLI's per-worker bars). */
  onProgressDetail(listener: ProgressDetailListener): () => void {
    this.detail.add(listener);
    return () => { this.detail.delete(listener); };
  }

  /** The CLI's `run`: the experiment with this spec (resumed) or a new one, with workers started.
   *  Jobs start at `start()` (subscribe to events in between). */
  async runSpec(spec: unknown, opts: { reuse: boolean; only?: boolean }): Promise<PreparedExperiment> {
    const memory = await this.memoryBudget();
    const prepared = await this.wrap(() => prepareExperiment(this.store, spec, { ...opts, memory }));
    const queue = await this.runtime.queue();
    if (opts.only) queue.restrictTo([prepared.experiment.id]);
    return prepared;
  }

  /** One job's memory: the worker's share of the machine and the backend (checked before a spec is stored). */
  private async memoryBudget(): Promise<MemoryBudget> {
    const info = await this.runtime.backendInfo();
    const workers = await this.runtime.workerCount();
    return { bytesPerWorker: defaultWorkerMemoryMb(workers) * 2 ** 20, workers, backend: info.backend };
  }

  /** Starts whatever is ready. */
  async start(): Promise<void> {
    (await this.runtime.queue()).pump();
  }

  /** Resolves when nothing runs and nothing is ready. */
  async whenIdle(): Promise<void> {
    if (!this.runtime.isStarted()) return;
    await (await this.runtime.queue()).whenIdle();
  }

  /** Queue (or re-run) the analyse jobs of an experiment, optionally with another layer or
   *  tau. They run at `start()`. */
  async analyze(experimentId: string, opts: { layer?: string; tau?: number | 'auto'; only?: boolean }): Promise<{ jobs: number }> {
    const exp = this.mustExperiment(experimentId);
    const jobs = this.store.jobs.byExperiment(exp.id).filter((j) => j.kind === 'analyse');
    if (jobs.length === 0) throw badRequest(`experiment ${exp.id} has no analyse jobs (its spec has analysis.enabled = false)`);
    const queue = await this.runtime.queue();
    if (opts.only) queue.restrictTo([exp.id]);
    if (jobs.some((j) => queue.isRunning(j.id))) throw new LabFailure('conflict', `experiment ${exp.id} is analysing now; wait for it or cancel its analyse jobs`);
    this.store.tx(() => {
      for (const j of jobs) {
        const config = { ...j.config, ...(opts.layer !== undefined ? { layer: opts.layer } : {}), ...(opts.tau !== undefined ? { tau: opts.tau } : {}) };
        this.store.jobs.setConfig(j.id, config);
        if (j.status !== 'queued') this.store.jobs.setStatus(j.id, 'queued');
      }
    });
    return { jobs: jobs.length };
  }

  /** Loads in the background what the first views ask for (the figure definitions, the Runs
   *  index), so that opening Results or Runs does not wait for it (serve and the desktop app). */
  warm(): void {
    setTimeout(() => {
      if (!this.store.db.open) return;
      loadFigureDefs().catch(() => {}); // a failure surfaces on the figure's own request
      try { this.labIndex(); } catch { /* as does the index's */ }
    }, 0).unref();
  }

  async close(): Promise<void> {
    await this.runtime.close();
    this.store.close();
  }

  private settings(): Settings {
    return { ...DEFAULT_SETTINGS, ...(this.store.settings.get<Partial<Settings>>('settings') ?? {}) };
  }

  private mustExperiment(id: string) {
    const exp = this.store.experiments.resolve(id);
    if (!exp) throw notFound(`experiment ${id}`);
    return exp;
  }

  private mustJob(id: string): JobRecord {
    const job = this.store.jobs.get(id);
    if (!job) throw notFound(`job ${id}`);
    return job;
  }

  private async wrap<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof LabFailure) throw e;
      const err = toLabError(e);
      throw new LabFailure(err.code, err.message, err.fields);
    }
  }

  private async datasetOf(id: string) {
    const rec = this.store.datasets.get(id);
    if (!rec) throw notFound(`dataset ${id}`);
    return this.datasets.get(rec.dir);
  }

  private buildHandlers(): Handlers {
    const store = this.store;
    const labIndex = this.labIndex;
    return {
      'app.info': async () => {
        const info = await this.runtime.backendInfo();
        return {
          version: packageVersion(), backend: info.backend, backendReason: info.reason,
          workers: await this.runtime.workerCount(), dataDir: store.layout.home, mode: this.mode,
          versions: Object.fromEntries(Object.entries({ node: process.versions.node, electron: process.versions.electron, v8: process.versions.v8 })
            .filter((e): e is [string, string] => typeof e[1] === 'string')),
        };
      },
      'datasets.list': async () => store.datasets.list().map((d) => d.summary),
      'datasets.import': async (req) => importIntoStore(store, req, (done, total) => this.bus.emit('dataset.importProgress', { path: req.path, done, total })),
      'datasets.remove': async ({ id }) => {
        const rec = store.datasets.get(id);
        if (!rec) throw notFound(`dataset ${id}`);
        const n = store.datasets.experimentCount(id);
        if (n > 0) throw new LabFailure('conflict', `dataset ${id} is used by ${n} experiment(s); remove those first`);
        store.datasets.remove(id);
        removeInside(store.layout.home, rec.dir);
      },
      'datasets.builtin': async () => (await resolveDataset(store, 'builtin')).summary,
      'datasets.samples': async ({ id, perClass, split }) => sampleGrid(await this.datasetOf(id), perClass, split),
      'transforms.preview': async (req) => {
        await this.runtime.backendInfo();
        return preview(await this.datasetOf(req.datasetId), req.index, req.transform, req.params, req.seed);
      },
      'experiments.validate': async ({ spec }) => {
        const r = validateSpec(spec);
        if (!r.ok) return { ok: false, errors: r.errors, jobs: 0, estimateSeconds: null };
        try {
          const ds = await resolveDataset(store, r.spec.dataset);
          checkSpecAgainstDataset(r.spec, ds.summary);
          await checkMemory(r.spec, ds.summary, await this.memoryBudget());
          const expansion = previewExpansion(r.spec, ds.summary);
          const workers = this.runtime.isStarted() ? await this.runtime.workerCount() : (typeof this.settings().workers === 'number' ? this.settings().workers as number : 1);
          return {
            ok: true, errors: expansion.warnings.map((w) => ({ field: 'seenCounts', message: w })), jobs: expansion.jobs.length,
            estimateSeconds: estimateSeconds(r.spec, ds.summary, expansion, { measuredRate: store.epochs.recentImagesPerSecond(), workers }),
          };
        } catch (e) {
          const err = toLabError(e);
          return { ok: false, errors: err.fields ?? [{ field: '(spec)', message: err.message }], jobs: 0, estimateSeconds: null };
        }
      },
      'experiments.create': async ({ spec, start }) => {
        const prepared = await prepareExperiment(store, spec, { reuse: false, memory: await this.memoryBudget() });
        if (start !== false) (await this.runtime.queue()).pump();
        else {
          // "Create" without running: the jobs wait, paused, for the Queue's Run (another
          // experiment's pump must not start them behind the user's back).
          store.tx(() => {
            for (const j of store.jobs.byExperiment(prepared.experiment.id)) if (j.status === 'queued') store.jobs.setStatus(j.id, 'paused');
            store.experiments.setStatus(prepared.experiment.id, 'paused');
          });
        }
        // Every open Queue learns of the new jobs (they may have been created elsewhere).
        for (const j of store.jobs.byExperiment(prepared.experiment.id)) this.bus.emit('job.status', toJobSummary(j));
        return experimentSummary(store, store.experiments.get(prepared.experiment.id)!);
      },
      'experiments.control': async ({ id, action }) => {
        const exp = this.mustExperiment(id);
        const queue = await this.runtime.queue();
        const jobs = store.jobs.byExperiment(exp.id);
        if (action === 'run') {
          for (const j of jobs) if (j.status === 'paused') queue.resume(j.id);
          queue.pump();
        } else if (action === 'pause') {
          for (const j of jobs) if (j.status === 'running' || j.status === 'queued') queue.pause(j.id);
        } else {
          for (const j of jobs) if (j.status === 'running' || j.status === 'queued' || j.status === 'paused') queue.cancel(j.id);
        }
      },
      'experiments.index': async () => labIndex(),
      'experiments.annotate': async ({ id, tags, note }) => {
        const exp = this.mustExperiment(id);
        return store.annotations.set(exp.id, { ...(tags ? { tags } : {}), ...(note !== undefined ? { note } : {}) });
      },
      'experiments.list': async (req) => {
        const search = req?.search?.toLowerCase();
        const notes = search ? store.annotations.all() : null;
        const stats = store.jobs.stats();
        const none = { total: 0, byStatus: {}, byBackend: {}, firstStart: null, lastEnd: null };
        return store.experiments.list()
          .filter((e) => !req?.status || e.status === req.status)
          .map((e) => experimentSummary(store, e, stats.get(e.id) ?? none))
          .filter((s) => !search || [s.id, s.name, s.datasetName, s.network, ...s.transforms, ...(notes?.get(s.id)?.tags ?? []), notes?.get(s.id)?.note ?? '']
            .some((x) => x.toLowerCase().includes(search)));
      },
      'experiments.get': async ({ id }) => experimentDetail(store, this.mustExperiment(id)),
      'experiments.remove': async ({ id }) => {
        const exp = this.mustExperiment(id);
        const jobs = store.jobs.byExperiment(exp.id);
        if (jobs.some((j) => j.status === 'running')) {
          throw new LabFailure('conflict', `experiment ${exp.id} has running jobs; cancel them first`);
        }
        store.experiments.remove(exp.id);
        for (const j of jobs) removeInside(store.layout.home, j.workDir);
      },
      'jobs.list': async (req) => store.jobs.list(req ?? {}).map(toJobSummary),
      'jobs.epochs': async ({ jobId }) => (this.mustJob(jobId), store.epochs.byJob(jobId)),
      'jobs.pause': async ({ id }) => { this.mustJob(id); (await this.runtime.queue()).pause(id); },
      'jobs.resume': async ({ id }) => { this.mustJob(id); (await this.runtime.queue()).resume(id); },
      'jobs.cancel': async ({ id }) => { this.mustJob(id); (await this.runtime.queue()).cancel(id); },
      'queue.pauseAll': async () => { (await this.runtime.queue()).pauseAll(); },
      'queue.resumeAll': async () => { (await this.runtime.queue()).resumeAll(); },
      'results.confusion': async ({ jobId, condition }) => {
        this.mustJob(jobId);
        const c = store.confusions.get(jobId, condition);
        if (!c) throw notFound(`confusion matrix of job ${jobId} on ${condition} test images`);
        return c;
      },
      'results.confusionExamples': async (req) => {
        await this.runtime.backendInfo();
        return confusionExamples(store, this.datasets, req);
      },
      'results.figure': async (req) => {
        const exp = this.mustExperiment(req.experimentId);
        const { buildFigureData } = await loadFigureDefs();
        return buildFigureData(experimentDetail(store, exp), createBlobReader(store), req.figure, req.options);
      },
      'results.neuron': async (req) => {
        await this.runtime.backendInfo();
        return neuronView(store, this.datasets, req);
      },
      'reports.export': async (req) => {
        const exp = this.mustExperiment(req.experimentId);
        // Off the event loop, with a time limit: the exporter renders (ECharts, sharp, Chromium)
        // and touches a folder the user named, which may hang (a network mount, /proc).
        const detail = experimentDetail(store, exp);
        const wantsHtml = req.formats.includes('html') || req.formats.includes('pdf');
        if (wantsHtml && detail.calibrations.length) await this.runtime.backendInfo();
        const examples = wantsHtml ? await calibrationExamples(detail.calibrations, () => this.datasetOf(detail.datasetId)) : [];
        const input: ExportTaskInput = {
          dbPath: store.dbPath, detail, outDir: req.outDir, formats: req.formats, examples,
          ...(req.figures ? { figures: req.figures } : {}), overwrite: req.overwrite === true, ...(req.theme ? { theme: req.theme } : {}),
        };
        return runOffLoop<ExportTaskInput, ExportReportResult, ReportProgress>(new URL('../report/export-task.ts', import.meta.url), input, {
          what: `export the report to ${req.outDir}`, timeoutMs: this.taskTimeoutMs, onMessage: (p) => this.bus.emit('report.progress', p),
        });
      },
      ...sweepHandlers(store, {
        // The process's --backend (the CLI's), else the stored setting: what `run` trains on too.
        backend: () => this.backendOverride ?? this.settings().backend,
        collected: (id) => {
          const exp = store.experiments.get(id);
          if (exp) this.bus.emit('experiment.finished', experimentSummary(store, exp));
        },
      }),
      'settings.get': async () => this.settings(),
      'settings.set': async (req) => {
        const next = { ...this.settings(), ...Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) } as Settings;
        store.settings.set('settings', next);
        return next;
      },
    };
  }
}

/** Deletes a folder only when it lies inside the data folder (an imported path is never touched). */
function removeInside(home: string, dir: string): void {
  const rel = path.relative(home, dir);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return;
  fs.rmSync(dir, { recursive: true, force: true });
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

export function createLabService(opts: LabServiceOptions): LabService {
  return new LabService(opts);
}

export type { LabMethods };
