// `invlab invariance` on .npy files written here: per-neuron I_k and summaries, the seen /
// unseen split, and clear errors for files the analysis cannot use.
import { Command, CommanderError } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerInvarianceCommand } from '../../src-main/cli/commands/invariance';
import type { InvarianceReport } from '../../src-main/engine/analysis/npy-input';
import { writeNpy } from '../../src-main/engine/io/npy';

const dir = mkdtempSync(join(tmpdir(), 'invlab-invariance-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function npy(name: string, rows: number[][] | number[], dtype: 'f4' | 'u1' = 'f4'): string {
  const path = join(dir, name);
  const flat = (rows as (number | number[])[]).flat();
  const shape = Array.isArray(rows[0]) ? [rows.length, (rows[0] as number[]).length] : [rows.length];
  writeNpy(path, dtype === 'f4' ? Float32Array.from(flat) : Uint8Array.from(flat), shape);
  return path;
}

/** Run the command in-process; returns stdout, or throws the command's error message. */
async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerInvarianceCommand(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
  try {
    await program.parseAsync(['node', 'invlab', 'invariance', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

async function runError(args: string[]): Promise<string> {
  try {
    await run(args);
  } catch (e) {
    expect(e).toBeInstanceOf(CommanderError);
    return (e as Error).message;
  }
  throw new Error('expected the command to fail');
}

// The hand-computed case of core.test.ts: neuron 0 I = (2/3 + 0.4) / 2, 1 dead, 2 silenced, 3 constant.
const clean = npy('clean.npy', [[2, 0, 0, 1], [1, 0, 0, 1], [0, 0, 3, 1]]);
const transformed = npy('transformed.npy', [[1, 0, 0, 1], [4, 0, 0, 1], [0, 0, 0, 1]]);
const i0 = ((1 - 0.25 / 0.75) + (1 - 0.75 / 1.25)) / 2;

describe('invlab invariance', () => {
  it('prints per-neuron I_k with null where excluded, and summary counts, as JSON', async () => {
    const r = JSON.parse(await run(['--clean', clean, '--transformed', transformed, '--tau', '0.25', '--json'])) as InvarianceReport;
    expect(r.tau).toBe(0.25);
    expect([r.images, r.neurons, r.dead]).toEqual([3, 4, 1]);
    expect(r.invariance.all[0]).toBeCloseTo(i0, 12);
    expect(r.invariance.all.slice(1)).toEqual([null, 0, 1]);
    expect(r.summary.all).toMatchObject({ count: 3, dead: 1, emptyActive: 0 });
    expect(r.summary.all.median).toBeCloseTo(i0, 12);
    expect(r.activePerImage).toEqual([2, 1, 2]);
    expect(r.imagesPerNeuron).toEqual([2 / 3, null, 1 / 3, 1]);
    expect(r.invariance.seen).toBeUndefined();
  });

  it('splits by a per-image seen mask', async () => {
    const mask = npy('mask.npy', [1, 1, 0], 'u1');
    const r = JSON.parse(await run(['--clean', clean, '--transformed', transformed, '--tau', '0.25', '--seen', mask, '--json'])) as InvarianceReport;
    expect(r.split).toEqual({ seenImages: 2, unseenImages: 1 });
    expect(r.invariance.seen![0]).toBeCloseTo(i0, 12);
    expect(r.invariance.seen!.slice(1)).toEqual([null, null, 1]);
    expect(r.invariance.unseen).toEqual([null, null, 0, 1]);
    expect(r.summary.seen).toMatchObject({ count: 2, dead: 1, emptyActive: 1 });
    expect(r.summary.unseen).toMatchObject({ count: 2, dead: 1, emptyActive: 1 });
  });

  it('splits by labels and seen categories the same way', async () => {
    const labels = npy('labels.npy', [4, 2, 0]);
    const r = JSON.parse(await run(['--clean', clean, '--transformed', transformed, '--tau', '0.25', '--labels', labels, '--seen-categories', '2,4', '--json'])) as InvarianceReport;
    expect(r.invariance.unseen).toEqual([null, null, 0, 1]);
  });

  it('prints a readable summary without --json', async () => {
    const out = await run(['--clean', clean, '--transformed', transformed]);
    expect(out).toMatch(/3 images x 4 neurons, tau 0/);
    expect(out).toMatch(/all\s+neurons\s+3\s+dead\s+1\s+empty A_k\s+0/);
  });

  it('refuses bad input with a message naming the file and the problem', async () => {
    const base = ['--clean', clean, '--transformed'];
    expect(await runError([...base, npy('wide.npy', [[1, 0, 0, 1, 0], [1, 0, 0, 1, 0], [1, 0, 0, 1, 0]])]))
      .toMatch(/shape mismatch: .*clean\.npy is \[3, 4\] but .*wide\.npy is \[3, 5\]/);
    expect(await runError([...base, npy('nan.npy', [[1, 0, 0, 1], [NaN, 0, 0, 1], [0, 0, 0, 1]])])).toMatch(/nan\.npy contains NaN \(at image 1, neuron 0\)/);
    expect(await runError([...base, npy('neg.npy', [[1, 0, 0, 1], [1, 0, -2, 1], [0, 0, 0, 1]])])).toMatch(/neg\.npy contains a negative value -2 \(at image 1, neuron 2\): activations must be post-ReLU/);
    expect(await runError([...base, npy('bytes.npy', [[1, 0, 0, 1], [1, 0, 0, 1], [0, 0, 0, 1]], 'u1')])).toMatch(/bytes\.npy: activations must be float32 .*got dtype '\|u1'/);
    expect(await runError([...base, npy('flat.npy', [1, 2, 3])])).toMatch(/flat\.npy: activations must be a 2-D array \[images, neurons\], got shape \[3\]/);
    const empty = join(dir, 'empty.npy');
    writeFileSync(empty, '');
    expect(await runError([...base, empty])).toMatch(/empty\.npy: file is empty/);
    expect(await runError([...base, join(dir, 'missing.npy')])).toMatch(/missing\.npy: cannot read \(ENOENT\)/);
    expect(await runError([...base, transformed, '--seen', npy('short.npy', [1, 0], 'u1')])).toMatch(/short\.npy: the seen mask has 2 entries but the activations have 3 images/);
    expect(await runError([...base, transformed, '--seen', npy('two.npy', [1, 2, 0], 'u1')])).toMatch(/two\.npy: the seen mask must hold 0\/1 .* entry 1 is 2/);
    expect(await runError([...base, transformed, '--labels', npy('lab.npy', [0, 1, 2])])).toMatch(/--labels and --seen-categories go together/);
    expect(await runError([...base, transformed, '--tau', '2'])).toMatch(/--tau must be a number in \[0, 1\]/);
  });
});
