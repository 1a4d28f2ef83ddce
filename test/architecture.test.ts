// The layering of docs/ARCHITECTURE.md, checked on every import (as VS Code's
// code-import-patterns rules): the rules are the two tables of that page between their
// <!-- architecture:... --> markers, read here, so they are written once. Imports are read
// with the TypeScript parser (static, re-exports, dynamic import(), `import type`), from
// shared/, src-main/ and src-renderer/src/ (.vue files: their <script> blocks).
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

function tableRows(name: string): string[][] {
  const m = new RegExp(`<!-- architecture:${name} -->([\\s\\S]*?)<!-- /architecture:${name} -->`).exec(DOC);
  if (!m) throw new Error(`docs/ARCHITECTURE.md has no <!-- architecture:${name} --> table`);
  return m[1]!.split('\n').filter((l) => l.startsWith('|')).slice(2)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`(\s*\(type\))?/g)].map((m) => ({ value: m[1]!, typeOnly: !!m[2] }));

const ROOMS = tableRows('rooms').map(([room, may]) => ({ room: ticked(room!)[0]!.value, may: ticked(may!).map((t) => t.value) }));
const PACKAGES = tableRows('packages').map(([pkg, from]) => ({ pkg: ticked(pkg!)[0]!.value, from: ticked(from!) }));

/** The room of a repository path: the longest room prefix. */
function roomOf(rel: string): string | null {
  let best: string | null = null;
  for (const { room } of ROOMS) if (rel.startsWith(room) && (!best || room.length > best.length)) best = room;
  return best;
}

interface Import { file: string; spec: string; typeOnly: boolean; line: number }

function importsOf(file: string): Import[] {
  let text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.vue')) text = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (spec && ts.isStringLiteralLike(spec)) out.push({ file, spec: spec.text, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null;
      const allTypes = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'dist') out.push(...sourceFiles(p)); } else if (/\.(ts|mts|mjs|vue)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const BUILTINS = new Set(builtinModules);
function packageOf(spec: string): string {
  if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!)) return 'node:';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function violations(): string[] {
  const problems: string[] = [];
  const files = ['shared', 'src-main', 'src-renderer/src'].flatMap((d) => sourceFiles(path.join(ROOT, d)));
  for (const file of files) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const from = roomOf(rel);
    if (!from) { problems.push(`${rel}: in no room of docs/ARCHITECTURE.md's layering table`); continue; }
    const rule = ROOMS.find((r) => r.room === from)!;
    for (const imp of importsOf(file)) {
      const where = `${rel}:${imp.line} imports "${imp.spec}"`;
      if (imp.spec.startsWith('.')) {
        const target = path.relative(ROOT, path.resolve(path.dirname(file), imp.spec)).split(path.sep).join('/');
        const to = roomOf(target + (fs.existsSync(path.join(ROOT, target)) && fs.statSync(path.join(ROOT, target)).isDirectory() ? '/' : ''));
        if (!to) problems.push(`${where}: outside every room`);
        else if (!rule.may.some((m) => (to + '').startsWith(m) || target.startsWith(m))) problems.push(`${where}: ${from} may not import ${to}`);
        continue;
      }
      const pkg = packageOf(imp.spec);
      const restriction = PACKAGES.find((p) => p.pkg === pkg);
      if (!restriction) continue;
      const ok = restriction.from.some((f) => rel.startsWith(f.value) && (!f.typeOnly || imp.typeOnly));
      if (!ok) problems.push(`${where}: "${pkg}" only from ${restriction.from.map((f) => f.value + (f.typeOnly ? ' (type)' : '')).join(', ')}`);
    }
  }
  return problems;
}

describe('the layering of docs/ARCHITECTURE.md', () => {
  it('reads its rules from the page', () => {
    expect(ROOMS.length).toBeGreaterThan(5);
    expect(PACKAGES.length).toBeGreaterThan(3);
    for (const r of ROOMS) for (const m of r.may) expect(ROOMS.map((x) => x.room).some((x) => m.startsWith(x)), `${r.room} may import ${m}: not a room`).toBe(true);
  });

  it('holds for every import of shared/, src-main/ and the renderer', () => {
    expect(violations()).toEqual([]);
  });

  it('would catch a break: an upward import and a runtime tfjs import in shared/ are named', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'shared', '.arch-probe-'));
    const probe = path.join(dir, 'probe.ts');
    try {
      fs.writeFileSync(probe, "import { Store } from '../../src-main/store';\nimport * as tf from '@tensorflow/tfjs';\nimport type { Tensor } from '@tensorflow/tfjs';\nexport { Store, tf };\nexport type { Tensor };\n");
      const found = violations().filter((v) => v.includes('.arch-probe-'));
      expect(found).toEqual([
        expect.stringMatching(/probe\.ts:1 imports "\.\.\/\.\.\/src-main\/store": shared\/ may not import src-main\/store\//),
        expect.stringMatching(/probe\.ts:2 imports "@tensorflow\/tfjs": "@tensorflow\/tfjs" only from/),
      ]);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
