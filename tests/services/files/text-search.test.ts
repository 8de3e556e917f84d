// Find in files through the core, over real git repos: what is found, where, and what is refused.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import type { TextSearchResult } from '../../../src/shared/contract'
import { makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
})

async function open(files: Record<string, string>, folder = '') {
  const top = makeRepo(join(tempDir(), 'repo'), { 'flake.nix': minimalFlake, ...files })
  const core = createCore({ dataDir: tempDir(), shell: 'browser', appVersion: 'test' })
  cores.push(core)
  const repo = join(top, folder)
  expect(await core.dispatch('repo.open', { path: repo })).toMatchObject({ ok: true })
  const search = async (
    pattern: string,
    options: { regex?: boolean; caseSensitive?: boolean } = {},
  ) => {
    const result = await core.dispatch('files.search', {
      repo,
      pattern,
      regex: options.regex ?? false,
      caseSensitive: options.caseSensitive ?? false,
    })
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value as TextSearchResult
  }
  return { top, repo, core, search }
}

describe('find in files', () => {
  it('finds lines in tracked and untracked files by path, line and column, but not ignored ones', async () => {
    const { top, search } = await open({
      '.gitignore': 'result\n',
      'hosts/alpha.nix': '{\n  services.openssh.enable = true;\n}\n',
    })
    writeFileSync(join(top, 'new.nix'), '# openssh later\n') // never git added
    writeFileSync(join(top, 'result'), 'openssh in an ignored file\n')
    const { matches, truncated } = await search('openssh')
    expect(truncated).toBe(false)
    expect(matches).toEqual([
      { path: 'hosts/alpha.nix', line: 2, column: 12, text: '  services.openssh.enable = true;' },
      { path: 'new.nix', line: 1, column: 3, text: '# openssh later' },
    ])
  })

  it('takes the text as typed unless regex is on: options, regex characters and case', async () => {
    const { search } = await open({
      'a.nix': 'args = [ "-x" ];\nf (x) = 1;\nHello\nhello\nhelllo\n',
    })
    expect((await search('-x')).matches.map((m) => m.line)).toEqual([1])
    expect((await search('(x)')).matches.map((m) => m.line)).toEqual([2])
    expect((await search('hel+o')).matches).toEqual([])
    expect((await search('hello')).matches.map((m) => m.line)).toEqual([3, 4])
    expect((await search('hello', { caseSensitive: true })).matches.map((m) => m.line)).toEqual([4])
    expect(
      (await search('hel+o', { regex: true, caseSensitive: true })).matches.map((m) => m.line),
    ).toEqual([4, 5])
    expect((await search('^f \\(', { regex: true })).matches.map((m) => m.line)).toEqual([2])
  })

  it('refuses a broken regular expression with what to do', async () => {
    const { core, repo } = await open({})
    const result = await core.dispatch('files.search', {
      repo,
      pattern: 'x(',
      regex: true,
      caseSensitive: false,
    })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'bad-request',
        message: expect.stringMatching(/not a valid regular expression/),
      },
    })
    if (!result.ok) expect(result.error.hint).toMatch(/Use regular expression/)
  })

  it('counts columns in characters, skips binary files and reads odd file names', async () => {
    const { top, search } = await open({ 'ü.nix': 'ä → needle\n' })
    writeFileSync(join(top, 'blob.bin'), Buffer.from([0, 1, 2, ...Buffer.from('needle'), 0]))
    mkdirSync(join(top, 'odd dir'))
    writeFileSync(join(top, 'odd dir', 'line\nbreak.nix'), 'x needle\n')
    const { matches } = await search('needle')
    expect(matches).toEqual([
      { path: 'odd dir/line\nbreak.nix', line: 1, column: 3, text: 'x needle' },
      { path: 'ü.nix', line: 1, column: 5, text: 'ä → needle' },
    ])
  })

  it('stops at the cap and says the result is cut short', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `line ${i} match`).join('\n')
    const { search } = await open({ 'big.txt': many })
    const { matches, truncated } = await search('match')
    expect(truncated).toBe(true)
    expect(matches).toHaveLength(2000)
    expect(matches[1999]).toMatchObject({ path: 'big.txt', line: 2000 })
  })

  it('with a sub-folder open, searches only inside it, paths relative to it', async () => {
    const { search } = await open(
      {
        'outside.nix': 'needle\n',
        'config/host.nix': 'needle\n',
        'config/flake.nix': minimalFlake,
      },
      'config',
    )
    expect((await search('needle')).matches.map((m) => m.path)).toEqual(['host.nix'])
  })

  it('cuts a very long line around the match', async () => {
    const { search } = await open({ 'min.js': `${'a'.repeat(5000)}needle${'b'.repeat(5000)}\n` })
    const [match] = (await search('needle')).matches
    expect(match!.text.length).toBe(400)
    expect(match!.text.slice(match!.column - 1, match!.column + 5)).toBe('needle')
  })
})
