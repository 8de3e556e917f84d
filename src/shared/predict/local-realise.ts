// What must be built, from the derivation graph and the store's validity alone: what
// `nix-store --realise --dry-run` answers when nix has no binary cache to ask (none configured,
// or substitution off). nix's own walk: a derivation whose wanted outputs are all valid is not
// built and its inputs are not looked at; otherwise it is built, and so is every input
// derivation whose outputs it uses and that are not valid. The prediction asks nix itself
// whenever a binary cache could change the answer (paths to fetch and their download size).
import type { DerivationGraph } from './derivation-graph'

export function countToBuild(
  graph: DerivationGraph,
  root: string,
  isValid: (path: string) => boolean,
): number {
  const built = new Set<string>()
  /** Output names of each derivation already looked at ('' for all of them). */
  const seen = new Map<string, string[]>()
  // Two stacks in step (a derivation and the outputs of it wanted): no pair made per edge.
  const stack: string[] = [root]
  const wants: (readonly string[] | null)[] = [null]
  while (stack.length > 0) {
    const path = stack.pop()!
    const wanted = wants.pop()!
    if (built.has(path)) continue // its inputs are on their way already
    const drv = graph.get(path)
    if (!drv) continue
    let done = seen.get(path)
    if (!done) seen.set(path, (done = []))
    if (done.includes('')) continue
    let missing = false
    for (const name of wanted ?? drv.outputs.keys()) {
      if (done.includes(name)) continue
      done.push(name)
      const output = drv.outputs.get(name)
      if (!output || !isValid(output)) missing = true
    }
    if (wanted === null) done.push('')
    if (!missing) continue
    built.add(path)
    for (const [input, names] of drv.inputDrvs) {
      stack.push(input)
      wants.push(names)
    }
  }
  return built.size
}
