// The Generations feature's core: the timeline of a system profile with each generation's
// closure size, the comparison of two systems package by package, and the profile operations
// (delete generations, collect garbage, switch). Closures come from the SQLite cache, and
// whatever is missing is fetched from nix in one call. Comparisons are kept in memory, keyed by
// the pair of store paths (whose closures never change), so asking again costs no diff.
import type Database from 'better-sqlite3'
import type { AppErrorData } from '../../../shared/errors'
import type {
  ClosureDiff,
  DeleteResult,
  DeleteSelection,
  GcResult,
  Generation,
  GenerationComparison,
  GenerationRef,
  GenerationTimeline,
} from '../../../shared/generations/types'
import { AppError } from '../../../shared/app-error'
import type {
  CleanupPlan,
  CleanupPolicy,
  CleanupProgress,
  CleanupResult,
  GenerationPin,
} from '../../../shared/generations/care-types'
import type { NixService } from '../nix'
import type { ProcessRunner, RunOptions } from '../process-runner'
import { ClosureCache } from './closure-cache'
import { countDeletedPaths, planCleanup } from './cleanup-plan'
import { GenerationPins } from './generation-pins'
import { NixTools } from './nix-tools'
import {
  diffSystemClosures,
  resolveGenerationRefs,
  summarizeNumbers,
  throwInvalidSystem,
  unusable,
} from './generation-refs'
import {
  readProfile,
  type GenerationLink,
  type ProfileSnapshot,
  type ToplevelInfo,
} from './profile-reader'
import { locateStoreDatabase, StoreDatabase, type ClosureSource } from './store-database'

export interface GenerationsServiceOptions {
  /** The booted system's link; `/run/booted-system` by default. */
  bootedSystemPath?: string
  /** The clock for "older than N days"; Date.now by default. */
  now?: () => number
  /**
   * Asked for closures before nix. By default the local store's own database when the service
   * works on nix's default store (one read instead of `nix path-info`); null for nix alone.
   */
  closureSource?: ClosureSource | null
  /**
   * The nix store to work on, as a store URI; nix's default store (the user's) when absent.
   * Tests name a store of their own so a garbage collection never touches another test's paths.
   */
  store?: string | null
  /** Where pins put their GC roots (a folder in Flakedeck's data directory). */
  gcRootsDir?: string | null
}

export interface OperationOptions {
  signal?: AbortSignal
}

export interface CleanupOptions extends OperationOptions {
  /** The generations the user saw go in the preview; the clean-up stops if that changed. */
  expectedGoes?: readonly number[]
  onProgress?: (progress: CleanupProgress) => void
}

const dayMs = 24 * 60 * 60 * 1000
/** Comparisons kept in memory; each holds a few hundred KiB at most for a 3000-path system. */
const comparisonsKept = 16
/** Toplevels whose facts are kept in memory (a few hundred bytes each). */
const toplevelsKept = 5000

export class GenerationsService {
  /** The closure cache, public for benchmarks and tests. */
  readonly cache: ClosureCache
  /** Pinned generations (labels in SQLite, GC roots in the data folder). */
  readonly pins: GenerationPins
  /** nix-env and nix-store, pointed at the store this service works on. */
  readonly tools: NixTools
  /** Recent comparisons by `before\nafter` store path, least recently used first. */
  private readonly comparisons = new Map<string, ClosureDiff>()
  /** What each toplevel records about itself (NixOS label, kernel…), read once per store path. */
  private readonly toplevels = new Map<string, ToplevelInfo>()

  constructor(
    private readonly runner: ProcessRunner,
    private readonly nix: NixService,
    db: Database.Database,
    private readonly options: GenerationsServiceOptions = {},
  ) {
    this.tools = new NixTools(runner, nix, options.store ?? null)
    this.cache = new ClosureCache(db, this.tools.nixCli, defaultClosureSource(runner, options))
    this.pins = new GenerationPins(db, this.tools, options.gcRootsDir ?? null)
  }

