// Know before you build: what a proposed change (an input updated or pinned, the working tree's
// edits) does to a host, from evaluation alone. Both sides' toplevel derivations are evaluated
// (the proposed lock through --override-input, never written; the last commit through its git
// revision), their derivation closures read, the runtime part of each predicted (see
// runtime-closure.ts: the store's real references where outputs are built), and both compared by
// the Generations comparison. nix's dry run says what must be built or fetched.
import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Diagnostic } from '../../../shared/contract'
import { AppError } from '../../../shared/app-error'
import { diffLocks } from '../../../shared/lockfile/lock-diff'
import { parseLockfile } from '../../../shared/lockfile/parse-lockfile'
import { parseInternalJsonDiagnostics, parseNixErrorText } from '../../../shared/nix/diagnostics'
import { parseDerivations, type DerivationGraph } from '../../../shared/predict/derivation-graph'
import { localRealise, parseDryRun } from '../../../shared/predict/dry-run'
import { countToBuild } from '../../../shared/predict/local-realise'
import { builtRuntimeClosure } from '../../../shared/predict/built-closure'
import { diffBuildOnly, diffSystems, noBuildOnlyDiff } from '../../../shared/predict/predict-diff'
import { overridesFromChanges } from '../../../shared/predict/overrides'
import { predictRuntimeClosure, type StoreFacts } from '../../../shared/predict/runtime-closure'
import type {
  PredictChange,
  Prediction,
  PredictionResult,
  PredictPhase,
  PredictProgress,
  RealiseCounts,
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
import { attrName } from '../nix-check/nix-check-service'
import { toRepoDiagnostic } from '../nix-check/diagnostics-mapper'
import type { NixService } from '../nix'
import { configShowArgs } from '../nix-version'
import type { ProcessRunner } from '../process-runner'
import { flakeFingerprint } from './flake-fingerprint'
import { DerivationReader } from './derivation-reader'
import { PredictionStore } from './prediction-store'
import { readRunningSystem } from './running-system'
import { readStoreFacts } from './store-facts'

export interface PredictOptions {
  signal?: AbortSignal
  onProgress?: (progress: PredictProgress) => void
  /** Compute again even when a prediction of the same pair is stored. */
  refresh?: boolean
  /** Do not ask substituters: what could be fetched is then unknown. */
  offline?: boolean
}

export interface PredictServiceOptions {
  /** A store URI (tests); nix's default store when absent. */
  store?: string | null
}

const evalTimeoutMs = 600_000
/** Evaluations remembered (a key and a derivation path each). */
const evaluationsKept = 128

/** A flake reference that always names the same source: a git revision or a NAR hash. */
function isLocked(url: string): boolean {
  return /[?&](rev=[0-9a-f]{40}|narHash=)|\/[0-9a-f]{40}(?:[?#]|$)/.test(url)
}
const readOnly = ['--no-write-lock-file'] as const

/** One side to evaluate: a flake reference and the overrides to apply to it. */
interface Side {
  flakeRef: string
  overrides: { input: string; url: string }[]
}

type Evaluated =
  { ok: true; drvPath: string } | { ok: false; message: string; diagnostics: Diagnostic[] }

export class PredictService {
  readonly store: PredictionStore
  private readonly tools: NixTools
  /** The local store's database, read directly when nix would use it. */
  private readonly storeDatabase: StoreDatabaseLocation | null
  /** Derivation paths by what the evaluation read (see memoKey), most recent last. */
  private readonly evaluations = new Map<string, string>()
  /** Built systems' closures (the running system's, when its derivation is gone), cached. */
  private readonly closures: ClosureCache
  /** Whether nix would ask no binary cache, read once from its configuration. */
  private substitution: Promise<boolean> | null = null
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
    const [before, after] = await this.sides(dir, change)
    const progress = (phase: PredictPhase, activity: string | null = null) =>
      options.onProgress?.({ phase, activity })

    // Both sides at once (nix evaluates on one core each); one fingerprint of the repo serves both.
    progress('evaluating-before')
    progress('evaluating-after')
    const fingerprints = new Map<string, Promise<string | null>>()
    const [beforeEval, afterEval] = await Promise.all([
      this.evaluate(dir, host, before, 'evaluating-before', options, fingerprints),
      this.evaluate(dir, host, after, 'evaluating-after', options, fingerprints),
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
    const afterEval = await this.evaluate(dir, host, after, 'evaluating-after', options, new Map())
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
    const dryRun = this.dryRun(afterDrv, options)
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
    const dryRun = this.dryRun(afterDrv, options)
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

  /** The flake as it is, and as the change would make it. */
  private async sides(dir: string, change: PredictChange): Promise<[Side, Side]> {
    if (change.kind === 'overrides') {
      return [
        { flakeRef: dir, overrides: [] },
        { flakeRef: dir, overrides: change.overrides },
      ]
    }
    if (change.kind === 'lock') {
      return [
        { flakeRef: dir, overrides: [] },
        { flakeRef: dir, overrides: await this.overridesFor(dir, change.lock) },
      ]
    }
    const top = await this.git.topLevel(dir)
    const head = top ? await this.git.headCommit(top) : null
    if (!top || !head) {
      throw new AppError(
        'not-a-git-repo',
        `${dir} has no commit to compare the working tree with.`,
        {
          hint: 'Commit the flake once; the working tree is then compared with that commit.',
        },
      )
    }
    const sub = dir.startsWith(`${top}/`) ? dir.slice(top.length + 1) : ''
    const committed = `git+file://${top}?rev=${head}${sub ? `&dir=${encodeURIComponent(sub)}` : ''}`
    return [
      { flakeRef: committed, overrides: [] },
      { flakeRef: dir, overrides: [] },
    ]
  }

  /**
   * The proposed lock's changes as overrides: each updated input (not below another updated one,
   * whose own lock brings its inputs along) replaced by the flake reference it is locked to.
   */
  private async overridesFor(dir: string, lockText: string): Promise<Side['overrides']> {
    let current: string
    try {
      current = await readFile(join(dir, 'flake.lock'), 'utf8')
    } catch {
      throw new AppError(
        'not-found',
        `${dir} has no flake.lock to compare the proposed one with.`,
        {
          hint: 'Lock the flake first (Inputs area, or nix flake lock).',
        },
      )
    }
    const found = overridesFromChanges(diffLocks(parseLockfile(current), parseLockfile(lockText)))
    if (!found.ok) {
      throw new AppError('bad-request', found.reason, {
        hint: 'Apply the lock change first; then predict the working tree against the last commit.',
      })
    }
    return found.overrides
  }

  /**
   * What an evaluation depends on, when it can be known without evaluating: locked overrides and
   * either a flake reference fixed to a revision or the repo's fingerprint. Null: evaluate.
   */
  private async memoKey(
    side: Side,
    host: string,
    fingerprints: Map<string, Promise<string | null>>,
  ): Promise<string | null> {
    if (!side.overrides.every((o) => isLocked(o.url))) return null
    const fixed = /^git\+file:.*[?&]rev=[0-9a-f]{40}/.test(side.flakeRef)
    let pending = fingerprints.get(side.flakeRef)
    if (!fixed && !pending) {
      pending = flakeFingerprint(side.flakeRef)
      fingerprints.set(side.flakeRef, pending)
    }
    const fingerprint = fixed ? '' : await pending!
    if (fingerprint === null) return null
    return createHash('sha256')
      .update(JSON.stringify([side.flakeRef, host, side.overrides, fingerprint]))
      .digest('hex')
  }

  private async evaluate(
    dir: string,
    host: string,
    side: Side,
    phase: PredictPhase,
    options: PredictOptions,
    fingerprints: Map<string, Promise<string | null>>,
  ): Promise<Evaluated> {
    const key = options.refresh ? null : await this.memoKey(side, host, fingerprints)
    const known = key === null ? undefined : this.evaluations.get(key)
    if (known) return { ok: true, drvPath: known }
    const evaluated = await this.evaluateNow(dir, host, side, phase, options)
    if (evaluated.ok && key !== null) {
      this.evaluations.set(key, evaluated.drvPath)
      while (this.evaluations.size > evaluationsKept) {
        this.evaluations.delete(this.evaluations.keys().next().value!)
      }
    }
    return evaluated
  }

  private async evaluateNow(
    dir: string,
    host: string,
    side: Side,
    phase: PredictPhase,
    options: PredictOptions,
  ): Promise<Evaluated> {
    const attr = `nixosConfigurations.${attrName(host)}.config.system.build.toplevel.drvPath`
    const overrideArgs = side.overrides.flatMap((o) => ['--override-input', o.input, o.url])
    let pending = ''
    const result = await this.nix.run(
      [
        'eval',
        '--raw',
        ...readOnly,
        ...this.tools.storeArgs,
        `${side.flakeRef}#${attr}`,
        ...overrideArgs,
        '--log-format',
        'internal-json',
      ],
      {
        timeoutMs: evalTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        onStderr: (chunk) => {
          pending += chunk
          const lines = pending.split('\n')
          pending = lines.pop() ?? ''
          for (const line of lines) {
            const activity = activityText(line)
            if (activity) options.onProgress?.({ phase, activity })
          }
        },
      },
    )
    if (result.code === 0) return { ok: true, drvPath: result.stdout.trim() }
    const found = parseInternalJsonDiagnostics(result.stderr)
    const raw = found.length > 0 ? found : parseNixErrorText(result.stderr)
    const sources = raw.some((d) => d.file?.startsWith('/nix/store/'))
      ? await this.sourcePaths(side.flakeRef)
      : []
    const diagnostics = raw.map((d) => toRepoDiagnostic(d, dir, sources))
    const error = diagnostics.find((d) => d.severity === 'error')
    const message =
      error?.message ??
      result.stderr.trim().split('\n').pop() ??
      `nix eval failed (exit ${result.code})`
    return { ok: false, message, diagnostics }
  }

  private async sourcePaths(flakeRef: string): Promise<string[]> {
    const result = await this.nix.run(['flake', 'metadata', '--json', ...readOnly, flakeRef], {
      timeoutMs: 60_000,
    })
    if (result.code !== 0) return []
    try {
      const path = (JSON.parse(result.stdout) as { path?: unknown }).path
      return typeof path === 'string' ? [path] : []
    } catch {
      return []
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

  /**
   * What must be built or fetched, as nix's dry run says, started at once: it needs only the new
   * derivation, so it runs while the closures are read. Where nix has no binary cache to ask
   * (offline, or none configured), its answer is a function of the graph and the store's
   * validity, which the prediction reads anyway: counted here (local-realise.ts) without the
   * dry run, which costs more than the evaluation on a large system.
   */
  private dryRun(
    drvPath: string,
    options: PredictOptions,
  ): (graph: DerivationGraph, facts: StoreFacts) => Promise<RealiseCounts> {
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

/** The text of an internal-json `start` line ("copying '…' to the store"), if it has one. */
function activityText(line: string): string | null {
  if (!line.startsWith('@nix ')) return null
  try {
    const entry = JSON.parse(line.slice(5)) as { action?: unknown; text?: unknown }
    return entry.action === 'start' && typeof entry.text === 'string' && entry.text !== ''
      ? entry.text
      : null
  } catch {
    return null
  }
}
