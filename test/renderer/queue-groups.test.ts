// The Queue's grouping: newest experiment first, progress from finished and running jobs,
// finished groups folded unless the user unfolded them.
import { describe, expect, it } from 'vitest';
import { flattenGroups, groupJobs } from '../../src-renderer/src/lib/queue-groups';
import { storedSeenCounts } from '../../src-main/jobs/expand';
import { jobLine } from '../../src-renderer/src/lib/format';
import { duration } from '../../shared/duration';
import type { ExperimentSummary, JobSummary } from '../../shared/results';

const job = (id: string, experimentId: string, status: JobSummary['status'], progress: JobSummary['progress'] = null): JobSummary => ({
  id, experimentId, kind: 'train', transform: null, seenCount: 0, seed: 0, status, attempts: 1, backend: 'wasm', startedAt: null, finishedAt: null, error: null, progress,
});
const exp = (id: string, createdAt: string): ExperimentSummary => ({
  id, name: `exp ${id}`, datasetId: 'd', datasetName: 'd', network: 'labnet', transforms: ['blur'], status: 'done', createdAt, finishedAt: null, jobs: { total: 0, done: 0, failed: 0 },
});

describe('queue groups', () => {
  const jobs = [
    job('a1', 'old', 'done'), job('a2', 'old', 'done'),
    job('b1', 'new', 'done'), job('b2', 'new', 'running', { epoch: 2, epochs: 2, step: 5, steps: 10, loss: 1, accuracy: 0.5, imagesPerSecond: 100 }), job('b3', 'new', 'queued'),
  ];
  const groups = groupJobs(jobs, [exp('old', '2026-01-01T00:00:00Z'), exp('new', '2026-02-01T00:00:00Z')]);
  it('puts the newest experiment first with its counts and progress', () => {
    expect(groups.map((g) => g.id)).toEqual(['new', 'old']);
    expect(groups[0]!.status).toBe('running');
    expect(groups[0]!.jobs.map((j) => j.id)).toEqual(['b2', 'b3', 'b1']);
    expect(groups[0]!.progress).toBeCloseTo((1 + 0.75) / 3, 5);
    expect(groups[1]).toMatchObject({ finished: true, status: 'done', progress: 1 });
  });
  it('folds finished groups unless unfolded', () => {
    expect(flattenGroups(groups, {}).map((r) => (r.kind === 'group' ? `g:${r.group.id}` : r.job.id))).toEqual(['g:new', 'b2', 'b3', 'b1', 'g:old']);
    expect(flattenGroups(groups, { old: true, new: false }).length).toBe(4);
  });
});

describe('queue groups at scale', () => {
  it('counts a group whose jobs are not loaded from its index row', () => {
    const src = [{ id: 'big', name: 'big', createdAt: '2026-01-01', status: 'done', jobs: { total: 62, done: 60, failed: 2, running: 0 } }];
    const [g] = groupJobs([], src, new Set());
    expect(g).toMatchObject({ loaded: false, total: 62, done: 60, finished: true, status: 'failed' });
    expect(flattenGroups([g!], {})).toHaveLength(1);
  });
});

describe('stored seen counts', () => {
  it('stores a count at or above the categories as all, keeps 0, sorts and dedupes', () => {
    expect(storedSeenCounts([0, 1, 99], 3)).toEqual([0, 1, 'all']);
    expect(storedSeenCounts([5, 3, 'all', 1, 1], 3)).toEqual([1, 'all']);
    expect(storedSeenCounts([2, 0], 10)).toEqual([0, 2]);
  });
});

describe('queue card lines', () => {
  const base = job('j', 'e', 'queued');
  it('never leaves a card blank and says why a job is not moving', () => {
    expect(jobLine({ ...base, backend: null })).toMatch(/waiting for a worker/);
    expect(jobLine({ ...base, status: 'paused', backend: null })).toBe('paused before it started');
    expect(jobLine({ ...base, status: 'paused', startedAt: '2026-01-01T00:00:00Z', progress: { epoch: 3, epochs: 15, step: 4, steps: 10, loss: 1, accuracy: 0.5, imagesPerSecond: 500 } }))
      .toBe('wasm · paused in epoch 3/15; resumes from its last checkpoint');
    expect(jobLine({ ...base, status: 'done', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:05:31Z' })).toBe('wasm · done in 5 min 31 s');
    expect(jobLine({ ...base, status: 'running', progress: { epoch: 2, epochs: 4, step: 1, steps: 10, loss: 1, accuracy: 0.5, imagesPerSecond: 512.4 } })).toBe('wasm · epoch 2/4 · 512 img/s');
  });
  it('writes durations rounded to the second', () => {
    expect([duration(59.6), duration(119.6), duration(3599.6), duration(3725)]).toEqual(['1 min 00 s', '2 min 00 s', '1 h 00 min', '1 h 02 min']);
  });
});
