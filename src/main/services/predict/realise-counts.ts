// What must be built or fetched for a new system, as nix's dry run says. Where nix has no binary
// cache to ask (offline, or none configured), its answer is a function of the graph and the
// store's validity, which the prediction reads anyway: counted here (local-realise.ts) without
// the dry run, which costs more than the evaluation on a large system.
import type { DerivationGraph } from '../../../shared/predict/derivation-graph'
import { localRealise, parseDryRun } from '../../../shared/predict/dry-run'
import { countToBuild } from '../../../shared/predict/local-realise'
import type { StoreFacts } from '../../../shared/predict/runtime-closure'
import type { RealiseCounts } from '../../../shared/predict/types'
import type { NixTools } from '../generations/nix-tools'
import type { NixService } from '../nix'
import { configShowArgs } from '../nix-version'
import type { PredictOptions } from './predict-options'
import { evalTimeoutMs } from './toplevel-evaluation'

/** The counts, once the new system's graph and the store's facts are read. */
export type PendingRealise = (graph: DerivationGraph, facts: StoreFacts) => Promise<RealiseCounts>

export class RealiseCounter {
  /** Whether nix would ask no binary cache, read once from its configuration. */
  private substitution: Promise<boolean> | null = null

  constructor(
    private readonly nix: NixService,
    private readonly tools: NixTools,
  ) {}

  /**
   * Starts at once: the dry run needs only the new derivation, so it runs while the closures
   * are read.
   */
  start(drvPath: string, options: PredictOptions): PendingRealise {
    const offline = options.offline === true
    const local = offline ? Promise.resolve(true) : this.withoutSubstituters()
    const asked = local.then((yes) => (yes ? null : this.askDryRun(drvPath, options)))
    asked.catch(() => undefined) // awaited below; a failure meanwhile is not "unhandled"
    return async (graph, facts) =>
      (await asked) ??
      localRealise(
        countToBuild(graph, drvPath, (path) => facts.references.has(path)),
        offline,
      )
  }

  /** Whether nix's configuration names no binary cache (or turns substitution off). */
  private withoutSubstituters(): Promise<boolean> {
    this.substitution ??= (async () => {
      const { info } = await this.nix.require()
      const result = await this.nix.run(configShowArgs(info.capabilities), { timeoutMs: 15_000 })
      if (result.code !== 0) return false
      const setting = (name: string) =>
        // Blanks only: `\\s` would run over the end of an empty setting into the next line.
        new RegExp(`^${name}[ \\t]*=[ \\t]*(.*)$`, 'm').exec(result.stdout)?.[1]?.trim()
      const substituters = setting('substituters')
      return setting('substitute') === 'false' || substituters === ''
    })().catch(() => false)
    return this.substitution
  }

  private async askDryRun(drvPath: string, options: PredictOptions): Promise<RealiseCounts> {
    const args = ['--realise', '--dry-run', drvPath]
    if (options.offline) args.push('--option', 'substitute', 'false')
    const result = await this.tools.run('nix-store', args, {
      timeoutMs: evalTimeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    return parseDryRun(result.stderr, options.offline === true)
  }
}
