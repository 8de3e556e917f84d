// Making a duplicated input follow the flake's own copy, with real nix and real git: the fixture's
// `home` brings its own `nixpkgs` (a local git repository at another revision than the flake's
// nixpkgs). The preview edits a copy; apply writes flake.nix and flake.lock through the guards;
// undo puts both back.
import { execFileSync } from 'node:child_process'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { InputsService } from '../../../src/main/services/inputs/inputs-service'
import { buildInputTree } from '../../../src/shared/lockfile/input-tree'
import { parseLockfile } from '../../../src/shared/lockfile/parse-lockfile'
import { makeInputsFixture, type InputsFixture } from '../../fixtures/inputs-fixture'
import { appError } from '../../helpers/app-error'
import { realInputsService } from '../../helpers/real-inputs'
import { useTempDirs } from '../../helpers/temp-dir'

const temp = useTempDirs()
const spec = { kind: 'follows', input: 'home/nixpkgs', target: 'nixpkgs' } as const
const line = 'inputs.home.inputs.nixpkgs.follows = "nixpkgs";'

function setup(): { fixture: InputsFixture; service: InputsService } {
  const fixture = makeInputsFixture(temp('flakedeck-follows-'))
  return { fixture, service: realInputsService(temp('flakedeck-data-')) }
}

const read = (f: InputsFixture, name: string) => readFileSync(join(f.flake, name), 'utf8')
const nodeCount = (text: string) => parseLockfile(text).nodes.size
const duplicates = (text: string) =>
  buildInputTree(parseLockfile(text), { now: 0, staleAfterDays: 1 }).duplicates

describe('follows', () => {
  test('preview, apply and undo: one node fewer, the line in flake.nix, and back', async () => {
    const { fixture, service } = setup()
    const lockBefore = read(fixture, 'flake.lock')
    const nixBefore = read(fixture, 'flake.nix')
    expect(duplicates(lockBefore).map((group) => group.rowIds)).toEqual([
      ['home/nixpkgs', 'nixpkgs'],
    ])

    const preview = await service.preview(fixture.flake, spec)
    // Nothing in the repo is touched by a preview.
    expect(read(fixture, 'flake.lock')).toBe(lockBefore)
    expect(read(fixture, 'flake.nix')).toBe(nixBefore)
    expect(preview.flakeNix).toEqual({ url: null, follows: line, applies: true, reason: null })
    expect(preview.flakeNixDiff).toContain(`+  ${line}`)
    expect(preview.flakeNixDiff).toContain('   inputs.home.url = ')
    expect(preview.lockDiff).not.toBe('')
    const home = preview.changes.find((change) => change.id === 'home/nixpkgs')
    expect(home).toMatchObject({ kind: 'follows-changed', new: { follows: 'nixpkgs' } })

    const result = await service.apply(fixture.flake, preview.id)
    const lockAfter = read(fixture, 'flake.lock')
    expect(result.lockChanged).toBe(true)
    expect(nodeCount(lockAfter)).toBe(nodeCount(lockBefore) - 1)
    expect(duplicates(lockAfter)).toEqual([])
    expect(read(fixture, 'flake.nix')).toBe(
      nixBefore.replace(/( {2}inputs\.home\.url = "[^"]*";\n)/, `$1  ${line}\n`),
    )
    // flake.lock agrees with flake.nix: nix locking again changes nothing.
    execFileSync('nix', ['--extra-experimental-features', 'nix-command flakes', 'flake', 'lock'], {
      cwd: fixture.flake,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    expect(read(fixture, 'flake.lock')).toBe(lockAfter)

    const undone = await service.undo(fixture.flake)
    expect(undone.lockChanged).toBe(true)
    expect(read(fixture, 'flake.lock')).toBe(lockBefore)
    expect(read(fixture, 'flake.nix')).toBe(nixBefore)
    expect(undone.warnings).toEqual(['flake.nix is back as it was before the change, too.'])
  })

  test('a flake.nix saved after the preview is kept: the apply is refused as a conflict', async () => {
    const { fixture, service } = setup()
    const lockBefore = read(fixture, 'flake.lock')
    const preview = await service.preview(fixture.flake, spec)
    appendFileSync(join(fixture.flake, 'flake.nix'), '# saved meanwhile\n')
    const saved = read(fixture, 'flake.nix')
    const error = await appError(service.apply(fixture.flake, preview.id))
    expect(error.code).toBe('conflict')
    expect(error.message).toContain('flake.nix changed')
    expect(read(fixture, 'flake.nix')).toBe(saved)
    expect(read(fixture, 'flake.lock')).toBe(lockBefore)
  })

  test('undo leaves a flake.nix edited after the apply alone', async () => {
    const { fixture, service } = setup()
    const lockBefore = read(fixture, 'flake.lock')
    await service.apply(fixture.flake, (await service.preview(fixture.flake, spec)).id)
    appendFileSync(join(fixture.flake, 'flake.nix'), '# mine\n')
    const mine = read(fixture, 'flake.nix')
    const undone = await service.undo(fixture.flake)
    expect(read(fixture, 'flake.lock')).toBe(lockBefore)
    expect(read(fixture, 'flake.nix')).toBe(mine)
    expect(undone.warnings).not.toContain('flake.nix is back as it was before the change, too.')
  })

  test('undo after a pin puts back its flake.nix url too, and a commit makes the edit history', async () => {
    const { fixture, service } = setup()
    const lockBefore = read(fixture, 'flake.lock')
    const nixBefore = read(fixture, 'flake.nix')
    await service.pin(fixture.flake, 'nixpkgs', { kind: 'tag', name: 'v2' })
    expect(read(fixture, 'flake.nix')).not.toBe(nixBefore)
    await service.undo(fixture.flake)
    expect(read(fixture, 'flake.nix')).toBe(nixBefore)
    expect(read(fixture, 'flake.lock')).toBe(lockBefore)

    await service.pin(fixture.flake, 'nixpkgs', { kind: 'tag', name: 'v2' })
    const pinned = read(fixture, 'flake.nix')
    await service.commitLock(fixture.flake, 'pin nixpkgs', { includeFlakeNix: true })
    await service.apply(fixture.flake, (await service.preview(fixture.flake, spec)).id)
    await service.undo(fixture.flake)
    // Back to the commit's flake.nix: the follows goes, the committed pin stays.
    expect(read(fixture, 'flake.nix')).toBe(pinned)
    await service.undo(fixture.flake)
    expect(read(fixture, 'flake.nix')).toBe(pinned)
  })

  test('a shape flake.nix cannot be edited in is refused with the line to add by hand', async () => {
    const { fixture, service } = setup()
    const text = read(fixture, 'flake.nix').replace(
      /inputs\.home\.url = ("[^"]*");/,
      'inputs.home = homeInput;',
    )
    const url = /inputs\.home\.url = ("[^"]*");/.exec(read(fixture, 'flake.nix'))![1]!
    writeFileSync(
      join(fixture.flake, 'flake.nix'),
      `let homeInput = { url = ${url}; }; in\n${text}`,
    )
    const error = await appError(service.preview(fixture.flake, spec))
    expect(error.code).toBe('bad-request')
    expect(error.message).toContain('computed value')
    expect(error.message).toContain(line)
    const already = await appError(
      service.preview(fixture.flake, {
        kind: 'follows',
        input: 'tools/nixpkgs',
        target: 'nixpkgs',
      }),
    )
    expect(already.message).toBe('"tools/nixpkgs" already follows "nixpkgs".')
  })
})
