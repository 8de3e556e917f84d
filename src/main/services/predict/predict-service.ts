// Know before you build: what a proposed change (an input updated or pinned, the working tree's
// edits) does to a host, from evaluation alone. Both sides' toplevel derivations are evaluated
// (the proposed lock through --override-input, never written; the last commit through its git
// revision), their derivation closures read, the runtime part of each predicted (see
// runtime-closure.ts: the store's real references where outputs are built), and both compared by
// the Generations comparison. nix's dry run says what must be built or fetched.
import type Database from 'better-sqlite3'
import { AppError } from '../../../shared/app-error'
import { parseDerivations, type DerivationGraph } from '../../../shared/predict/derivation-graph'
import { builtRuntimeClosure } from '../../../shared/predict/built-closure'
import { diffBuildOnly, diffSystems, noBuildOnlyDiff } from '../../../shared/predict/predict-diff'
import { predictRuntimeClosure } from '../../../shared/predict/runtime-closure'
import type {
  PredictChange,
  Prediction,
  PredictionResult,
  PredictPhase,
  RunningSystem,
} from '../../../shared/predict/types'
import { ClosureCache } from '../generations/closure-cache'
import { NixTools } from '../generations/nix-tools'
import {
  locateStoreDatabase,
  StoreDatabase,
  type StoreDatabaseLocation,
} from '../generations/store-database'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import type { ProcessRunner } from '../process-runner'
import { DerivationReader } from './derivation-reader'
import type { PredictOptions } from './predict-options'
import { predictionSides } from './prediction-sides'
import { PredictionStore } from './prediction-store'
import { RealiseCounter } from './realise-counts'
import { readRunningSystem } from './running-system'
import { readStoreFacts } from './store-facts'
import { evalTimeoutMs, ToplevelEvaluator, type Fingerprints } from './toplevel-evaluation'

export type { PredictOptions } from './predict-options'

export interface PredictServiceOptions {
  /** A store URI (tests); nix's default store when absent. */
  store?: string | null
}

export class PredictService {
  readonly store: PredictionStore
  private readonly tools: NixTools
  /** The local store's database, read directly when nix would use it. */
  private readonly storeDatabase: StoreDatabaseLocation | null
  private readonly evaluator: ToplevelEvaluator
  private readonly realise: RealiseCounter
  /** Built systems' closures (the running system's, when its derivation is gone), cached. */
  private readonly closures: ClosureCache
  /** The local store's .drv files, read directly (null: another store, nix reads them). */
  private readonly reader: DerivationReader | null

  constructor(
    private readonly runner: ProcessRunner,
    private readonly nix: NixService,
    private readonly git: GitService,
    db: Database.Database,
    options: PredictServiceOptions = {},
  ) {
    this.store = new PredictionStore(db)
    this.tools = new NixTools(runner, nix, options.store ?? null)
    this.storeDatabase = options.store ? null : locateStoreDatabase(runner.baseEnv)
    this.closures = new ClosureCache(
      db,
      this.tools.nixCli,
      this.storeDatabase ? new StoreDatabase(this.storeDatabase) : null,
    )
    this.reader = this.storeDatabase ? new DerivationReader(this.storeDatabase.storeDir) : null
    this.evaluator = new ToplevelEvaluator(nix, this.tools.storeArgs)
    this.realise = new RealiseCounter(nix, this.tools)
  }

  /** What `change` does to `host` of the flake in `dir`. */
  async predict(
    dir: string,
    host: string,
    change: PredictChange,
    options: PredictOptions = {},
  ): Promise<PredictionResult> {
    if (change.kind === 'running-system') {
      return this.predictAgainstRunning(dir, host, change.profile, options)
    }
    const [before, after] = await predictionSides(this.git, dir, change)
    const progress = (phase: PredictPhase, activity: string | null = null) =>
      options.onProgress?.({ phase, activity })

    // Both sides at once (nix evaluates on one core each); one fingerprint of the repo serves both.
    progress('evaluating-before')
    progress('evaluating-after')
    const fingerprints: Fingerprints = new Map()
    const [beforeEval, afterEval] = await Promise.all([
      this.evaluator.evaluate(dir, host, before, 'evaluating-before', options, fingerprints),
      this.evaluator.evaluate(dir, host, after, 'evaluating-after', options, fingerprints),
    ])
    if (!beforeEval.ok) return { ok: false, error: { side: 'before', ...beforeEval } }
    if (!afterEval.ok) return { ok: false, error: { side: 'after', ...afterEval } }

    if (!options.refresh) {
      const stored = this.store.get(host, beforeEval.drvPath, afterEval.drvPath)
      if (stored) return { ok: true, prediction: stored }
    }
    const prediction = await this.compare(host, beforeEval.drvPath, afterEval.drvPath, options)
    this.store.put(prediction)
    return { ok: true, prediction }
  }