  /**
   * Every generation of the profile, newest first, with closure sizes. Closures already cached
   * cost no nix call; the missing ones are fetched together. Dangling and invalid generations
   * stay in the list with their state and problem.
   */
  async list(profile: string, options: OperationOptions = {}): Promise<GenerationTimeline> {
    const snapshot = await this.read(profile)
    const readable = snapshot.generations.filter((g) => g.state === 'ok').map((g) => g.storePath)
    let invalid = new Map<string, string>()
    let closureProblem: AppErrorData | null = null
    try {
      invalid = (await this.cache.ensure(readable, { ...options, deferWrite: true })).invalid
    } catch (error) {
      // Without nix the timeline still shows, from the file system and whatever is cached.
      if (!(error instanceof AppError) || error.code === 'cancelled') throw error
      closureProblem = error.toData()
    }
    const summaries = this.cache.summaries(readable)
    const pins = new Map(this.pins.list(snapshot.location.profilePath).map((p) => [p.number, p]))
    const generations = snapshot.generations.map((link): Generation => {
      const { swPath: _swPath, ...rest } = link
      const summary = summaries.get(link.storePath)
      const problem = invalid.get(link.storePath)
      const pin = pins.get(link.number)
      return {
        ...rest,
        ...(problem !== undefined && link.state === 'ok' ? { state: 'invalid', problem } : {}),
        closureSize: summary?.closureSize ?? null,
        pathCount: summary?.pathCount ?? null,
        // A pin made for a generation number since deleted and reused does not carry over.
        pin:
          pin && pin.storePath === link.storePath
            ? { label: pin.label, pinnedAt: pin.pinnedAt }
            : null,
      }
    })
    const shown = new Set(generations.filter((g) => g.pin).map((g) => g.number))
    const orphanPins = [...pins.values()]
      .filter((p) => !shown.has(p.number))
      .map(({ number, storePath, label, pinnedAt }) => ({ number, storePath, label, pinnedAt }))
    return {
      profilePath: snapshot.location.profilePath,
      currentNumber: snapshot.currentNumber,
      bootedStorePath: snapshot.bootedStorePath,
      generations,
      closureProblem,
      orphanPins,
    }
  }

  /**
   * Compares two systems: `before` and `after` are generation numbers of the profile or store
   * paths (any system, or a generation link, which is followed).
   */
  async compare(
    profile: string,
    before: GenerationRef,
    after: GenerationRef,
    options: OperationOptions = {},
  ): Promise<GenerationComparison> {
    const [a, b] = await resolveGenerationRefs(profile, [before, after])
    const diff = await this.diffSystems(a!.storePath, b!.storePath, options)
    return { before: a!, after: b!, ...diff }
  }

  /** The package-level difference between two systems by store path, from memory if asked lately. */
  async diffSystems(
    before: string,
    after: string,
    options: OperationOptions = {},
  ): Promise<ClosureDiff> {
    const key = `${before}\n${after}`
    const remembered = this.comparisons.get(key)
    if (remembered) {
      this.comparisons.delete(key)
      this.comparisons.set(key, remembered)
      return remembered
    }
    const { closures, invalid } = await this.cache.get([before, after], options)
    const closureOf = (storePath: string) =>
      closures.get(storePath) ?? throwInvalidSystem(storePath, invalid.get(storePath))
    const diff = diffSystemClosures(closureOf(before), closureOf(after))
    this.comparisons.set(key, diff)
    while (this.comparisons.size > comparisonsKept) {
      this.comparisons.delete(this.comparisons.keys().next().value!)
    }
    return diff
  }

  /**
   * Deletes generations with `nix-env --delete-generations`. An explicit list that names the
   * current or the booted generation is refused; by age or count, those two are kept and
   * reported as protected. Optionally collects garbage afterwards.
   */
  async delete(
    profile: string,
    selection: DeleteSelection,
    options: OperationOptions & { gc?: boolean } = {},
  ): Promise<DeleteResult> {
    const snapshot = await this.read(profile)
    const pinned = new Set(
      this.pins
        .list(snapshot.location.profilePath)
        .filter((p) =>
          snapshot.generations.some((g) => g.number === p.number && g.storePath === p.storePath),
        )
        .map((p) => p.number),
    )
    const isProtected = (g: GenerationLink) => g.current || g.booted || pinned.has(g.number)
    let chosen: GenerationLink[]
    if (selection.kind === 'numbers') {
      chosen = selection.numbers.map((n) => findGeneration(snapshot, n))
      const refused = chosen.find(isProtected)
      if (refused && !refused.current && !refused.booted) {
        throw new AppError('bad-request', `Generation ${refused.number} is pinned.`, {
          hint: 'Unpin it first if you no longer need to keep it.',
        })
      }
      if (refused) {
        const role = refused.current ? 'current' : 'booted'
        throw new AppError(
          'bad-request',
          `Generation ${refused.number} is the ${role} system and cannot be deleted.`,
          {
            hint: refused.current
              ? 'Switch to another generation first, then delete this one.'
              : 'Reboot into another generation first; the running system must stay available.',
          },
        )
      }
    } else if (selection.kind === 'olderThan') {
      const cutoff = (this.options.now ?? Date.now)() - selection.days * dayMs
      chosen = snapshot.generations.filter((g) => g.date < cutoff)
    } else {
      chosen = snapshot.generations.slice(selection.count) // newest first
    }
    const kept = chosen.filter(isProtected).map((g) => g.number)
    const numbers = [...new Set(chosen.filter((g) => !isProtected(g)).map((g) => g.number))]
    numbers.sort((x, y) => x - y)
    if (numbers.length > 0) {
      const args = [
        '-p',
        snapshot.location.profilePath,
        '--delete-generations',
        ...numbers.map(String),
      ]
      await this.runTool('nix-env', args, options)
    }
    const gc = options.gc ? await this.gc(options) : null
    return { deleted: numbers, protected: kept.sort((x, y) => x - y), gc }
  }

