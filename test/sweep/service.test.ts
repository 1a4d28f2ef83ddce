// The service's sweeps.* methods (what the designer and the Queue view call): a dry run through
// the contract, its status from the task folders, and requests the contract refuses.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExperimentSpecInput } from '../../shared/spec';
import { createLabService } from '../../src-main/app';
import { tempDir } from '../store/helpers';

const root = tempDir('invlab-sweep-service-');
const service = createLabService({ dbPath: path.join(root, 'invlab.db') });
afterAll(async () => {
  await service.close();
  fs.rmSync(root, { recursive: true, force: true });
});
const SPEC: ExperimentSpecInput = { dataset: 'builtin-s16-n30', transformations: ['rot90'], seenCounts: [0, 'all'], epochs: 1 };

describe('sweeps through the service', () => {
  it('writes a dry-run sweep and reports its jobs as pending', async () => {
    const dir = path.join(root, 'dry');
    const r = await service.call('sweeps.submit', { spec: SPEC, dir, dryRun: true, slurm: { cpus: 1, mem: '1G', time: '00:30:00', maxParallel: 4 } });
    expect(r).toMatchObject({ dir, dryRun: true, jobs: 4, cluster: null });
    expect(r.levels.map((l) => l.kinds)).toEqual([['train'], ['analyse']]);
    expect(fs.readFileSync(path.join(dir, 'slurm', 'level-0.sbatch'), 'utf8')).toMatch(/#SBATCH --array=0-1%4\n[\s\S]*#SBATCH --cpus-per-task=1\n#SBATCH --mem=1G\n#SBATCH --time=00:30:00/);
    const s = await service.call('sweeps.status', { dir });
    expect(s).toMatchObject({ submitted: false, counts: { pending: 4, done: 0 }, collected: 0 });
    // A dry run records nothing in the history.
    expect(await service.call('sweeps.list', undefined)).toEqual([]);
    expect(await service.call('experiments.list', undefined)).toEqual([]);
  });

  it('refuses bad requests naming the field', async () => {
    await expect(service.call('sweeps.submit', { dir: path.join(root, 'x'), slurm: {} })).rejects.toMatchObject({ code: 'bad-request', message: /give either spec or experimentId/ });
    await expect(service.call('sweeps.submit', { spec: SPEC, dir: path.join(root, 'y'), dryRun: true, slurm: { mem: 'lots' } })).rejects.toMatchObject({ message: /memory must be a Slurm size/ });
    await expect(service.call('sweeps.status', { dir: path.join(root, 'nothing') })).rejects.toMatchObject({ code: 'bad-input', message: /sweep\.json is missing/ });
  });
});
