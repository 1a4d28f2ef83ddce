// The docs tables that are generated from the registries, so that they cannot drift:
// `npx tsx scripts/docs-tables.ts --write` rewrites each table between its markers
// (<!-- registry:NAME --> ... <!-- /registry:NAME -->); test/docs-tables.test.ts fails when a
// page is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRANSFORMS, type ParamDef } from '../shared/transforms/index';
import { rangeText } from '../shared/transforms/params';
import { FIGURES } from '../shared/figure-defs/index';
import { NETWORKS } from '../shared/networks';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function transformsTable(): string {
  const rows = TRANSFORMS.map((d) => {
    const params = d.params.map((p: ParamDef) => `\`${p.name}\` = ${p.default}${p.unit ? ` ${p.unit}` : ''} (${rangeText(p)}; step ${p.step})`).join('<br>') || '-';
    const cal = 'calibration' in d ? `\`${d.calibration.param}\` from ${d.calibration.first} in steps of ${d.calibration.step}` : '-';
    const flags = [d.random ? 'random (seeded)' : '', d.colourOnly ? 'colour only' : ''].filter(Boolean).join(', ') || '-';
    return `| \`${d.id}\` | ${d.family} | ${d.label} | ${d.summary.replace(/\|/g, '\\|')} | ${params} | ${cal} | ${flags} |`;
  });
  return ['| id | family | label | definition | parameters (default, valid, step) | calibrated | notes |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

function figuresTable(): string {
  const rows = FIGURES.map((f) => `| \`${f.id}\` | ${f.paperFigure || '-'} | ${f.title} | ${f.tab} | ${f.needs} | ${f.transformFilter ? 'yes' : '-'} |`);
  return ['| id | paper | title | tab | data needed | transformation filter |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function networksTable(): string {
  const rows = NETWORKS.map((n) => `| \`${n.id}\` | ${n.label} | ${n.note} | ${n.defaultLearningRate} | ${n.imagesPerSecond} |`);
  return ['| id | label | note | default learning rate | images/s at 32 px before any measurement |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Page (relative to the root) and table name -> generated markdown. */
export const GENERATED: { page: string; name: string; render: () => string }[] = [
  { page: 'docs/transforms.md', name: 'transforms', render: transformsTable },
  { page: 'docs/figures.md', name: 'figures', render: figuresTable },
  { page: 'docs/ARCHITECTURE.md', name: 'networks', render: networksTable },
];

export function withTable(text: string, name: string, table: string): string {
  const open = `<!-- registry:${name} -->`, close = `<!-- /registry:${name} -->`;
  const a = text.indexOf(open), b = text.indexOf(close);
  if (a < 0 || b < a) throw new Error(`markers ${open} ... ${close} not found`);
  return `${text.slice(0, a + open.length)}\n${table}\n${text.slice(b)}`;
}

export function pagePath(page: string): string {
  return path.join(ROOT, page);
}

if (process.argv.includes('--write')) {
  for (const g of GENERATED) {
    const file = pagePath(g.page);
    fs.writeFileSync(file, withTable(fs.readFileSync(file, 'utf8'), g.name, g.render()));
    process.stdout.write(`wrote the ${g.name} table of ${g.page}\n`);
  }
}
