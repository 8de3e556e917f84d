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
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { writeFileAtomic } from '../files/atomic-write'
import { toRepoPath } from '../files/repo-paths'
import type { GitService } from '../git'

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

const copyBatch = 64

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
  const entries = await git.indexEntries(top)
  // Each path once: a conflicted one has an entry per side of the merge.
  const files = [...new Set(entries.map((entry) => entry.path))]
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
  await git.init(into)
  // The copy's index lists what the repo's index lists, without hashing every file again: the
  // repo's objects are borrowed for the few seconds the copy lives. nix reads the files
  // themselves from the copy's working tree, as it reads a dirty tree in place.
  await git.borrowObjects(into, top)
  await git.setIndexEntries(
    into,
    entries.filter((entry) => entry.stage === 0),
  )
  const conflicted = [...new Set(entries.filter((e) => e.stage !== 0).map((e) => e.path))]
  // Added as they are in the working tree.
  await git.addForced(into, await Promise.all(conflicted.map((path) => toRepoPath(into, path))))
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
      const names = texts.lock === null ? ['flake.nix'] : ['flake.nix', 'flake.lock']
      await git.addForced(dir, await Promise.all(names.map((name) => toRepoPath(dir, name))))
    }
    const asRepo = (text: string) => text.split(root).join(original)
    return { dir, flakeNixPath, lockPath, asRepo, dispose }
  } catch (error) {
    await dispose()
    throw error
  }
}
