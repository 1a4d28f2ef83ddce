// Software versions recorded in every report, so a figure can be traced to what made it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as echarts from 'echarts';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

/** Version of an installed package, read from its package.json; null when not installed. */
function packageVersion(name: string): string | null {
  try {
    let dir = path.dirname(require.resolve(name));
    for (let i = 0; i < 6; i++) {
      const p = path.join(dir, 'package.json');
      if (fs.existsSync(p)) {
        const pkg = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    // not installed: reported as absent
  }
  return null;
}

function appVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function softwareVersions(): Record<string, string> {
  const v: Record<string, string> = {
    'invariance-lab': appVersion(),
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    echarts: echarts.version,
    sharp: sharp.versions.sharp ?? 'unknown',
  };
  for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
    const ver = packageVersion(name);
    if (ver) v[name] = ver;
  }
  return v;
}
