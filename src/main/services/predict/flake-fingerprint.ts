// What a flake's evaluation depends on in its repo, cheaply: the commit, and the size and
// modification time of every file git tracks (nix reads those, from the working tree). Two equal
// fingerprints mean the same evaluation, so reopening a preview needs no `nix eval`. A folder
// outside git has no fingerprint (it is evaluated every time).
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { GitService } from '../git'

const statBatch = 256

export async function flakeFingerprint(git: GitService, dir: string): Promise<string | null> {
  const head = await git.run(dir, ['rev-parse', '--show-toplevel', 'HEAD'], { timeoutMs: 15_000 })
  const [top, commit] = head.stdout.trim().split('\n')
  if (head.code !== 0 || !top || !commit) return null
  const listing = await git.run(top, ['ls-files', '-z', '--cached'], {
    timeoutMs: 60_000,
    maxOutput: 256 * 1024 * 1024,
  })
  if (listing.code !== 0) return null
  const files = [...new Set(listing.stdout.split('\0').filter((f) => f !== ''))]
  const parts: string[] = [commit]
  for (let start = 0; start < files.length; start += statBatch) {
    const chunk = files.slice(start, start + statBatch)
    const stats = await Promise.all(chunk.map((file) => stat(join(top, file)).catch(() => null)))
    chunk.forEach((file, i) => {
      const s = stats[i]
      parts.push(s ? `${file}\0${s.size}\0${s.mtimeMs}\0${s.ino}` : `${file}\0-`)
    })
  }
  return parts.join('\n')
}
