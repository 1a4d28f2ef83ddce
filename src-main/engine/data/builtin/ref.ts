// The one parser of references to the built-in dataset. Kept free of imports so the app can
// recognise a reference without loading the generator or the image libraries.

/**
 * `builtin`, `builtin:<seed>` (the experiment spec's form) or a cache id
 * `builtin-<seed>[-s<size>][-n<perClass>][-v<generator version>]`: the options it names,
 * unvalidated and without defaults; null for anything else (an imported dataset's id or name).
 * Without `-v` the reference means the current generator; ids of versions up to 6 had no
 * `-v` (experiments stored with them keep pointing at their own records and folders).
 */
export function readBuiltinRef(ref: string): { seed: number; size?: number; perClass?: number; version?: number } | null {
  const m = /^builtin(?:[:-](\d+))?(?:-s(\d+))?(?:-n(\d+))?(?:-v(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  return {
    seed: m[1] === undefined ? 0 : Number(m[1]),
    size: m[2] === undefined ? undefined : Number(m[2]),
    perClass: m[3] === undefined ? undefined : Number(m[3]),
    ...(m[4] === undefined ? {} : { version: Number(m[4]) }),
  };
}
