// The generated docs tables (scripts/docs-tables.ts) match the registries they come from.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, pagePath, withTable } from '../scripts/docs-tables';

describe('docs tables generated from the registries', () => {
  it.each(GENERATED.map((g) => [g.page, g.name, g] as const))('%s (%s) is up to date: npx tsx scripts/docs-tables.ts --write', (_p, _n, g) => {
    const text = fs.readFileSync(pagePath(g.page), 'utf8');
    expect(withTable(text, g.name, g.render())).toBe(text);
  });
});
