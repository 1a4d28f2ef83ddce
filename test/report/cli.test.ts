// `invlab report` against a real store seeded with the hand-made experiment: files written,
// missing parts listed, bad options and unknown experiments answered with a clear message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { Store } from '../../src-main/store';
import { parseFigures, parseFormats, registerReportCommand } from '../../src-main/cli/commands/report';
import { makeBlobs, makeDetail } from './fixture';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-report-cli-'));
const db = path.join(dir, 'invlab.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Stores the fixture's experiment as the job runner would have. */
beforeAll(() => {
  const d = makeDetail({ unfinished: true });
  const blobs = makeBlobs();
  const store = new Store(db);
  try {
    store.datasets.save(d.dataset, path.join(dir, 'datasets', d.dataset.id));
    store.experiments.create({ id: d.id, name: d.name, datasetId: d.dataset.id, spec: d.spec, specKey: 'fixture' });
    store.jobs.insertMany(d.jobList.map((j, i) => ({
      id: j.id, experimentId: d.id, ordinal: i, kind: j.kind, transform: j.transform, seenCount: j.seenCount, seed: j.seed,
      seenCategories: [], config: j.kind === 'analyse' ? { networkJobId: j.id.replace('analyse-', 'train-') } : {},
      workDir: path.join(dir, 'jobs', j.id), dependsOn: [],
    })));
    for (const j of d.jobList) {
      if (j.status === 'queued') continue;
      store.jobs.markRunning(j.id, 'cpu');
      if (j.status === 'done') store.jobs.markFinished(j.id, 'done', 1);
    }
    for (const e of d.evaluations) store.evaluations.save(d.id, e);
    for (const e of d.evaluations.filter((x) => x.transform !== null || x.seenCount !== 0)) {
      for (const condition of ['clean', ...d.transforms] as const) {
        const m = blobs.confusion(e.jobId, condition) as { counts: number[][] };
        store.confusions.save({ jobId: e.jobId, condition, counts: m.counts });
      }
    }
    for (const a of d.analyses) {
      store.analyses.save(d.id, a.networkJobId!, a, {
        invariance: blobs.invariance(a.jobId)!, activePerImage: blobs.activePerImage(a.jobId)!, imagesPerNeuron: blobs.imagesPerNeuron(a.jobId)!,
      });
    }
  } finally {
    store.close();
  }
});

let out = '';
let err = '';
afterEach(() => { vi.restoreAllMocks(); out = ''; err = ''; process.exitCode = undefined; });

async function invlab(...args: string[]): Promise<void> {
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  const program = new Command('invlab').option('--db <file>').exitOverride();
  registerReportCommand(program);
  await program.parseAsync(['node', 'invlab', '--db', db, ...args]);
}

it('writes the requested formats and figures of a stored experiment and lists what is missing', async () => {
  const target = path.join(dir, 'out');
  await invlab('report', 'exp-1', '--out', target, '--format', 'svg,csv', '--figures', 'within-across,confusion');
  expect(err).not.toContain('invlab:');
  expect(process.exitCode ?? 0).toBe(0);
  expect(fs.readdirSync(target).sort()).toEqual(['confusion.csv', 'confusion.svg', 'within-across.csv', 'within-across.svg']);
  expect(out).toContain(`wrote 4 files to ${target}`);
  expect(out).toContain('network for Blur with 2 categories seen-transformed: not finished (running)');
  expect(err).toContain('[4/4]');
  // The confusion matrix came from the store's blobs: 4 x 4 cells.
  expect(fs.readFileSync(path.join(target, 'confusion.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(17);
});

it('answers an unknown experiment, format or figure with a message and exit code 1', async () => {
  await invlab('report', 'no-such-experiment', '--out', path.join(dir, 'x'));
  expect(err).toMatch(/^invlab: .*no-such-experiment.*not found/m);
  expect(process.exitCode).toBe(1);
  expect(() => parseFormats('svg,gif')).toThrow('--format: unknown format "gif" (choose from html, pdf, svg, png, csv)');
  expect(() => parseFigures('pie')).toThrow(/--figures: unknown figure "pie"/);
  expect(parseFormats(undefined)).toEqual(['html', 'pdf', 'svg', 'png', 'csv']);
  expect(parseFigures(' ablation , layerwise ')).toEqual(['ablation', 'layerwise']);
});

it('an unwritable output folder is a clear error', async () => {
  const file = path.join(dir, 'plain-file');
  fs.writeFileSync(file, '');
  await invlab('report', 'exp-1', '--out', path.join(file, 'sub'), '--format', 'svg');
  expect(err).toContain(`invlab: cannot write the report to ${path.join(file, 'sub')}: a file is in the way of the folder path`);
  expect(err).not.toContain('internal error');
  expect(process.exitCode).toBe(1);
});
