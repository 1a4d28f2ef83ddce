// The local single-node Slurm cluster (scripts/slurm-local.sh) for tests: its own folder and
// ports, so it never meets a cluster a developer started by hand. Tests skip, saying why, only
// where Slurm is not installed or cannot run (not root).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'slurm-local.sh');

export function slurmUnavailable(): string | null {
  for (const t of ['slurmctld', 'slurmd', 'munged', 'sbatch']) {
    if (spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0) return `${t} is not installed (apt-get install slurm-wlm munge)`;
  }
  if (process.getuid?.() !== 0) return 'the local Slurm cluster needs root (slurmd starts jobs as their user)';
  return null;
}

export interface Cluster { dir: string; env: NodeJS.ProcessEnv; stop(): void }

export function startCluster(dir: string): Cluster {
  const env = {
    ...process.env, INVLAB_SLURM_DIR: dir, INVLAB_SLURM_CTLD_PORT: '6837', INVLAB_SLURM_SLURMD_PORT: '6838',
    INVLAB_SLURM_CPUS: '2', INVLAB_SLURM_MEM_MB: '3072',
  };
  const stop = () => {
    spawnSync('bash', [SCRIPT, 'stop'], { env, stdio: 'ignore' });
  };
  try {
    execFileSync('bash', [SCRIPT, 'start'], { env, stdio: 'pipe' });
  } catch (e) {
    stop();
    const log = ['slurmctld.log', 'slurmd.log'].map((f) => path.join(dir, 'log', f)).filter(fs.existsSync).map((f) => fs.readFileSync(f, 'utf8').slice(-1500)).join('\n');
    throw new Error(`the local Slurm cluster did not start: ${(e as { stderr?: Buffer }).stderr?.toString() ?? e}\n${log}`);
  }
  return { dir, env: { ...env, SLURM_CONF: path.join(dir, 'slurm.conf') }, stop };
}

export function slurm(cluster: Cluster, tool: string, args: string[]): string {
  return execFileSync(tool, args, { env: cluster.env, encoding: 'utf8' });
}
