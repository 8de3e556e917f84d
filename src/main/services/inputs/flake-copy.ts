// A throwaway copy of a flake for nix to lock. nix rewrites flake.lock (and a pin's flake.nix
// edit goes) in the copy; the repo's own files are never touched by nix, so nothing a user or
// another window saves meanwhile can be overwritten or "restored" away. What nix made is read
// back and written to the repo only through writeIfUnchanged.
//
// The copy holds what nix itself reads: the files git tracks (working-tree content) for a flake
// in a git repo, re-added to a fresh git repo so nix sees the same file set and the same kind of
// flake (git+file, with `?dir=` for a flake in a sub-folder); the whole folder otherwise. So
// relative `path:` inputs and sub-folder flakes lock exactly as they would in place. flake.nix
// and flake.lock come from the texts the caller read, so nix locks exactly what was recorded.
import { constants } from 'node:fs'
import {
  copyFile,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readlink,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import type { GitService } from '../git'
import { writeFileAtomic } from '../files/atomic-write'

export interface FlakeCopy {
  /** The flake's folder inside the copy: what nix is given as the flake reference. */
  dir: string
  flakeNixPath: string
  lockPath: string
  /** nix's messages name the copy; this names the user's repo instead. */
  asRepo(text: string): string
  dispose(): Promise<void>
}

export interface FlakeTexts {
  flakeNix: string
  /** null: the flake has no flake.lock (yet). */
  lock: string | null
}

/** Mode git gives a submodule entry; nix leaves submodules out unless asked, and so does the copy. */
const gitlinkMode = '160000'
const copyBatch = 64

interface Tracked {
  /** Paths relative to the repo's top, each once, without submodules. */
  paths: string[]
  /** `ls-files --stage` records (NUL-terminated) of the merged entries, for the copy's index. */
  indexInfo: string
  /** Paths with a merge conflict: added to the copy's index as they are in the working tree. */
  conflicted: string[]
}

async function trackedFiles(git: GitService, top: string): Promise<Tracked> {
  const listing = await git.runChecked(top, ['ls-files', '-z', '--stage'], {
    maxOutput: 256 * 1024 * 1024,
  })
  const paths = new Set<string>()
  const conflicted = new Set<string>()
  let indexInfo = ''
  for (const entry of listing.stdout.split('\0')) {
    const match = /^(\d+) ([0-9a-f]+) (\d)\t(.+)$/s.exec(entry)
    if (!match || match[1] === gitlinkMode) continue
    const [, , , stage, path] = match as unknown as [string, string, string, string, string]
    paths.add(path)
    if (stage === '0') indexInfo += `${entry}\0`
    else conflicted.add(path)
  }
  return { paths: [...paths], indexInfo, conflicted: [...conflicted] }
}

/** Copies one working-tree entry: files by content (a reflink where the filesystem can), links as links. */
async function copyEntry(from: string, to: string): Promise<void> {
  let info
  try {
    info = await lstat(from)
  } catch {
    return // tracked but deleted in the working tree: nix does not see it either
  }
  if (!info.isFile() && !info.isSymbolicLink()) return
  if (info.isSymbolicLink()) await symlink(await readlink(from), to)
  else await copyFile(from, to, constants.COPYFILE_FICLONE)
}

async function copyTracked(git: GitService, top: string, into: string): Promise<void> {
  const tracked = await trackedFiles(git, top)
  const files = tracked.paths
  // Folders first, each once (most repos have far fewer folders than files).
  const folders = [...new Set(files.map((file) => dirname(join(into, file))))].sort()
  for (const folder of folders) await mkdir(folder, { recursive: true })
  for (let start = 0; start < files.length; start += copyBatch) {
    await Promise.all(
      files
        .slice(start, start + copyBatch)
        .map((file) => copyEntry(join(top, file), join(into, file))),
    )
  }
  await git.runChecked(into, ['init', '--quiet'])
  // The copy's index lists what the repo's index lists, without hashing every file again: the
  // repo's objects are borrowed (alternates) for the few seconds the copy lives. nix reads the
  // files themselves from the copy's working tree, as it reads a dirty tree in place.
  const commonDir = (await git.runChecked(top, ['rev-parse', '--git-common-dir'])).stdout.trim()
  await writeFile(
    join(into, '.git', 'objects', 'info', 'alternates'),
    `${join(resolve(top, commonDir), 'objects')}\n`,
  )
  await git.runChecked(into, ['update-index', '-z', '--index-info'], {
    input: tracked.indexInfo,
    timeoutMs: 300_000,
  })
  if (tracked.conflicted.length > 0) {
    // -f: a tracked file can match .gitignore; it is still part of the flake.
    await git.runChecked(into, ['add', '--force', '--', ...tracked.conflicted])
  }
}

/**
 * Copies the flake at `flakeDir` (absolute, holding flake.nix) into a temporary folder, with
 * flake.nix and flake.lock set to `texts`. The caller disposes of it.
 */
export async function copyFlake(
  git: GitService,
  flakeDir: string,
  texts: FlakeTexts,
): Promise<FlakeCopy> {
  const scratch = await mkdtemp(join(tmpdir(), 'flakedeck-flake-'))
  const dispose = () => rm(scratch, { recursive: true, force: true, maxRetries: 3 })
  try {
    const root = join(scratch, 'flake')
    // git names the top by its real path; the flake's folder may be reached through a link.
    const realDir = await realpath(flakeDir)
    const top = await git.topLevel(realDir)
    let dir: string
    let original = realDir
    if (top) {
      original = await realpath(top)
      dir = join(root, relative(original, realDir))
      await copyTracked(git, top, root)
    } else {
      dir = root
      await cp(realDir, root, { recursive: true, verbatimSymlinks: true })
    }
    await mkdir(dir, { recursive: true })
    const flakeNixPath = join(dir, 'flake.nix')
    const lockPath = join(dir, 'flake.lock')
    await writeFileAtomic(flakeNixPath, texts.flakeNix)
    if (texts.lock === null) await rm(lockPath, { force: true })
    else await writeFileAtomic(lockPath, texts.lock)
    if (top) {
      // Both must be tracked for nix to read them (flake.nix may be new and not yet added).
      await git.runChecked(dir, ['add', '--force', '--', 'flake.nix'])
      if (texts.lock !== null) await git.runChecked(dir, ['add', '--force', '--', 'flake.lock'])
    }
    const asRepo = (text: string) => text.split(root).join(original)
    return { dir, flakeNixPath, lockPath, asRepo, dispose }
  } catch (error) {
    await dispose()
    throw error
  }
}
