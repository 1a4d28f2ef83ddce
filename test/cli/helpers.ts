// Running the real CLI as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'invlab.mjs');

export interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Starts `invlab <args>`; `onStderr` sees stderr as it arrives (e.g. to kill at the right moment). */
export function invlab(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; onStderr?: (all: string, child: ChildProcess) => void; onStdout?: (all: string, child: ChildProcess) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); opts.onStdout?.(stdout, child); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); opts.onStderr?.(stderr, child); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
