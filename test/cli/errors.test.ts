// User errors on the command line: a clear message naming the problem, exit code 1, no stack.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/helpers';
import { invlab } from './helpers';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'x.db');

function noStack(s: string): void {
  expect(s).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

describe('invlab errors', () => {
  it('names every wrong field of a spec', async () => {
    const spec = path.join(dir, 'bad.json');
    fs.writeFileSync(spec, JSON.stringify({ dataset: 'builtin', transformations: ['blurr', 'rot90'], epochs: 0, seenCounts: [1, 'most'], learningRate: -1 }));
    const r = await invlab(['run', spec, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/transformations\.0: invalid value: expected one of "grayscale"/);
    expect(r.stderr).toMatch(/epochs: Too small/);
    expect(r.stderr).toMatch(/seenCounts\.1: invalid value/);
    expect(r.stderr).toMatch(/learningRate: /);
    noStack(r.stderr);
    // Nothing was stored for an invalid spec.
    const list = await invlab(['runs', 'list', '--json', '--db', db]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('explains a missing or broken spec file and an unknown experiment', async () => {
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{ not json');
    const [missing, bad, unknown, workers] = await Promise.all([
      invlab(['run', path.join(dir, 'nope.json'), '--db', db]),
      invlab(['run', broken, '--db', db]),
      invlab(['runs', 'show', 'abcdef', '--db', db]),
      invlab(['--workers', 'two', 'run', broken, '--db', db]),
    ]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot read spec file .*nope\.json: no such file/) });
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/broken\.json is not valid JSON/) });
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/experiment abcdef not found/) });
    for (const r of [missing, bad, unknown]) noStack(r.stderr);
    expect(workers.code).toBe(1);
  });

  it('refuses an unknown dataset, naming the field', async () => {
    const spec = path.join(dir, 'ds.json');
    fs.writeFileSync(spec, JSON.stringify({ dataset: 'no-such-dataset', transformations: ['rot90'] }));
    const r = await invlab(['run', spec, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dataset: no dataset "no-such-dataset"/);
    noStack(r.stderr);
  });
});
