// The network builders, one per network of shared/networks.ts, each in its own file
// (./<id>.ts). The type requires a builder for every registered id, so a network listed in
// shared/ but not built here fails the type check, and an id that is not registered throws at
// run time: nothing falls back to another network.
import { NETWORK_IDS, type NetworkId } from '../../../shared/networks';
import type { NetworkBuilder } from './index';
import { labnet } from './labnet';
import { alexnet } from './alexnet';
import { resnet18 } from './resnet18';

const BUILDERS: Readonly<Record<NetworkId, NetworkBuilder>> = { labnet, alexnet, resnet18 };

export function networkBuilder(id: string): NetworkBuilder {
  const b = Object.hasOwn(BUILDERS, id) ? BUILDERS[id as NetworkId] : undefined;
  if (!b) throw new Error(`unknown network "${id}": expected one of ${NETWORK_IDS.join(', ')}`);
  return b;
}
