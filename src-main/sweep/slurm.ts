// Talking to Slurm: the generated array scripts, sbatch, and what squeue / scontrol / sacct
// say about the arrays. Only the login node (submit, status) and a finishing task (re-arming
// dependencies after a requeue) call these.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ManifestJob, SubmittedArray, Submission, SweepManifest } from './format';
import { SweepError } from './format';
import { arraySpec, levels } from './plan';

/** The absolute path of a Slurm command on PATH, or null. */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const d of (env.PATH ?? '').split(path.delimiter)) {
    if (!d) continue;
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch { /* not here */ }
  }
  return null;
}

export function requireTool(name: string): string {
  const p = findTool(name);
  if (!p) {
    throw new SweepError(`${name} is not on PATH: run \`invlab sweep\` on the cluster's login node (where \`${name}\` works; ` +
      'on some clusters after `module load slurm`), or pass --dry-run to write the sweep folder without submitting');
  }
  return p;
}

function run(tool: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') || (r.error ? r.error.message : '') };
}

/** The cluster's name (slurm.conf ClusterName), null when it cannot be asked. */
export function clusterName(): string | null {
  const scontrol = findTool('scontrol');
  if (!scontrol) return null;
  const r = run(scontrol, ['show', 'config']);
  return /^ClusterName\s*=\s*(\S+)/m.exec(r.stdout)?.[1] ?? null;
}

/** Node names of the cluster (sinfo), null when sinfo is not available. */
export function clusterNodes(): string[] | null {
  const sinfo = findTool('sinfo');
  if (!sinfo) return null;
  const r = run(sinfo, ['-h', '-N', '-o', '%N']);
  return r.ok ? [...new Set(r.stdout.split(/\s+/).filter(Boolean))] : null;
}

/** File systems compute nodes typically share with the login node. */
const SHARED_FS = /^(nfs|nfs4|lustre|gpfs|beegfs|cifs|smb2?|ceph|cephfs|panfs|wekafs|glusterfs|fuse\..*|autofs|afs|orangefs|pvfs2|vast|quobyte)$/i;

