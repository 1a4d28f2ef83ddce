// The network builders: the builder of each network of shared/networks.ts is the default export
// of ./<id>.ts, found by its id, so adding a network is that file plus its line in
// shared/networks.ts (the renderer reads that list; tfjs-layers classes cannot load there).
// All are loaded when the engine loads. A listed network whose file is missing or exports no
// builder, and an id that is not registered, throw when asked for, naming it: nothing falls
// back to another network (test/models/registry.test.ts builds every listed one).
import { NETWORK_IDS, type NetworkId } from '../../../shared/networks';
import type { NetworkBuilder } from './index';

type Loaded = { builder: NetworkBuilder } | { error: string };

const LOADED: ReadonlyMap<string, Loaded> = new Map(await Promise.all(NETWORK_IDS.map(async (id): Promise<[NetworkId, Loaded]> => {
  try {
    const mod = (await import(`./${id}.ts`)) as { default?: unknown };
    if (typeof mod.default !== 'function') return [id, { error: `src-main/engine/models/${id}.ts has no default export (its NetworkBuilder)` }];
    return [id, { builder: mod.default as NetworkBuilder }];
  } catch (e) {
    return [id, { error: `src-main/engine/models/${id}.ts cannot be loaded: ${(e as Error).message}` }];
  }
})));

export function networkBuilder(id: string): NetworkBuilder {
  const b = LOADED.get(id);
  if (!b) throw new Error(`unknown network "${id}": expected one of ${NETWORK_IDS.join(', ')}`);
  if ('error' in b) throw new Error(`network "${id}" is listed in shared/networks.ts but ${b.error}`);
  return b.builder;
}
