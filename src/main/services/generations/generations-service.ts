// The Generations feature's core: the timeline of a system profile with each generation's
// closure size, the comparison of two systems package by package, and the profile operations
// (delete generations, collect garbage, pin, clean up, switch). It wires the parts together:
// the listing (generation-timeline.ts), the closure cache, what toplevels record
// (toplevel-store.ts, both in SQLite), pins, and carrying out a clean-up (cleanup-run.ts).
// Comparisons are kept in memory, keyed by the pair of store paths (whose closures never
// change), so asking again costs no diff.
import type Database from 'better-sqlite3'
import type {
  ClosureDiff,
  DeleteResult,
  DeleteSelection,
  GcResult,
  GenerationComparison,
  GenerationRef,
  GenerationTimeline,
} from '../../../shared/generations/types'
import { AppError } from '../../../shared/app-error'
import type {
  CleanupPlan,
  CleanupPolicy,
  CleanupResult,
  GenerationPin,
} from '../../../shared/generations/care-types'
import type { NixService } from '../nix'
import type { ProcessRunner, RunOptions } from '../process-runner'
import { ClosureCache } from './closure-cache'
import { planCleanup } from './cleanup-plan'
import { runCleanup, type CleanupRunOptions } from './cleanup-run'
import { parseGcSummary } from './gc-summary'
import { GenerationPins } from './generation-pins'
import {
  diffSystemClosures,
  resolveGenerationRefs,
  summarizeNumbers,
  throwInvalidSystem,
  unusable,
} from './generation-refs'
import { listTimeline } from './generation-timeline'
import { NixTools } from './nix-tools'
import { readProfile, type GenerationLink, type ProfileSnapshot } from './profile-reader'
import { locateStoreDatabase, StoreDatabase, type ClosureSource } from './store-database'
import { ToplevelStore } from './toplevel-store'

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

export type CleanupOptions = CleanupRunOptions

const dayMs = 24 * 60 * 60 * 1000
/** Comparisons kept in memory; each holds a few hundred KiB at most for a 3000-path system. */
const comparisonsKept = 16

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
  readonly toplevels: ToplevelStore

  constructor(
    private readonly runner: ProcessRunner,
    private readonly nix: NixService,
    db: Database.Database,
    private readonly options: GenerationsServiceOptions = {},
  ) {
    this.tools = new NixTools(runner, nix, options.store ?? null)
    this.cache = new ClosureCache(db, this.tools.nixCli, defaultClosureSource(runner, options))
    this.pins = new GenerationPins(db, this.tools, options.gcRootsDir ?? null)
    this.toplevels = new ToplevelStore(db)
  }

  /**
   * Every generation of the profile, newest first, with closure sizes. Closures already cached
   * cost no nix call; the missing ones are fetched together. Dangling and invalid generations
   * stay in the list with their state and problem.
   */
  list(profile: string, options: OperationOptions = {}): Promise<GenerationTimeline> {
    return listTimeline(
      { read: (path) => this.read(path), cache: this.cache, pins: this.pins },
      profile,
      options,
    )
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
    return runCleanup(
      plan,
      (tool, args, runOptions) => this.runTool(tool, args, runOptions),
      options,
    )
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

function requireReadable(generation: GenerationLink): GenerationLink {
  if (generation.state === 'ok') return generation
  throw unusable(generation.number, generation.problem)
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
