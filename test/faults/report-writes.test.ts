// Reports are write-only (the product never reads them back), so what is guaranteed is that
// each file is whole: written through the atomic writer, a failing writer leaves the previous
// export's file as it was and no temporary file, and what an export killed mid-write left
// behind is cleared by the next export into that folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { exportReport } from '../../src-main/report';
import { makeBlobs, makeDetail } from '../report/fixture';
import { ROOT } from '../cli/helpers';
import { expectWholeFiles } from './tmpfs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-report-writes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const PDF = '%PDF-1.4\n% a whole document\n%%EOF\n';

it('a PDF printer that fails half-way leaves the previous report.pdf as it was, and no temporary file', async () => {
  const out = path.join(tmp, 'pdf');
  const base = { detail: makeDetail(), blobs: makeBlobs(), outDir: out, formats: ['svg', 'csv', 'pdf'] as const };
  await exportReport({ ...base, formats: [...base.formats], printPdf: async (_html, file) => fs.writeFileSync(file, PDF) });
  const before = fs.readdirSync(out);
  const err = await exportReport({
    ...base, formats: [...base.formats],
    printPdf: async (_html, file) => {
      fs.writeFileSync(file, '%PDF-1.4\n% half of a docu');
      throw new Error('the printer died');
    },
  }).then(() => null, (e: unknown) => e as Error);
  expect(err?.message).toMatch(/the printer died/);
  expect(fs.readFileSync(path.join(out, 'report.pdf'), 'utf8')).toBe(PDF);
  expect(expectWholeFiles(out).sort()).toEqual(before.sort());
});

it('an export killed with SIGKILL mid-write leaves no half file under a final name; the next export clears its temporary file', async () => {
  const out = path.join(tmp, 'killed');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'big.csv'), 'old,whole\r\n');
  // A child that writes a 256 MB file through the atomic writer, killed once its temporary file grows.
  const script = `import { writeFileAtomic } from ${JSON.stringify(path.join(ROOT, 'src-main/engine/io/atomic.ts'))};
await writeFileAtomic(${JSON.stringify(path.join(out, 'big.csv'))}, Buffer.alloc(256 * 2 ** 20, 0x41));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: 'ignore' });
  const temp = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const f = fs.readdirSync(out).find((n) => n.startsWith('.big.csv.tmp-'));
      if (f && fs.statSync(path.join(out, f)).size > 0) { clearInterval(t); child.kill('SIGKILL'); resolve(f); }
    }, 5);
    child.on('exit', () => { clearInterval(t); reject(new Error('the writer finished before it could be killed')); });
  });
  await new Promise((r) => child.on('exit', r));
  expect(fs.readFileSync(path.join(out, 'big.csv'), 'utf8')).toBe('old,whole\r\n');
  expect(fs.existsSync(path.join(out, temp))).toBe(true);
  await exportReport({ detail: makeDetail(), blobs: makeBlobs(), outDir: out, formats: ['csv'] });
  expect(fs.existsSync(path.join(out, temp))).toBe(false);
  expectWholeFiles(out);
}, 60_000);
