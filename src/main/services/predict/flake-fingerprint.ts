// What a flake's evaluation depends on in its repo, cheaply and without starting a process: the
// commit HEAD names, which files git's index holds, and the size, modification time and inode of every file in the
// work tree (nix reads the tracked ones from there; untracked ones only make the fingerprint
// change more often than needed, never less). Two equal fingerprints mean the same evaluation, so
// reopening a preview needs no `nix eval`. A folder outside git, a linked work tree (`.git` is a
// file) or a tree too large to walk quickly has no fingerprint: it is evaluated every time.
import { lstat, readdir, readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** Beyond this many entries the walk costs more than it saves. */
const maxEntries = 20_000

async function gitTop(dir: string): Promise<string | null> {
  for (let current = dir; ; current = dirname(current)) {
    const dotGit = await lstat(join(current, '.git')).catch(() => null)
    if (dotGit) return dotGit.isDirectory() ? current : null
    if (dirname(current) === current) return null
  }
}

async function text(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '-')
}

async function stamp(path: string): Promise<string> {
  const s = await stat(path).catch(() => null)
  return s ? `${s.size}:${s.mtimeMs}:${s.ino}` : '-'
}

export async function flakeFingerprint(dir: string): Promise<string | null> {
  const top = await gitTop(dir)
  if (!top) return null
  const git = join(top, '.git')
  const head = await text(join(git, 'HEAD'))
  const ref = /^ref: (\S+)/.exec(head)?.[1]
  const parts = [
    head,
    ref ? await text(join(git, ref)) : '',
    await stamp(join(git, 'packed-refs')),
    // The index by size only: nix refreshes its timestamps when it reads a dirty tree, while a
    // file added to or removed from it changes its size.
    String((await stat(join(git, 'index')).catch(() => null))?.size ?? '-'),
  ]
  const entries: string[] = []
  const walk = async (folder: string, relative: string): Promise<boolean> => {
    const names = await readdir(folder, { withFileTypes: true }).catch(() => [])
    for (const entry of names) {
      if (relative === '' && entry.name === '.git') continue
      const path = join(folder, entry.name)
      const rel = relative ? `${relative}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!(await walk(path, rel))) return false
        continue
      }
      const s = await lstat(path).catch(() => null)
      entries.push(s ? `${rel}\0${s.size}\0${s.mtimeMs}\0${s.ino}` : `${rel}\0-`)
      if (entries.length > maxEntries) return false
    }
    return true
  }
  if (!(await walk(top, ''))) return null
  entries.sort()
  return [...parts, ...entries].join('\n')
}
