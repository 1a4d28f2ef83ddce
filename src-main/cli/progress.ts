// Live progress of a run: on a terminal, one bar per worker (job, epoch, loss, accuracy,
// images/s, memory) and one for the experiment's jobs; elsewhere (pipes, tests, CI), one
// line per event, so logs stay readable.
import cliProgress from 'cli-progress';
import type { JobSummary } from '../../shared/results';
import type { LabService } from '../app';
import { duration } from './format';
import { workerMemoryMb } from '../app/tools';

function label(j: Pick<JobSummary, 'kind' | 'transform' | 'seenCount' | 'seed'>): string {
  const what = j.kind === 'calibrate' ? `calibrate ${j.transform}` : `${j.kind} ${j.transform ?? 'clean'}${j.kind === 'train' && j.transform === null ? '' : ` k=${j.seenCount}`}`;
  return `${what} s${j.seed}`;
}

export interface ProgressView { stop(): void }

/** `jobs`: the experiment's jobs from the service (`jobs.list`), as the CLI asks like every door. */
export function attachProgress(service: LabService, experimentId: string, jobs: readonly JobSummary[], stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const total = jobs.length;
  let done = jobs.filter((j) => j.status === 'done').length;
  const ids = new Set(jobs.map((j) => j.id));
  const mine = (id: string) => ids.has(id);
  // A failure's log line repeats what the FAILED line says: the message is printed once.
  const echo = (l: { jobId: string; level: string; message: string }) => mine(l.jobId) && !(l.level === 'error' && l.message.startsWith(`${l.jobId} failed: `));
  const offs: (() => void)[] = [];

  if (!stream.isTTY) {
    offs.push(service.on('job.status', (j) => {
      if (j.experimentId !== experimentId) return;
      if (j.status === 'running') stream.write(`start  ${j.id} (${label(j)}, attempt ${j.attempts})\n`);
      else if (j.status === 'done') stream.write(`done   ${j.id} [${++done}/${total}]\n`);
      else if (j.status === 'failed') stream.write(`FAILED ${j.id}: ${j.error}\n`);
      else stream.write(`${j.status} ${j.id}\n`);
    }));
    offs.push(service.on('job.epoch', (e) => {
      if (e.experimentId !== experimentId) return;
      stream.write(`epoch  ${e.jobId} ${e.epoch}: loss ${e.trainLoss.toFixed(3)} acc ${(e.trainAccuracy * 100).toFixed(1)}% val ${(e.valAccuracy * 100).toFixed(1)}% ${Math.round(e.imagesPerSecond)} img/s\n`);
    }));
    offs.push(service.on('job.log', (l) => { if (echo(l)) stream.write(`log    ${l.jobId}: ${l.message}\n`); }));
    return { stop: () => offs.forEach((f) => f()) };
  }

  const multi = new cliProgress.MultiBar({
    stream, clearOnComplete: false, hideCursor: true, autopadding: true, etaBuffer: 50,
    format: '{name} |{bar}| {percentage}% {info}',
  }, cliProgress.Presets.shades_classic);
  const overall = multi.create(total, done, { name: 'jobs    ', info: `${done}/${total} done` });
  const bars = new Map<number, cliProgress.SingleBar>();
  const t0 = Date.now();

  offs.push(service.onProgressDetail((job, p, memory, worker) => {
    if (job.experimentId !== experimentId) return;
    const w = worker ?? 0;
    let bar = bars.get(w);
    if (!bar) { bar = multi.create(100, 0, { name: `worker ${w}`, info: '' }); bars.set(w, bar); }
    const steps = Math.max(1, p.steps);
    const fraction = ((Math.max(1, p.epoch) - 1) * steps + p.step) / (Math.max(1, p.epochs) * steps);
    const mem = `${Math.round(workerMemoryMb(memory))} MB`;
    bar.update(Math.min(100, Math.round(fraction * 100)), {
      info: `${label(job)} ep ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)} acc ${(p.accuracy * 100).toFixed(1)}% ${Math.round(p.imagesPerSecond)} img/s ${mem}`,
    });
  }));
  offs.push(service.on('job.status', (j) => {
    if (j.experimentId !== experimentId) return;
    if (j.status === 'done') done++;
    if (j.status === 'failed') multi.log(`FAILED ${j.id}: ${j.error}\n`);
    overall.update(done, { info: `${done}/${total} done, ${duration((Date.now() - t0) / 1000)}` });
  }));
  offs.push(service.on('job.log', (l) => { if (echo(l)) multi.log(`${l.jobId}: ${l.message}\n`); }));
  return {
    stop: () => {
      offs.forEach((f) => f());
      multi.stop();
    },
  };
}
