// What changed in the config between two commits of the repo: the files, with both sides for a
// diff editor, and the inputs whose lock moved. Used to explain the difference between two
// generations built from those commits.
import type { SourceDiff } from '../../shared/contract'
import { diffLocks } from '../../shared/lockfile/lock-diff'
import { tryParseLockfile } from '../../shared/lockfile/parse-lockfile'
import { AppError } from '../../shared/app-error'
import type { GitService } from './git'

const maxFiles = 200
const maxFileBytes = 1024 * 1024

type Status = SourceDiff['files'][number]['status']

function statusOf(letter: string): Status {
  if (letter.startsWith('A')) return 'added'
  if (letter.startsWith('D')) return 'deleted'
  if (letter.startsWith('R')) return 'renamed'
  return 'modified'
}

export class SourceDiffService {
  constructor(private readonly git: GitService) {}

  private async show(repo: string, rev: string, path: string): Promise<string | null> {
    const result = await this.git.run(repo, ['show', `${rev}:${path}`], {
      maxOutput: maxFileBytes * 2,
    })
    if (result.code !== 0 || result.stdout.length > maxFileBytes || result.stdout.includes('\0'))
      return null
    return result.stdout
  }

  async diff(repo: string, from: string, to: string): Promise<SourceDiff> {
    for (const rev of [from, to]) {
      const known = await this.git.run(repo, ['cat-file', '-e', `${rev}^{commit}`])
      if (known.code !== 0) {
        throw new AppError('not-found', `The repo has no commit ${rev}.`, {
          hint: 'The generation was built from a commit this repo does not have (another clone, or history rewritten). Fetch it, or compare other generations.',
        })
      }
    }
    const listing = await this.git.runChecked(repo, ['diff', '--name-status', '-z', '-M', from, to])
    const parts = listing.stdout.split('\0').filter((p) => p !== '')
    const files: SourceDiff['files'] = []
    for (let i = 0; i < parts.length && files.length < maxFiles;) {
      const letter = parts[i++]!
      const status = statusOf(letter)
      const oldPath = status === 'renamed' ? parts[i++]! : null
      const path = parts[i++]!
      const [oldContent, newContent] = await Promise.all([
        status === 'added' ? null : this.show(repo, from, oldPath ?? path),
        status === 'deleted' ? null : this.show(repo, to, path),
      ])
      files.push({ path, status, oldPath, oldContent, newContent })
    }
    const [oldLock, newLock] = await Promise.all([
      this.show(repo, from, 'flake.lock'),
      this.show(repo, to, 'flake.lock'),
    ])
    const parsedOld = oldLock === null ? null : tryParseLockfile(oldLock)
    const parsedNew = newLock === null ? null : tryParseLockfile(newLock)
    const inputChanges =
      parsedNew?.ok === true
        ? diffLocks(parsedOld?.ok === true ? parsedOld.lock : null, parsedNew.lock)
        : []
    return { from, to, files, inputChanges }
  }
}