export function fileSystemType(dir: string): string | null {
  try {
    return execFileSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/**
 * The sweep folder must be writable here and readable by every compute node. A folder on a
 * local file system (ext4, xfs, tmpfs...) is refused unless every node of the cluster is this
 * machine (a single-node cluster, as in the tests), or the user says it is shared.
 */
export function checkSweepFolder(dir: string, opts: { allowLocal?: boolean } = {}): { fsType: string | null; nodes: string[] | null } {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.invlab-write-test-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SweepError(`sweep folder ${dir} is not writable (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : (e as Error).message}); ` +
      'choose a folder on the cluster\'s shared file system that you can write, e.g. under $HOME or your scratch space');
  }
  const fsType = fileSystemType(dir);
  const nodes = clusterNodes();
  const here = new Set([os.hostname(), os.hostname().split('.')[0]]);
  const onlyHere = nodes !== null && nodes.length > 0 && nodes.every((n) => here.has(n));
  if (!opts.allowLocal && fsType && !SHARED_FS.test(fsType) && nodes !== null && !onlyHere) {
    throw new SweepError(`sweep folder ${dir} is on a local ${fsType} file system of ${os.hostname()}, which the compute nodes ` +
      `(${nodes.slice(0, 4).join(', ')}${nodes.length > 4 ? ', ...' : ''}) cannot read; choose a folder on the shared file system ` +
      '(e.g. under $HOME or /scratch), or pass --shared if this one is shared after all');
  }
  return { fsType, nodes };
}

function q(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function scriptName(level: number): string {
  return `level-${level}.sbatch`;
}

/** One array script per dependency level; the dependency is given at submission (sbatch --dependency). */
export function sbatchScript(dir: string, m: SweepManifest, jobs: readonly ManifestJob[]): string {
  const o = m.slurm;
  const level = jobs[0]!.level;
  const kinds = [...new Set(jobs.map((j) => j.kind))].join('+');
  const lines = [
    '#!/bin/bash',
    `# Invariance Lab sweep ${m.sweepId}, experiment ${m.experiment.id}: dependency level ${level} (${jobs.length} ${kinds} job(s)).`,
    '# Written by `invlab sweep submit`; each array task runs one job of sweep.json into tasks/<job-id>/.',
    `#SBATCH --job-name=invlab-${m.experiment.id}-L${level}`,
    `#SBATCH --array=${arraySpec(jobs.map((j) => j.index))}${o.maxParallel ? `%${o.maxParallel}` : ''}`,
    `#SBATCH --output=${path.join(dir, 'logs', `%x-%A_%a.out`)}`,
    '#SBATCH --open-mode=append',
    `#SBATCH --chdir=${dir}`,
    '#SBATCH --requeue',
    // Before the time limit: the task checkpoints and requeues itself (see src-main/sweep/task.ts).
    '#SBATCH --signal=B:USR1@120',
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${o.cpus}`,
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.account ? [`#SBATCH --account=${o.account}`] : []),
    ...(o.gpus ? [`#SBATCH --gpus=${o.gpus}`] : []),
    ...o.sbatchArgs.map((a) => `#SBATCH ${a}`),
    '',
    // exec: the task is the batch step's process itself, so SIGTERM / SIGUSR1 reach it directly.
    `exec ${q(m.command.node)} ${q(m.command.bin)} --backend ${m.backend} sweep task ${q(dir)}`,
    '',
  ];
  return lines.join('\n');
}

/** The dependency of a level's array: afterok on exactly the array tasks its jobs need. */
export function dependencyOf(jobs: readonly ManifestJob[], m: SweepManifest, arrayOfLevel: Map<number, string>): string | null {
  const byId = new Map(m.jobs.map((j) => [j.id, j]));
  const deps = new Set<string>();
  for (const j of jobs) {
    for (const d of j.dependsOn) {
      const dj = byId.get(d)!;
      deps.add(`${arrayOfLevel.get(dj.level)}_${dj.index}`);
    }
  }
  return deps.size ? `afterok:${[...deps].sort().join(':')}` : null;
}

/** A shell script that submits the same chain by hand (what --dry-run prints). */
export function submitScript(dir: string, m: SweepManifest): string {
  const lines = ['#!/bin/bash', '# Submits the sweep arrays in dependency order (what `invlab sweep submit` does).', 'set -euo pipefail', `cd ${q(dir)}`];
  const byLevel = new Map<number, string>();
  for (const jobs of levels(m.jobs)) {
    const level = jobs[0]!.level;
    byLevel.set(level, `\${L${level}}`);
    const dep = dependencyOf(jobs, m, byLevel);
    lines.push(`L${level}=$(sbatch --parsable${dep ? ` --dependency=${dep}` : ''} slurm/${scriptName(level)} | cut -d';' -f1)`, `echo "level ${level}: job $L${level}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** Submits every level's array in order; on a failure, cancels the arrays already submitted. */
export function submitArrays(dir: string, m: SweepManifest): Submission {
  const sbatch = requireTool('sbatch');
  const arrays: SubmittedArray[] = [];
  const byLevel = new Map<number, string>();
  for (const jobs of levels(m.jobs)) {
    const level = jobs[0]!.level;
    const dependency = dependencyOf(jobs, m, byLevel);
    const script = path.join(dir, 'slurm', scriptName(level));
    const r = run(sbatch, ['--parsable', ...(dependency ? [`--dependency=${dependency}`] : []), script]);
    const id = r.stdout.trim().split(';')[0] ?? '';
    if (!r.ok || !/^\d+$/.test(id)) {
      cancelArrays(arrays.map((a) => a.slurmJobId));
      throw new SweepError(`sbatch refused ${script}: ${(r.stderr || r.stdout).trim() || 'no job id returned'}` +
        (arrays.length ? ` (the ${arrays.length} array(s) already submitted were cancelled)` : ''));
    }
    byLevel.set(level, id);
    arrays.push({ level, script: path.relative(dir, script), slurmJobId: id, indices: jobs.map((j) => j.index), dependency });
  }
  return { cluster: clusterName(), submittedAt: new Date().toISOString(), arrays };
}

export function cancelArrays(ids: string[]): void {
  const scancel = findTool('scancel');
  if (scancel && ids.length) run(scancel, ids);
}

export interface SlurmTaskInfo { state: string; reason: string | null; node: string | null; exitCode: string | null }

/** What Slurm knows of each array task ("<array job id>_<index>"): squeue, then scontrol (recently finished), then sacct. */
export function queryTasks(arrayJobIds: string[]): { tasks: Map<string, SlurmTaskInfo>; source: string[] } {
  const tasks = new Map<string, SlurmTaskInfo>();
  const source: string[] = [];
  if (arrayJobIds.length === 0) return { tasks, source };
  const squeue = findTool('squeue');
  if (squeue) {
    const r = run(squeue, ['-h', '-r', '-j', arrayJobIds.join(','), '-o', '%i|%T|%r|%N']);
    if (r.ok) {
      source.push('squeue');
      for (const line of r.stdout.split('\n')) {
        const [id, state, reason, node] = line.trim().split('|');
        if (id && state) tasks.set(id, { state, reason: reason && reason !== 'None' ? reason : null, node: node || null, exitCode: null });
      }
    }
  }
  const scontrol = findTool('scontrol');
  if (scontrol) {
    for (const a of arrayJobIds) {
      const r = run(scontrol, ['show', 'job', '-o', a]);
      if (!r.ok) continue;
      if (!source.includes('scontrol')) source.push('scontrol');
      for (const line of r.stdout.split('\n')) {
        const f = Object.fromEntries([...line.matchAll(/(\w+)=(\S*)/g)].map((x) => [x[1], x[2]]));
        if (!f.ArrayJobId || f.ArrayTaskId === undefined || !/^\d+$/.test(f.ArrayTaskId)) continue;
        const id = `${f.ArrayJobId}_${f.ArrayTaskId}`;
        if (tasks.has(id)) continue;
        tasks.set(id, { state: f.JobState ?? 'UNKNOWN', reason: f.Reason && f.Reason !== 'None' ? f.Reason : null, node: f.NodeList && f.NodeList !== '(null)' ? f.NodeList : null, exitCode: f.ExitCode ?? null });
      }
    }
  }
  const sacct = findTool('sacct');
  if (sacct) {
    const r = run(sacct, ['-n', '-P', '-X', '-j', arrayJobIds.join(','), '-o', 'JobID,State,ExitCode,NodeList']);
    if (r.ok) {
      source.push('sacct');
      for (const line of r.stdout.split('\n')) {
        const [id, state, exitCode, node] = line.trim().split('|');
        if (id && state && !tasks.has(id)) tasks.set(id, { state: state.split(' ')[0]!, reason: null, node: node || null, exitCode: exitCode ?? null });
      }
    }
  }
  return { tasks, source };
}

/**
 * After a task that was cancelled and requeued (`scontrol requeue`) finishes, Slurm leaves the
 * arrays that wait for it at DependencyNeverSatisfied; setting their dependency again makes
 * Slurm re-evaluate it. Best effort: a failure only means the user has to do it by hand.
 */
export function rearmDependents(submission: Submission, level: number): string[] {
  const scontrol = findTool('scontrol');
  if (!scontrol) return [];
  const rearmed: string[] = [];
  const { tasks } = queryTasks(submission.arrays.filter((a) => a.level > level).map((a) => a.slurmJobId));
  for (const a of submission.arrays) {
    if (a.level <= level || !a.dependency) continue;
    const stuck = [...tasks.entries()].some(([id, t]) => id.startsWith(`${a.slurmJobId}_`) && t.reason === 'DependencyNeverSatisfied');
    if (!stuck) continue;
    if (run(scontrol, ['update', `JobId=${a.slurmJobId}`, `Dependency=${a.dependency}`]).ok) rearmed.push(a.slurmJobId);
  }
  return rearmed;
}

/** This task asks Slurm to run it again (after it saved its checkpoint before the time limit). */
export function requeueSelf(jobId: string): boolean {
  const scontrol = findTool('scontrol');
  return !!scontrol && run(scontrol, ['requeue', jobId]).ok;
}
