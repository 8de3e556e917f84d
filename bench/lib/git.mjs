// The benchmarks' fixture repositories: a folder made a git repo of one commit, as a user's flake.
import { execFileSync } from 'node:child_process'

/** `git init`s `folder` and commits all in it with `message`, as the bench's own author. */
export function commitFolder(folder, message) {
  const git = (...args) =>
    execFileSync(
      'git',
      ['-c', 'user.name=Bench', '-c', 'user.email=bench@flakedeck.invalid', ...args],
      { cwd: folder, stdio: 'ignore' },
    )
  git('init', '-q')
  git('add', '-A')
  git('commit', '-q', '-m', message)
}
