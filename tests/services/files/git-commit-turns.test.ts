// Two windows committing in one repo at once both succeed, and each is told its own commit.
// git refuses a second index writer (index.lock); the first commit here is held while it holds
// that lock, by a wrapper put first on PATH that then runs the real git.
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import { git, makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
})

function realGit(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, 'git'), constants.X_OK)
      return join(dir, 'git')
    } catch {
      // not here
    }
  }
  throw new Error('git is not on PATH')
}

/** A git whose next `commit` takes index.lock, says so, and waits for release before running. */
function heldGit(dir: string) {
  const bin = join(dir, 'bin')
  const gate = join(dir, 'gate')
  mkdirSync(bin, { recursive: true })
  mkdirSync(gate, { recursive: true })
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh
for arg in "$@"; do [ "$arg" = commit ] && is_commit=1; done
if [ -n "$is_commit" ] && mv '${gate}/hold' '${gate}/held' 2>/dev/null; then
  lock="$('${realGit()}' rev-parse --git-dir)/index.lock"
  : > "$lock"
  : > '${gate}/started'
  while [ ! -e '${gate}/release' ]; do sleep 0.05; done
  rm -f "$lock"
fi
exec '${realGit()}' "$@"
`,
    { mode: 0o755 },
  )
  return {
    path: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    hold: () => writeFileSync(join(gate, 'hold'), ''),
    started: async () => {
      for (let waited = 0; !existsSync(join(gate, 'started')); waited += 20) {
        if (waited > 60_000) throw new Error('the held commit never started')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    release: () => writeFileSync(join(gate, 'release'), ''),
  }
}

test('a commit while another holds the index waits its turn, and each gets its own hash', async () => {
  const repo = makeRepo(join(tempDir(), 'cfg'), { 'flake.nix': minimalFlake })
  writeFileSync(join(repo, 'a.nix'), 'a\n')
  writeFileSync(join(repo, 'b.nix'), 'b\n')
  const held = heldGit(tempDir())
  const core = createCore({
    dataDir: tempDir(),
    shell: 'browser',
    appVersion: 'test',
    env: { ...process.env, PATH: held.path },
  })
  cores.push(core)
  expect(await core.dispatch('repo.open', { path: repo })).toMatchObject({ ok: true })
  held.hold()
  const first = core.dispatch('git.commit', { repo, paths: ['a.nix'], message: 'window 1' })
  await held.started()
  const second = core.dispatch('git.commit', { repo, paths: ['b.nix'], message: 'window 2' })
  held.release()
  const results = (await Promise.all([first, second])) as {
    ok: boolean
    value: { commit: string }
  }[]
  expect(results.map((result) => result.ok)).toEqual([true, true])
  const [one, two] = results.map((result) => result.value.commit)
  expect(git(repo, 'show', '--name-only', '--format=%s', one!)).toBe('window 1\n\na.nix')
  expect(git(repo, 'show', '--name-only', '--format=%s', two!)).toBe('window 2\n\nb.nix')
  expect(git(repo, 'status', '--porcelain')).toBe('')
})
