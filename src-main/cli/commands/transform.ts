// `invlab transform <image>`: one transformation on one image file, written as PNG (clipped)
// or .npy (float32 HxWxC, unclipped, before standardisation). The app's preview shows the
// same thing; this command lets anyone check a transformation against its definition.
import { InvalidArgumentError, type Command } from 'commander';
import { extname } from 'node:path';
import { TRANSFORM_IDS } from '../../../shared/ids';
import { TRANSFORMS, assertTransformId, resolveParams, type ParamDef } from '../../../shared/transforms/index';
import { rangeText } from '../../../shared/transforms/params';
import { transformFile } from '../../app/tools';

export interface TransformCommandOptions {
  image: string;
  transform: string;
  params: string[];
  seed: number;
  size?: number;
  out: string;
}

export interface TransformCommandResult {
  out: string;
  format: 'png' | 'npy';
  shape: [number, number, number];
  params: Record<string, number>;
}

/** Parse repeated `name=value` options into numbers; errors name the offending option. */
export function parseParamOptions(items: string[]): Record<string, number> {
  const params: Record<string, number> = {};
  for (const item of items) {
    const m = /^([A-Za-z_][\w]*)=(.+)$/.exec(item.trim());
    if (!m) throw new Error(`--param "${item}": expected name=value, e.g. --param sigma=2`);
    const value = Number(m[2]);
    if (!Number.isFinite(m[2]!.trim() === '' ? NaN : value)) throw new Error(`--param "${item}": value "${m[2]}" is not a number`);
    if (m[1]! in params) throw new Error(`--param ${m[1]} given twice`);
    params[m[1]!] = value;
  }
  return params;
}

export async function runTransformCommand(o: TransformCommandOptions): Promise<TransformCommandResult> {
  const format = extname(o.out).toLowerCase() === '.png' ? 'png' : extname(o.out).toLowerCase() === '.npy' ? 'npy' : null;
  if (!format) throw new Error(`--out "${o.out}": the file name must end in .png or .npy`);
  assertTransformId(o.transform);
  const id = o.transform;
  const params = resolveParams(id, parseParamOptions(o.params));
  const { shape } = await transformFile({ image: o.image, transform: id, params, seed: o.seed, size: o.size, out: o.out, format });
  return { out: o.out, format, shape, params };
}

function integer(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min} (got "${v}")`);
    return n;
  };
}

/** One line per registered transformation: id, definition, parameters with default and range. */
export function transformHelpTable(): string {
  const width = Math.max(...TRANSFORM_IDS.map((id) => id.length));
  return TRANSFORMS.map((d) => {
    const ps = d.params.map((p: ParamDef) => `${p.name}=${p.default} (${rangeText(p)}${p.unit ? ` ${p.unit}` : ''})`).join(', ');
    return `  ${d.id.padEnd(width)}  ${d.summary}${ps ? `; ${ps}` : ''}${'calibration' in d ? '; calibrated in experiments' : ''}`;
  }).join('\n');
}

export function registerTransformCommand(program: Command): Command {
  return program
    .command('transform')
    .description('apply one transformation to one image file and write the result (PNG clipped to [0,255], or .npy float32 HxWxC unclipped)')
    .argument('<image>', 'input image (PNG, JPEG, WebP, TIFF, ...)')
    .requiredOption('-t, --transform <id>', `transformation: ${TRANSFORM_IDS.join(', ')}`)
    .option('-p, --param <name=value>', 'transformation parameter, repeatable (see the table below)',
      (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--seed <n>', `seed for the random ones (${TRANSFORMS.filter((d) => d.random).map((d) => d.id).join(', ')})`, integer('--seed', 0), 0)
    .option('--size <n>', 'resize to n x n first (centre crop keeps the aspect ratio)', integer('--size', 1))
    .requiredOption('-o, --out <file>', 'output file: .png or .npy')
    .addHelpText('after', `\nTransformations (shared/transforms/):\n${transformHelpTable()}`)
    .action(async function (this: Command, image: string, opts: { transform: string; param: string[]; seed: number; size?: number; out: string }) {
      try {
        const r = await runTransformCommand({
          image, transform: opts.transform, params: opts.param, seed: opts.seed, size: opts.size, out: opts.out,
        });
        const p = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
        process.stdout.write(`wrote ${r.out} (${r.shape.join('x')}, ${opts.transform}${p ? ' ' + p : ''})\n`);
      } catch (e) {
        this.error(`invlab transform: ${(e as Error).message}`, { exitCode: 1 });
      }
    });
}
