// Real git repositories for tests, made with the git program.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** git's settings for test repositories: a fixed author, branch `main`, nothing signed. */
export const gitIdentity = [
  '-c',
  'user.name=Flakedeck Test',
  '-c',
  'user.email=test@flakedeck.invalid',
  '-c',
  'init.defaultBranch=main',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'tag.gpgsign=false',
]

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...gitIdentity, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim()
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = join(root, name)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, content)
  }
}

/** A git repo at `dir` holding `files`, committed once (unless `commit` is false). */
export function makeRepo(
  dir: string,
  files: Record<string, string>,
  options: { commit?: boolean } = {},
): string {
  mkdirSync(dir, { recursive: true })
  git(dir, 'init', '-q')
  writeFiles(dir, files)
  git(dir, 'add', '-A')
  if (options.commit !== false) git(dir, 'commit', '-q', '-m', 'initial commit')
  return dir
}

/** The smallest flake that evaluates without nixpkgs. */
export const minimalFlake = `{
  description = "test flake";
  outputs = { self }: { };
}
`
