// What `invlab sweep` says about bad input, without a cluster: no sbatch on PATH, a folder it
// cannot write or the compute nodes cannot read, a folder of another version, a manifest edited
// by hand, a folder that was never submitted. Each is a clear message (exit code 1) and leaves
// the history as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/helpers';
import { invlab } from '../cli/helpers';
import { Store } from '../../src-main/store';
import { collectSweep } from '../../src-main/sweep/collect';
import { sweepStatus } from '../../src-main/sweep/status';
import { runSweepTask } from '../../src-main/sweep/task';

function withStore<T>(f: (s: Store) => T): T {
  const st = new Store(db);
  try { return f(st); } finally { st.close(); }
}

const root = tempDir('invlab-sweep-bad-');
const db = path.join(root, 'home', 'invlab.db');
const specFile = path.join(root, 'spec.json');
const bin = path.join(root, 'bin');
const fakeCluster = path.join(root, 'fake-cluster-bin');
const dry = path.join(root, 'dry');

function tool(dir: string, name: string, script: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
}

beforeAll(async () => {
  fs.writeFileSync(specFile, JSON.stringify({ dataset: 'builtin-s16-n30', transformations: ['blur'], seenCounts: [0, 5], epochs: 1 }));
  // A PATH with the basics but no Slurm; and one whose cluster has two other nodes.
  for (const t of ['stat', 'sh']) {
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(`/usr/bin/${t}`.replace('/usr/bin/sh', '/bin/sh'), path.join(bin, t));
  }
  tool(fakeCluster, 'sinfo', 'printf "node01\\nnode02\\n"');
  tool(fakeCluster, 'sbatch', 'echo "sbatch must not be called" >&2; exit 1');
  fs.symlinkSync('/usr/bin/stat', path.join(fakeCluster, 'stat'));
  const r = await invlab(['sweep', 'submit', specFile, '--dir', dry, '--dry-run', '--db', db], { env: { PATH: bin } });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function experiments(): Promise<unknown[]> {
  const r = await invlab(['runs', 'list', '--json', '--db', db]);
  return JSON.parse(r.stdout) as unknown[];
}

describe('invlab sweep on bad input', () => {
  it('a dry run writes a complete folder and records nothing', async () => {
    for (const f of ['sweep.json', 'README.md', 'slurm/submit.sh', 'slurm/level-0.sbatch', 'dataset/meta.json']) expect(fs.existsSync(path.join(dry, f)), f).toBe(true);
    expect(fs.existsSync(path.join(dry, 'submission.json'))).toBe(false);
    expect(fs.readFileSync(path.join(dry, 'slurm', 'level-1.sbatch'), 'utf8')).toMatch(/#SBATCH --requeue[\s\S]*#SBATCH --signal=B:USR1@120[\s\S]*exec .* sweep task /);
    expect(await experiments()).toEqual([]);
  });

  it('no sbatch on PATH', async () => {
    const dir = path.join(root, 'no-sbatch');
    const r = await invlab(['sweep', 'submit', specFile, '--dir', dir, '--db', db], { env: { PATH: bin } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invlab: sbatch is not on PATH: run `invlab sweep` on the cluster's login node .* or pass --dry-run/);
    expect(fs.existsSync(dir)).toBe(false);
    expect(await experiments()).toEqual([]);
  });

  it('a folder that cannot be written', async () => {
    const r = await invlab(['sweep', 'submit', specFile, '--dir', '/sys/invlab-sweep-test', '--dry-run', '--db', db], { env: { PATH: bin } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sweep folder \/sys\/invlab-sweep-test is not writable \(permission denied\)/);
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'x');
    const r2 = await invlab(['sweep', 'submit', specFile, '--dir', path.join(file, 'sweep'), '--dry-run', '--db', db], { env: { PATH: bin } });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/a-file\/sweep is not writable/);
  });

  it('a folder the compute nodes cannot read', async () => {
    const dir = path.join(root, 'local');
    const r = await invlab(['sweep', 'submit', specFile, '--dir', dir, '--db', db], { env: { PATH: `${fakeCluster}:${bin}` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is on a local \S+ file system of .*, which the compute nodes \(node01, node02\) cannot read/);
    expect(r.stderr).not.toMatch(/sbatch must not be called/);
    expect(await experiments()).toEqual([]);
  });

  it('a folder that already holds a sweep, or is not empty', async () => {
    const r = await invlab(['sweep', 'submit', specFile, '--dir', dry, '--dry-run', '--db', db], { env: { PATH: bin } });
    expect(r.stderr).toMatch(/already holds a sweep \(sweep\.json\)/);
    const r2 = await invlab(['sweep', 'submit', specFile, '--dir', root, '--dry-run', '--db', db], { env: { PATH: bin } });
    expect(r2.stderr).toMatch(/is not an empty folder/);
  });

  it('a folder from another version, and a manifest edited by hand', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dry, 'sweep.json'), 'utf8')) as { version: number; jobs: { seenCategories: number[] }[] };
    const other = path.join(root, 'other-version');
    fs.cpSync(dry, other, { recursive: true });
    fs.writeFileSync(path.join(other, 'sweep.json'), JSON.stringify({ ...manifest, version: 2 }));
    // Every command reads the manifest the same way: the CLI once, the others in process.
    const r = await invlab(['sweep', 'status', other], { env: { PATH: bin } });
    expect(r.code).toBe(1);
    const version = /sweep\.json was written by invlab \S+ in sweep format 2; this invlab reads format 1/;
    expect(r.stderr).toMatch(version);
    expect(() => withStore((st) => collectSweep(st, other))).toThrow(version);
    await expect(runSweepTask(other, '0', { print: () => {} })).rejects.toThrow(version);
    const edited = path.join(root, 'edited');
    fs.cpSync(dry, edited, { recursive: true });
    manifest.jobs[1]!.seenCategories = [0, 1, 2];
    fs.writeFileSync(path.join(edited, 'sweep.json'), JSON.stringify(manifest));
    const r2 = await invlab(['sweep', 'collect', edited, '--db', db], { env: { PATH: bin } });
    expect(r2.code).toBe(1);
    const changed = /sweep\.json was changed after it was written \(checksum mismatch\)/;
    expect(r2.stderr).toMatch(changed);
    expect(() => sweepStatus(edited)).toThrow(changed);
    await expect(runSweepTask(edited, '1', { print: () => {} })).rejects.toThrow(changed);
    expect(fs.readdirSync(path.join(edited, 'tasks'))).toEqual([]);
    expect(await experiments()).toEqual([]);
  });

  it('a folder that was never submitted, an index that is not in it', async () => {
    const r = await invlab(['sweep', 'collect', dry, '--db', db], { env: { PATH: bin } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was never submitted \(no submission\.json: a --dry-run folder\?\)/);
    const r2 = await invlab(['sweep', 'task', dry, '99'], { env: { PATH: bin } });
    expect(r2.stderr).toMatch(/array index 99 is not in sweep \w+ \(indices 0\.\.\d+\)/);
    await expect(runSweepTask(dry, undefined, { env: {}, print: () => {} })).rejects.toThrow(/no array index: give one .* or run as a Slurm array task \(SLURM_ARRAY_TASK_ID\)/);
    const r4 = await invlab(['sweep', 'submit', specFile, '--dir', path.join(root, 't'), '--time', 'soon', '--dry-run', '--db', db]);
    expect(r4.stderr).toMatch(/--time must be a Slurm time/);
    expect(await experiments()).toEqual([]);
  });
});
