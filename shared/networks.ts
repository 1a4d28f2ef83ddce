// The networks a spec may name (SPEC.md section 5): what the designer, the CLI, the spec schema
// and reports know about each, one entry per network. The builder of each is the default export
// of src-main/engine/models/<id>.ts (tfjs-layers classes cannot load in the renderer), which the
// engine's registry finds by the id: a network is its builder file + its line here.
export interface NetworkInfo {
  id: string;
  /** As the paper and the designer print it. */
  label: string;
  /** One line for the designer's choice and the CLI help. */
  note: string;
  /** The learning rate the designer proposes for it (a spec may set any). */
  defaultLearningRate: number;
  /** Training images per second at 32 x 32 before anything is measured (the designer's time estimate). */
  imagesPerSecond: number;
}

export const NETWORKS = [
  { id: 'labnet', label: 'labnet', note: 'fast, 4 layers', defaultLearningRate: 0.01, imagesPerSecond: 250 },
  { id: 'alexnet', label: 'AlexNet', note: "paper's modified AlexNet", defaultLearningRate: 0.01, imagesPerSecond: 60 },
  { id: 'resnet18', label: 'ResNet-18', note: 'ResNet-18, batch norm', defaultLearningRate: 0.01, imagesPerSecond: 25 },
] as const satisfies readonly NetworkInfo[];

export type NetworkId = (typeof NETWORKS)[number]['id'];
export const NETWORK_IDS = NETWORKS.map((n) => n.id) as unknown as readonly [NetworkId, ...NetworkId[]];

export function isNetworkId(x: unknown): x is NetworkId {
  return typeof x === 'string' && (NETWORK_IDS as readonly string[]).includes(x);
}

/** The entry of `id`; an id that is not registered throws, naming the registered ones. */
export function networkInfo(id: string): NetworkInfo {
  const n = NETWORKS.find((x) => x.id === id);
  if (!n) throw new Error(`unknown network "${id}": expected one of ${NETWORK_IDS.join(', ')}`);
  return n;
}
