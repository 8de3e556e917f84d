// Find in files over real git repos, with both real tools: every case runs with ripgrep and with
// git grep (ripgrep switched off), and the two must give the same answer. ripgrep must be on PATH
// (.ci/run installs it): without it both runs would be git grep and prove nothing.
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TextSearchResult } from '../../../src/shared/contract'
import { AppError } from '../../../src/shared/app-error'
import { GitService } from '../../../src/main/services/git'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { TextSearch } from '../../../src/main/services/search/text-search'
import { git, makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'
import { useCores } from '../../helpers/test-core'

const tempDir = useTempDirs()
const makeCore = useCores(tempDir)

const runner = createProcessRunner()
const gitService = new GitService(runner)
const withRipgrep = new TextSearch(gitService, runner)
const withGitGrep = new TextSearch(gitService, runner, { ripgrep: false })

interface Options {
  regex?: boolean
  caseSensitive?: boolean
  limit?: number
}

type Outcome = { ok: true; value: TextSearchResult } | { ok: false; code: string; message: string }

async function outcome(
  tool: TextSearch,
  dir: string,
  pattern: string,
  options: Options,
): Promise<Outcome> {
  try {
    const value = await tool.search(
      dir,
      { pattern, regex: options.regex ?? false, caseSensitive: options.caseSensitive ?? false },
      options.limit,
    )
    return { ok: true, value }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return { ok: false, code: error.code, message: error.message }
  }
}

/** Both tools' answer, which must be the same (a refusal: the same code). */
async function both(dir: string, pattern: string, options: Options = {}): Promise<Outcome> {
  expect(await withRipgrep.tool()).toBe('ripgrep')
  expect(await withGitGrep.tool()).toBe('git grep')
  const rg = await outcome(withRipgrep, dir, pattern, options)
  const gg = await outcome(withGitGrep, dir, pattern, options)
  if (rg.ok || gg.ok) expect(rg, `ripgrep and git grep differ on ${pattern}`).toEqual(gg)
  else expect(rg.code).toBe(gg.code)
  return rg
}

async function found(dir: string, pattern: string, options: Options = {}) {
  const result = await both(dir, pattern, options)
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`)
  return result.value
}

function repoWith(files: Record<string, string>): string {
  return makeRepo(join(tempDir(), 'repo'), { 'flake.nix': minimalFlake, ...files })
}

describe('find in files, with ripgrep and with git grep', () => {
  it('searches what a flake sees plus untracked files, not ignored ones, links or nested repos', async () => {
    const top = repoWith({
      '.gitignore': 'result\nsecret*\nbuild/\n',
      'hosts/alpha.nix': '{\n  services.openssh.enable = true;\n}\n',
      '.hidden.nix': 'openssh in a dot file\n',
      // rg's own ignore files mean nothing to git or to a flake
      '.ignore': 'hosts/\n',
      '.rgignore': '*.nix\n',
      'gone.nix': 'openssh deleted from the work tree\n',
    })
    writeFileSync(join(top, 'new.nix'), '# openssh later\n') // never git added
    writeFileSync(join(top, 'result'), 'openssh in an ignored file\n')
    // Tracked although an ignore rule matches: a flake sees them.
    writeFileSync(join(top, 'secret.nix'), 'openssh force-added\n')
    mkdirSync(join(top, 'build'))
    writeFileSync(join(top, 'build', 'kept.nix'), 'openssh force-added in an ignored folder\n')
    writeFileSync(join(top, 'build', 'junk.nix'), 'openssh ignored\n')
    git(top, 'add', '-f', 'secret.nix', 'build/kept.nix')
    git(top, 'commit', '-q', '-m', 'force')
    unlinkSync(join(top, 'gone.nix'))
    symlinkSync('hosts/alpha.nix', join(top, 'link.nix'))
    symlinkSync('hosts/alpha.nix', join(top, 'tracked-link.nix'))
    git(top, 'add', 'tracked-link.nix')
    makeRepo(join(top, 'nested'), { 'inner.nix': 'openssh in a nested repo\n' })

    const { matches, truncated } = await found(top, 'openssh')
    expect(truncated).toBe(false)
    expect(matches.map((m) => m.path)).toEqual([
      '.hidden.nix',
      'build/kept.nix',
      'hosts/alpha.nix',
      'new.nix',
      'secret.nix',
    ])
    expect(matches[2]).toEqual({
      path: 'hosts/alpha.nix',
      line: 2,
      column: 12,
      text: '  services.openssh.enable = true;',
    })
  })

  it('takes the text as typed unless regex is on: options, regex characters and case', async () => {
    const dir = repoWith({
      'a.nix': 'args = [ "-x" ];\nf (x) = 1;\nHello\nhello\nhelllo\nport = 8080;\nÄpfel\r\n',
    })
    const lines = async (pattern: string, options: Options = {}) =>
      (await found(dir, pattern, options)).matches.map((m) => m.line)
    expect(await lines('-x')).toEqual([1])
    expect(await lines('(x)')).toEqual([2])
    expect(await lines('hel+o')).toEqual([])
    expect(await lines('hello')).toEqual([3, 4])
    expect(await lines('hello', { caseSensitive: true })).toEqual([4])
    expect(await lines('hel+o', { regex: true, caseSensitive: true })).toEqual([4, 5])
    expect(await lines('^f \\(', { regex: true })).toEqual([2])
    // What Perl and Rust regexes share, and POSIX ERE lacks.
    expect(await lines('\\d{4}', { regex: true })).toEqual([6])
    expect(await lines('\\bx\\b', { regex: true })).toEqual([1, 2])
    expect(await lines('h.*?o$', { regex: true })).toEqual([3, 4, 5])
    expect(await lines('(?i)HELLO', { regex: true, caseSensitive: true })).toEqual([3, 4])
    // Case folds beyond ASCII; a CRLF line ends before its \r.
    expect(await lines('äpfel')).toEqual([7])
    expect((await found(dir, 'pfel$', { regex: true })).matches).toEqual([])
    expect((await found(dir, 'Äpfel')).matches[0]!.text).toBe('Äpfel')
  })

  it('refuses a broken regular expression, and a line break, with what to do', async () => {
    const dir = repoWith({})
    for (const tool of [withRipgrep, withGitGrep]) {
      const bad = await outcome(tool, dir, 'x(', { regex: true })
      expect(bad).toMatchObject({
        ok: false,
        code: 'bad-request',
        message: expect.stringMatching(/^The pattern is not a valid regular expression: \S/),
      })
      expect(await outcome(tool, dir, 'a\nb', {})).toMatchObject({
        ok: false,
        code: 'bad-request',
        message: expect.stringMatching(/line break/),
      })
    }
    expect(await both(dir, 'x(', { regex: true })).toMatchObject({ ok: false })
    // Taken as typed, the same text is fine.
    expect((await found(dir, 'x(')).matches).toEqual([])
  })

  it('counts columns in characters, skips binary files as git does and reads odd names', async () => {
    const top = repoWith({ 'ü.nix': 'ä → needle\n' })
    writeFileSync(join(top, 'blob.bin'), Buffer.from([0, 1, 2, ...Buffer.from('needle'), 0]))
    // A NUL past git's first 8000 bytes: text to git, so to both.
    writeFileSync(join(top, 'late.dat'), `${'x'.repeat(9000)}\0\nneedle after\n`)
    // UTF-16 with a byte-order mark: NULs to git, so binary (ripgrep would transcode it).
    writeFileSync(join(top, 'utf16.txt'), Buffer.from('\ufeffneedle\n', 'utf16le'))
    // Latin-1: the é is one unreadable byte, shown as U+FFFD and counted as one character.
    writeFileSync(join(top, 'latin1.txt'), Buffer.from('caf\xe9 needle\n', 'latin1'))
    mkdirSync(join(top, 'odd dir'))
    writeFileSync(join(top, 'odd dir', 'line\nbreak.nix'), 'x needle\n')
    writeFileSync(join(top, '-dash.nix'), 'needle\n')
    // A name that is not UTF-8 could not be opened from the app: neither tool reports it.
    writeFileSync(Buffer.from(join(top, 'bad\xff.nix'), 'latin1'), 'needle\n')
    const { matches } = await found(top, 'needle')
    expect(matches).toEqual([
      { path: '-dash.nix', line: 1, column: 1, text: 'needle' },
      { path: 'late.dat', line: 2, column: 1, text: 'needle after' },
      { path: 'latin1.txt', line: 1, column: 6, text: 'caf\ufffd needle' },
      { path: 'odd dir/line\nbreak.nix', line: 1, column: 3, text: 'x needle' },
      { path: 'ü.nix', line: 1, column: 5, text: 'ä → needle' },
    ])
  })

  it('stops at the cap in git order, and says the result is cut short', async () => {
    const files: Record<string, string> = {
      'big.txt': Array.from({ length: 5000 }, (_, i) => `line ${i} match`).join('\n'),
    }
    // Byte order: uppercase first, then "-" < "." < "/".
    for (const name of ['b.nix', 'b/c.nix', 'b-a.nix', 'B.nix', 'a.nix']) {
      files[name] = 'match\nmatch\n'
    }
    const dir = repoWith(files)
    const { matches, truncated } = await found(dir, 'match')
    expect(truncated).toBe(true)
    expect(matches).toHaveLength(2000)
    expect(matches.slice(0, 4).map((m) => m.path)).toEqual(['B.nix', 'B.nix', 'a.nix', 'a.nix'])
    expect(matches[1999]).toMatchObject({ path: 'big.txt', line: 1990 })
    const small = await found(dir, 'match', { limit: 7 })
    expect(small.truncated).toBe(true)
    expect(small.matches.map((m) => `${m.path}:${m.line}`)).toEqual([
      'B.nix:1',
      'B.nix:2',
      'a.nix:1',
      'a.nix:2',
      'b-a.nix:1',
      'b-a.nix:2',
      'b.nix:1',
    ])
    const exact = await found(dir, 'match', { limit: 5010 })
    expect(exact).toMatchObject({ truncated: false })
    expect(exact.matches).toHaveLength(5010)
  })

  it('over many files, in several ripgrep runs, keeps git order and the cap', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 300; i++) files[`m/${String(i).padStart(3, '0')}.nix`] = `match ${i}\n`
    const dir = repoWith(files)
    const all = await found(dir, 'match')
    expect(all.truncated).toBe(false)
    expect(all.matches.map((m) => m.path)).toEqual(Object.keys(files))
    const first = await found(dir, 'match', { limit: 100 })
    expect(first.truncated).toBe(true)
    expect(first.matches.map((m) => m.path)).toEqual(Object.keys(files).slice(0, 100))
    const one = await found(dir, 'match 299')
    expect(one.matches).toEqual([{ path: 'm/299.nix', line: 1, column: 1, text: 'match 299' }])
  })

  it('uses git grep when ripgrep is not on PATH', async () => {
    const bin = join(tempDir(), 'bin')
    mkdirSync(bin)
    symlinkSync(
      execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(),
      join(bin, 'git'),
    )
    const bare = createProcessRunner({ ...process.env, PATH: bin })
    const search = new TextSearch(new GitService(bare), bare)
    expect(await search.tool()).toBe('git grep')
    const dir = repoWith({ 'a.nix': 'needle\n' })
    expect(
      (await search.search(dir, { pattern: 'needle', regex: false, caseSensitive: true })).matches,
    ).toEqual([{ path: 'a.nix', line: 1, column: 1, text: 'needle' }])
  })

  it('with a sub-folder open, searches only inside it, paths relative to it', async () => {
    const top = repoWith({
      'outside.nix': 'needle\n',
      'config/host.nix': 'needle\n',
      'config/flake.nix': minimalFlake,
    })
    writeFileSync(join(top, 'config', 'new.nix'), 'needle\n')
    const { matches } = await found(join(top, 'config'), 'needle')
    expect(matches.map((m) => m.path)).toEqual(['host.nix', 'new.nix'])
  })

  it('cuts a very long line around the match', async () => {
    const dir = repoWith({ 'min.js': `${'a'.repeat(5000)}needle${'b'.repeat(5000)}\n` })
    const [match] = (await found(dir, 'needle')).matches
    expect(match!.text.length).toBe(400)
    expect(match!.text.slice(match!.column - 1, match!.column + 5)).toBe('needle')
  })

  it('is what the core answers files.search with, refusals included', async () => {
    const top = repoWith({ 'hosts/alpha.nix': 'services.openssh.enable = true;\n' })
    const core = makeCore({ dataDir: tempDir() })
    expect(await core.dispatch('repo.open', { path: top })).toMatchObject({ ok: true })
    const ask = (pattern: string, regex: boolean) =>
      core.dispatch('files.search', { repo: top, pattern, regex, caseSensitive: false })
    expect(await ask('openssh', false)).toEqual({
      ok: true,
      value: {
        matches: [
          { path: 'hosts/alpha.nix', line: 1, column: 10, text: 'services.openssh.enable = true;' },
        ],
        truncated: false,
      },
    })
    const bad = await ask('x(', true)
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    if (!bad.ok) expect(bad.error.hint).toMatch(/Use regular expression/)
  })
})
