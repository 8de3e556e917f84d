// Reading a flake's inputs: the tree of flake.lock (follows resolved, ages, duplicates, stale
// ones), what flake.nix declares against what is locked, and git's view of both files. It only
// reads, so it needs nix and git and nothing else (the CLI's `flakedeck inputs` builds just this).
import { defaultStaleAfterDays } from '../../../shared/lockfile/input-age'
import { buildInputTree } from '../../../shared/lockfile/input-tree'
import { rootNode } from '../../../shared/lockfile/parse-lockfile'
import type { InputsOverview } from '../../../shared/lockfile/schemas'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import {
  declaredInputsForReading,
  dirtyFiles,
  flakeNixDirtyWarning,
  loadFlake,
} from './flake-state'

export class InputsReader {
  constructor(
    private readonly nix: NixService,
    private readonly git: GitService,
    /** Milliseconds since the epoch; tests fix it. */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The inputs tree of the flake in `dir`, with what flake.nix declares and git's view. The
   * threshold may still be on its way (the CLI reads it from the database meanwhile): nix and git
   * start first.
   */
  async read(
    dir: string,
    options: { staleAfterDays?: number | Promise<number> } = {},
  ): Promise<InputsOverview> {
    const state = await loadFlake(dir)
    // git, and nix when flake.nix is not plain enough to read, at once: a reading waits for the
    // slower of the two only.
    const asked = Promise.all([
      declaredInputsForReading(this.nix, state),
      dirtyFiles(this.git, state.dir),
    ])
    asked.catch(() => undefined) // awaited below; a threshold that fails first is the error shown
    const staleAfterDays = (await options.staleAfterDays) ?? defaultStaleAfterDays
    const tree = state.lock
      ? buildInputTree(state.lock, { now: this.now(), staleAfterDays })
      : { rows: [], duplicates: [], staleCount: 0 }
    const [declared, dirty] = await asked
    const locked = state.lock ? Object.keys(rootNode(state.lock).inputs) : []
    const warnings: string[] = []
    if (!declared.names) warnings.push(declared.problem)
    if (dirty.flakeNix) warnings.push(flakeNixDirtyWarning)
    if (!state.lock) warnings.push('There is no flake.lock yet; nix writes one on the first lock.')
    return {
      dir: state.dir,
      hasLock: state.lock !== null,
      tree,
      declaredInputs: declared.names,
      undeclared: declared.names ? locked.filter((n) => !declared.names.includes(n)) : [],
      unlocked: declared.names ? declared.names.filter((n) => !locked.includes(n)) : [],
      flakeNixDirty: dirty.flakeNix,
      flakeLockDirty: dirty.flakeLock,
      warnings,
    }
  }
}
