// A flake as one read or one change finds it, read once per call: flake.nix and flake.lock
// (parsed), which inputs flake.nix declares (evaluating that file alone), and whether git sees
// either file changed. A change compares the repo against these texts before it writes.
import { isAbsolute, join, resolve } from 'node:path'
import { AppError } from '../../../shared/app-error'
import {
  LockfileError,
  parseLockfile,
  type Lockfile,
} from '../../../shared/lockfile/parse-lockfile'
import { toRepoPath } from '../files/repo-paths'
import type { GitService } from '../git'
import type { NixService } from '../nix'
import type { FlakeTexts } from './flake-copy'
import { readDeclaredInputs } from './flake-nix-inputs'
import { readIfExists } from './flake-writes'
import { declaredInputsArgs } from './lock-commands'
import { nixErrorLine } from './nix-errors'

export interface FlakeState {
  dir: string
  lockPath: string
  flakeNixPath: string
  lockText: string | null
  lock: Lockfile | null
  flakeNixText: string
}

export const flakeNixDirtyWarning =
  'flake.nix has uncommitted changes; nix locks what is in the working tree, so the lock will follow your edits.'

function lockfileError(error: LockfileError): AppError {
  const hints: Partial<Record<LockfileError['problem'], string>> = {
    empty: 'Restore it from git (Undo) or run "nix flake lock" to write it again.',
    truncated: 'Restore it from git (Undo) or run "nix flake lock" to write it again.',
    'not-json': 'Restore it from git (Undo) or run "nix flake lock" to write it again.',
  }
  return new AppError('bad-request', error.message, {
    hint:
      error.hint ??
      hints[error.problem] ??
      'flake.lock is not what nix writes; restore it from git (Undo) or run "nix flake lock".',
  })
}

/** A flake.lock's text parsed, or what is wrong with it in the user's words. */
export function parseLock(text: string): Lockfile {
  try {
    return parseLockfile(text)
  } catch (error) {
    if (error instanceof LockfileError) throw lockfileError(error)
    throw error
  }
}

/** Reads the flake in `dir`; `allowBrokenLock` reads a flake.lock that does not parse as none. */
export async function loadFlake(
  dir: string,
  options: { allowBrokenLock?: boolean } = {},
): Promise<FlakeState> {
  if (!isAbsolute(dir)) {
    throw new AppError('bad-request', `"${dir}" is not an absolute path.`, {
      hint: 'Open the flake repository first.',
    })
  }
  const root = resolve(dir)
  const flakeNixPath = join(root, 'flake.nix')
  const lockPath = join(root, 'flake.lock')
  const flakeNix = await readIfExists(flakeNixPath)
  if (flakeNix === null) {
    throw new AppError('not-a-flake', `${root} has no flake.nix.`, {
      hint: 'Open the folder whose top holds flake.nix.',
    })
  }
  const lockBytes = await readIfExists(lockPath)
  const lockText = lockBytes === null ? null : lockBytes.toString('utf8')
  let lock: Lockfile | null = null
  if (lockText !== null) {
    try {
      lock = parseLock(lockText)
    } catch (error) {
      if (!options.allowBrokenLock) throw error
    }
  }
  return {
    dir: root,
    lockPath,
    flakeNixPath,
    lockText,
    lock,
    flakeNixText: flakeNix.toString('utf8'),
  }
}

export function textsOf(state: FlakeState): FlakeTexts {
  return { flakeNix: state.flakeNixText, lock: state.lockText }
}

export type DeclaredInputs = { names: string[]; problem?: never } | { names: null; problem: string }

/** The inputs flake.nix declares (in `inputs` or as arguments of `outputs`), or why not known. */
export async function declaredInputs(nix: NixService, state: FlakeState): Promise<DeclaredInputs> {
  const result = await nix.run(declaredInputsArgs(state.flakeNixPath), {
    cwd: state.dir,
    timeoutMs: 60_000,
  })
  if (result.code !== 0) {
    return {
      names: null,
      problem: `flake.nix could not be evaluated to list its inputs: ${nixErrorLine(result.stderr)}`,
    }
  }
  return namesOf(JSON.parse(result.stdout) as { inputs: string[]; args: string[] })
}

function namesOf(parsed: { inputs: string[]; args: string[] }): DeclaredInputs {
  const names = new Set([...parsed.inputs, ...parsed.args.filter((arg) => arg !== 'self')])
  return { names: [...names].sort() }
}

/**
 * The same, read from flake.nix's text where it is plain enough (flake-nix-inputs.ts), so a
 * reading need not start nix; nix evaluates the file when it is not. A change plans with
 * declaredInputs (nix) itself.
 */
export async function declaredInputsForReading(
  nix: NixService,
  state: FlakeState,
): Promise<DeclaredInputs> {
  const read = readDeclaredInputs(state.flakeNixText)
  return read ? namesOf(read) : declaredInputs(nix, state)
}

/** Whether flake.nix and flake.lock differ from the last commit; both false outside git. */
export async function dirtyFiles(
  git: GitService,
  dir: string,
): Promise<{ flakeNix: boolean; flakeLock: boolean }> {
  let changed: string[]
  try {
    const files = [await toRepoPath(dir, 'flake.nix'), await toRepoPath(dir, 'flake.lock')]
    changed = (await git.status(dir, files)).map((entry) => entry.path)
  } catch {
    return { flakeNix: false, flakeLock: false }
  }
  // git names them from the repo's top, which is above `dir` for a flake in a sub-folder.
  const touched = (file: string) =>
    changed.some((path) => path === file || path.endsWith(`/${file}`))
  return { flakeNix: touched('flake.nix'), flakeLock: touched('flake.lock') }
}