  /** `nix-store --gc`, with what it freed. */
  async gc(options: OperationOptions = {}): Promise<GcResult> {
    const result = await this.runTool('nix-store', ['--gc'], { ...options, timeoutMs: 0 })
    return parseGcSummary(`${result.stdout}\n${result.stderr}`)
  }

  /**
   * Pins generation `number` with a label: a GC root in the data folder keeps its store paths,
   * and Flakedeck's clean-up keeps the generation. Pinning a pinned one changes its label.
   */
  async pin(profile: string, number: number, label: string): Promise<GenerationPin> {
    const snapshot = await this.read(profile)
    const generation = requireReadable(findGeneration(snapshot, number))
    return this.pins.pin(snapshot.location.profilePath, number, generation.storePath, label)
  }

  /** Removes a pin and its GC root; false when the generation was not pinned. */
  async unpin(profile: string, number: number): Promise<boolean> {
    const { profilePath } = (await this.read(profile)).location
    return this.pins.unpin(profilePath, number)
  }

  /**
   * The clean-up preview: which generations the policy lets go (never the current, booted or a
   * pinned one) and the store paths and bytes that only they reach, from the cached closures
   * (the missing ones, and the pinned generations', are fetched first).
   */
  async cleanupPlan(
    profile: string,
    policy: CleanupPolicy,
    options: OperationOptions = {},
  ): Promise<CleanupPlan> {
    const snapshot = await this.read(profile)
    const pins = this.pins.all()
    const roots = [
      ...snapshot.generations.filter((g) => g.state === 'ok').map((g) => g.storePath),
      ...pins.map((p) => p.storePath),
    ]
    const { closures } = await this.cache.get(roots, options)
    return planCleanup({
      profilePath: snapshot.location.profilePath,
      generations: snapshot.generations,
      policy,
      now: (this.options.now ?? Date.now)(),
      pins,
      closureOf: (storePath) => closures.get(storePath)?.entries ?? null,
    })
  }

  /**
   * Runs the clean-up the preview showed: deletes the generations that go
   * (`nix-env --delete-generations`), then collects garbage (`nix-store --gc`) with progress, and
   * returns nix's own count beside the prediction.
   */
  async cleanup(
    profile: string,
    policy: CleanupPolicy,
    options: CleanupOptions = {},
  ): Promise<CleanupResult> {
    const plan = await this.cleanupPlan(profile, policy, options)
    if (options.expectedGoes && !sameNumbers(options.expectedGoes, plan.goes)) {
      throw new AppError(
        'conflict',
        'The generations changed since the preview, so the clean-up did not start.',
        { hint: `Look at the preview again: it now deletes ${describeNumbers(plan.goes)}.` },
      )
    }
    const report = (progress: Omit<CleanupProgress, 'profilePath' | 'pathsExpected'>) =>
      options.onProgress?.({
        profilePath: plan.profilePath,
        pathsExpected: plan.freedPaths,
        ...progress,
      })
    try {
      if (plan.goes.length > 0) {
        report({ phase: 'deleting', pathsDeleted: 0, message: null })
        await this.runTool(
          'nix-env',
          ['-p', plan.profilePath, '--delete-generations', ...plan.goes.map(String)],
          options,
        ).catch((error: unknown) => {
          throw withRootHint(error, plan.profilePath)
        })
      }
      let deleted = 0
      let partial = ''
      report({ phase: 'collecting', pathsDeleted: 0, message: null })
      const result = await this.runTool('nix-store', ['--gc'], {
        ...options,
        timeoutMs: 0,
        onStderr: (chunk) => {
          // Lines can arrive split across chunks; only whole lines are counted.
          const text = partial + chunk
          const end = text.lastIndexOf('\n')
          partial = end === -1 ? text : text.slice(end + 1)
          if (end === -1) return
          const counted = countDeletedPaths(text.slice(0, end))
          if (counted === 0) return
          deleted += counted
          report({ phase: 'collecting', pathsDeleted: deleted, message: null })
        },
      })
      const gc = parseGcSummary(`${result.stdout}\n${result.stderr}`)
      report({ phase: 'done', pathsDeleted: gc.pathsDeleted, message: null })
      return { plan, deleted: plan.goes, gc }
    } catch (error) {
      report({
        phase: 'failed',
        pathsDeleted: 0,
        message: error instanceof Error ? error.message : String(error),
      })
      throw error
    }
  }

