// The calibrated strength is shown with example images in the report (SPEC.md section 4): on a
// real (small) built-in dataset, the examples are PNGs of training images, clean and blurred at
// the calibrated sigma; the HTML report shows them beside the strengths; a missing dataset is
// named, not a crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import sharp from 'sharp';
import { initBackend } from '../../src-main/engine/backend/index';
import { ensureBuiltinDataset } from '../../src-main/engine/data/index';
import { loadDataset } from '../../src-main/engine/data/format';
import { CALIBRATION_EXAMPLES, calibrationExamples } from '../../src-main/app/images';
import { reportHtml } from '../../src-main/report/html';
import { makeDetail } from './fixture';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-report-examples-'));
let dsDir = '';
beforeAll(async () => {
  await initBackend('auto');
  dsDir = (await ensureBuiltinDataset(path.join(dir, 'datasets'), { perClass: 6, size: 16 })).dir;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pixels = async (url: string) => {
  const { data, info } = await sharp(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64')).raw().toBuffer({ resolveWithObject: true });
  return { data, info };
};

it('computes clean / transformed pairs at the calibrated strength, one set per transformation, and the report shows them', async () => {
  const detail = makeDetail();
  const cals = [...detail.calibrations, { ...detail.calibrations[0]!, seed: 1, value: 3 }];
  const sets = await calibrationExamples(cals, () => loadDataset(dsDir));
  expect(sets).toHaveLength(1); // the first seed's calibration, as the Results view
  const set = sets[0]!;
  expect(set).toMatchObject({ transform: 'blur', param: 'sigma', value: 1.5 });
  expect(set.error).toBeUndefined();
  expect(set.pairs).toHaveLength(CALIBRATION_EXAMPLES);
  for (const p of set.pairs) {
    const clean = await pixels(p.clean);
    const blurred = await pixels(p.transformed);
    expect([clean.info.width, blurred.info.width]).toEqual([16, 16]);
    // Blur lowers the image's contrast: the spread of pixel values shrinks.
    const spread = (d: Buffer) => { const m = d.reduce((a, b) => a + b, 0) / d.length; return Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / d.length); };
    expect(spread(blurred.data)).toBeLessThan(spread(clean.data));
  }
  const html = reportHtml({ detail, figures: [], missing: [], versions: {}, generatedAt: 'now', examples: sets });
  const block = html.slice(html.indexOf('data-testid="calibration-examples"'));
  expect(block).toContain('Blur</b> sigma = 1.5');
  expect(block.match(/<img src="data:image\/png;base64,/g)).toHaveLength(2 * CALIBRATION_EXAMPLES);
});

it('names a dataset it cannot load instead of failing the report', async () => {
  const detail = makeDetail();
  const sets = await calibrationExamples(detail.calibrations, () => loadDataset(path.join(dir, 'gone')));
  expect(sets[0]!.pairs).toEqual([]);
  expect(sets[0]!.error).toMatch(/^example images unavailable: .*gone/);
  const html = reportHtml({ detail, figures: [], missing: [], versions: {}, generatedAt: 'now', examples: sets });
  expect(html).toContain('example images unavailable');
});