  /**
   * The working tree against the running system: the profile's current generation is read from
   * the store (no evaluation) while the working tree is evaluated.
   */
  private async predictAgainstRunning(
    dir: string,
    host: string,
    profile: string,
    options: PredictOptions,
  ): Promise<PredictionResult> {
    options.onProgress?.({ phase: 'evaluating-before', activity: `reading ${profile}` })
    options.onProgress?.({ phase: 'evaluating-after', activity: null })
    const running = readRunningSystem(this.tools, profile, options.signal)
    running.catch(() => undefined) // awaited below; a failure meanwhile is not "unhandled"
    const after = { flakeRef: dir, overrides: [] }
    const afterEval = await this.evaluator.evaluate(
      dir,
      host,
      after,
      'evaluating-after',
      options,
      new Map(),
    )
    const runningSystem = await running
    if (!afterEval.ok) return { ok: false, error: { side: 'after', ...afterEval } }
    const before = runningSystem.drvPath ?? runningSystem.storePath
    const withRunning = (prediction: Prediction): PredictionResult => ({
      ok: true,
      prediction: { ...prediction, runningSystem },
    })
    if (!options.refresh) {
      const stored = this.store.get(host, before, afterEval.drvPath)
      if (stored) return withRunning(stored)
    }
    const prediction = runningSystem.drvPath
      ? await this.compare(host, runningSystem.drvPath, afterEval.drvPath, options)
      : await this.compareWithBuilt(host, runningSystem, afterEval.drvPath, options)
    this.store.put(prediction)
    return withRunning(prediction)
  }

  /**
   * A built system (no derivation to read) against a derivation: the system side only, its
   * closure exact from the store; what changes only to build the system is left unknown.
   */
  private async compareWithBuilt(
    host: string,
    running: RunningSystem,
    afterDrv: string,
    options: PredictOptions,
  ): Promise<Prediction> {
    const progress = (phase: PredictPhase) => options.onProgress?.({ phase, activity: null })
    const dryRun = this.realise.start(afterDrv, options)
    progress('reading-derivations')
    const signal = options.signal ? { signal: options.signal } : {}
    const [built, afterGraph] = await Promise.all([
      this.closures.get([running.storePath], signal),
      this.derivations(afterDrv, options.signal),
    ])
    const closure = built.closures.get(running.storePath)
    if (!closure) {
      throw new AppError(
        'not-found',
        `The running system ${running.storePath} cannot be read from the store.`,
        { details: built.invalid.get(running.storePath) ?? '' },
      )
    }
    progress('reading-store')
    const facts = await readStoreFacts(this.tools, [afterGraph], options.signal, this.storeDatabase)
    for (const entry of closure.entries) facts.sizes.set(entry.path, entry.narSize)
    progress('dry-run')
    const realise = await dryRun(afterGraph, facts)
    progress('comparing')
    const beforeClosure = builtRuntimeClosure(
      closure.entries.map((e) => e.path),
      closure.selected,
    )
    const afterClosure = predictRuntimeClosure(afterGraph, afterDrv, facts)
    return {
      host,
      beforeDrv: running.storePath,
      afterDrv,
      system: diffSystems(beforeClosure, afterClosure, facts.sizes),
      buildOnly: noBuildOnlyDiff(),
      realise,
      computedAt: Date.now(),
      cached: false,
    }
  }

  /** Compares two toplevel derivations (already evaluated). */
  async compare(
    host: string,
    beforeDrv: string,
    afterDrv: string,
    options: PredictOptions = {},
  ): Promise<Prediction> {
    const progress = (phase: PredictPhase) => options.onProgress?.({ phase, activity: null })
    // nix's dry run needs only the new derivation: it runs while the closures are read.
    const dryRun = this.realise.start(afterDrv, options)
    progress('reading-derivations')
    const [beforeGraph, afterGraph] = await Promise.all([
      this.derivations(beforeDrv, options.signal),
      this.derivations(afterDrv, options.signal),
    ])
    progress('reading-store')
    const facts = await readStoreFacts(
      this.tools,
      [beforeGraph, afterGraph],
      options.signal,
      this.storeDatabase,
    )
    progress('dry-run')
    const realise = await dryRun(afterGraph, facts)
    progress('comparing')
    const beforeClosure = predictRuntimeClosure(beforeGraph, beforeDrv, facts)
    const afterClosure = predictRuntimeClosure(afterGraph, afterDrv, facts)
    return {
      host,
      beforeDrv,
      afterDrv,
      system: diffSystems(beforeClosure, afterClosure, facts.sizes),
      buildOnly: diffBuildOnly(
        { graph: beforeGraph, closure: beforeClosure },
        { graph: afterGraph, closure: afterClosure },
      ),
      realise,
      computedAt: Date.now(),
      cached: false,
    }
  }

  private async derivations(drvPath: string, signal?: AbortSignal): Promise<DerivationGraph> {
    const read = await this.reader?.closure(drvPath, signal)
    if (read) return read
    const { info } = await this.nix.require()
    const command = info.capabilities.derivationShow ? ['derivation', 'show'] : ['show-derivation']
    const result = await this.nix.runChecked([...command, '-r', ...this.tools.storeArgs, drvPath], {
      timeoutMs: evalTimeoutMs,
      maxOutput: 1024 * 1024 * 1024,
      ...(signal ? { signal } : {}),
    })
    return parseDerivations(result.stdout)
  }
}