  /** Points the profile at generation `number` (`nix-env --switch-generation`). */
  async switchTo(profile: string, number: number, options: OperationOptions = {}): Promise<void> {
    const snapshot = await this.read(profile)
    const generation = requireReadable(findGeneration(snapshot, number))
    if (generation.current) return
    const args = ['-p', snapshot.location.profilePath, '--switch-generation', String(number)]
    await this.runTool('nix-env', args, options)
  }

  private read(profile: string): Promise<ProfileSnapshot> {
    if (this.toplevels.size > toplevelsKept) this.toplevels.clear()
    return readProfile(profile, {
      toplevels: this.toplevels,
      ...(this.options.bootedSystemPath ? { bootedSystemPath: this.options.bootedSystemPath } : {}),
    })
  }

  /** Runs nix-env or nix-store from the same installation as the nix Flakedeck uses. */
  private runTool(
    tool: 'nix-env' | 'nix-store',
    args: readonly string[],
    options: OperationOptions & RunOptions,
  ) {
    return this.tools.run(tool, args, options)
  }
}

function findGeneration(snapshot: ProfileSnapshot, number: number): GenerationLink {
  const generation = snapshot.generations.find((g) => g.number === number)
  if (generation) return generation
  const known = snapshot.generations.map((g) => g.number).reverse()
  throw new AppError(
    'not-found',
    `The profile ${snapshot.location.profilePath} has no generation ${number}.`,
    { hint: `Its generations are ${summarizeNumbers(known)}.` },
  )
}

/**
 * A profile folder Flakedeck may not write (the system profile belongs to root) fails with
 * nix's "Permission denied" or "Read-only file system"; say how to run it instead.
 */
function withRootHint(error: unknown, profilePath: string): unknown {
  if (!(error instanceof AppError)) return error
  if (!/Permission denied|Read-only file system/.test(`${error.message}\n${error.details ?? ''}`)) {
    return error
  }
  return new AppError(
    'command-failed',
    `Flakedeck may not delete generations of ${profilePath}; nothing was deleted.`,
    {
      hint: 'Its folder belongs to root (or is read-only). Run the clean-up as root: sudo flakedeck clean --profile PROFILE --keep N (add --dry-run to look first).',
      ...(error.details ? { details: error.details } : {}),
    },
  )
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  const sorted = [...a].sort((x, y) => x - y)
  return sorted.length === b.length && sorted.every((n, i) => n === b[i])
}

function describeNumbers(numbers: readonly number[]): string {
  return numbers.length === 0 ? 'no generation' : `generations ${summarizeNumbers(numbers)}`
}

function requireReadable(generation: GenerationLink): GenerationLink {
  if (generation.state === 'ok') return generation
  throw unusable(generation.number, generation.problem)
}

const unitBytes: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
}

/** Reads nix's "N store paths deleted, X MiB freed" (older nix always says MiB). */
export function parseGcSummary(output: string): GcResult {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
  const match = /(\d+) store paths? deleted, ([\d.]+) ?(B|KiB|MiB|GiB|TiB|PiB) freed/.exec(text)
  if (!match) return { pathsDeleted: 0, bytesFreed: 0 }
  return {
    pathsDeleted: Number(match[1]),
    bytesFreed: Math.round(Number(match[2]) * (unitBytes[match[3]!] ?? 1)),
  }
}

/** The closure source asked, or the default store's database when nothing is said. */
function defaultClosureSource(
  runner: ProcessRunner,
  options: GenerationsServiceOptions,
): ClosureSource | null {
  if (options.closureSource !== undefined) return options.closureSource
  if (options.store) return null
  const location = locateStoreDatabase(runner.baseEnv)
  return location ? new StoreDatabase(location) : null
}
