// A system that is built already, as one side of a prediction: its runtime closure is known
// exactly (the store's references), so every path is sure. Used for the running system when the
// derivation it was built from is gone from the store (garbage-collected, or the system was
// fetched from a cache): the packages that land in it are then still compared, though what only
// built it cannot be.
import type { RuntimeClosure } from './runtime-closure'

export function builtRuntimeClosure(
  paths: Iterable<string>,
  /** The packages the user chose: the references of its `sw` (see the closure cache). */
  selected: Iterable<string>,
): RuntimeClosure {
  const sure = new Map<string, { sure: boolean }>()
  for (const path of paths) sure.set(path, { sure: true })
  return { paths: sure, selected: new Set(selected), systemDrvs: new Set() }
}
