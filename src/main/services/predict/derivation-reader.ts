// A derivation closure read straight from the local store's .drv files (see derivation-aterm.ts),
// instead of `nix derivation show -r`: no process, no JSON, and a .drv never changes, so parsed
// derivations are kept for the next prediction (an update's "before" side is the same one each
// time, and most of an "after" side is shared with it). Null when a file cannot be read or
// parsed: the caller asks nix.
import { readFileSync } from 'node:fs'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { parseDerivationFile } from '../../../shared/predict/derivation-aterm'
import type { Derivation, DerivationGraph } from '../../../shared/predict/derivation-graph'

/** Characters of .drv text whose parsed derivations are kept (a large system: a few passes). */
const keptChars = 96 * 1024 * 1024
/**
 * Files read between two turns of the event loop. Read synchronously: a .drv is a few KiB, and
 * thousands of small asynchronous reads cost several times more (a trip through libuv's thread
 * pool each), most of all on a busy machine; a batch blocks the loop for a few milliseconds.
 */
const filesPerTurn = 256

export class DerivationReader {
  /** By path, least recently used first. */
  private readonly kept = new Map<string, { drv: Derivation; chars: number }>()
  private chars = 0

  constructor(
    /** The store directory whose files are read (`/nix/store`). */
    private readonly storeDir: string,
  ) {}

  /** The closure of `root` through its input derivations, or null (ask nix). */
  async closure(root: string, signal?: AbortSignal): Promise<DerivationGraph | null> {
    if (!root.startsWith(`${this.storeDir}/`)) return null
    const graph: DerivationGraph = new Map()
    let frontier = [root]
    const queued = new Set(frontier)
    try {
      let sinceTurn = 0
      while (frontier.length > 0) {
        const next: string[] = []
        for (const path of frontier) {
          if (sinceTurn >= filesPerTurn) {
            await nextTurn()
            signal?.throwIfAborted()
            sinceTurn = 0
          }
          const drv = this.read(path, () => sinceTurn++)
          graph.set(drv.path, drv)
          for (const input of drv.inputDrvs.keys()) {
            if (queued.has(input)) continue
            queued.add(input)
            next.push(input)
          }
        }
        frontier = next
      }
    } catch (error) {
      if (signal?.aborted) throw error
      return null
    }
    return graph
  }

  /** The derivation at `path`, parsed or kept; `onFileRead` counts the files actually read. */
  private read(path: string, onFileRead: () => void): Derivation {
    const known = this.kept.get(path)
    if (known) {
      this.kept.delete(path)
      this.kept.set(path, known)
      return known.drv
    }
    if (!path.startsWith(`${this.storeDir}/`) || path.includes('/', this.storeDir.length + 1)) {
      throw new Error(`${path} is not a derivation of ${this.storeDir}`)
    }
    const text = readFileSync(path, 'utf8')
    onFileRead()
    const drv = parseDerivationFile(path, text)
    this.kept.set(path, { drv, chars: text.length })
    this.chars += text.length
    for (const [oldest, entry] of this.kept) {
      if (this.chars <= keptChars) break
      this.kept.delete(oldest)
      this.chars -= entry.chars
    }
    return drv
  }
}
