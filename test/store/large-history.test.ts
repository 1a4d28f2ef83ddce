// The scale fixture writes a consistent history through the store, and the Runs index reads
// it back with a metric for every experiment (timings: scripts/bench-workbench.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillLargeHistory } from '../fixtures/large-history';
import { createLabService } from '../../src-main/app';
import { Store } from '../../src-main/store';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-scale-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('large history fixture', () => {
  it('writes 30 networks per experiment, all done, indexed with metrics, tags and notes', async () => {
    const db = path.join(tmp, 'lab.db');
    const h = fillLargeHistory(db, { experiments: 6 });
    expect(h).toMatchObject({ experiments: 6, networks: 180 });
    const lab = createLabService({ dbPath: db });
    try {
      const rows = await lab.call('experiments.index', undefined);
      expect(rows).toHaveLength(6);
      for (const r of rows) {
        expect(r.status).toBe('done');
        expect(r.jobs.done).toBe(r.jobs.total);
        expect(r.across).toBeGreaterThan(0);
        expect(r.invariance).toBeGreaterThan(0);
        expect(r.r).not.toBeNull();
        expect(Object.keys(r.perTransform)).toHaveLength(2);
      }
      const a = await lab.call('experiments.annotate', { id: rows[0]!.id, tags: ['baseline', ' baseline ', 'x'], note: 'kept' });
      expect(a.tags).toEqual(['baseline', 'x']);
      const found = await lab.call('experiments.list', { search: 'kept' });
      expect(found.map((e) => e.id)).toEqual([rows[0]!.id]);
      expect((await lab.call('experiments.index', undefined)).find((r) => r.id === rows[0]!.id)!.tags).toEqual(['baseline', 'x']);
      // The index is kept between calls and rebuilt when the history changes, also when another
      // connection (the CLI, another window) writes it.
      const other = new Store(db);
      try {
        other.annotations.set(rows[1]!.id, { note: 'from the CLI' });
        const ev = other.evaluations.byExperiment(rows[1]!.id).find((e) => e.transform !== null && e.across !== null)!;
        other.evaluations.save(rows[1]!.id, { ...ev, across: 0 });
      } finally {
        other.close();
      }
      const again = (await lab.call('experiments.index', undefined)).find((r) => r.id === rows[1]!.id)!;
      expect(again.note).toBe('from the CLI');
      expect(again.across).toBeLessThan(rows[1]!.across!);
      const fig = await lab.call('results.figure', { experimentId: rows[0]!.id, figure: 'within-across' });
      expect(fig.missing).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 60_000);
});
