// The boot menu and the boot folder's room: systemd-boot entries and a grub.cfg written as NixOS
// writes them, on a tmpfs of a fixed size, with systems whose kernel and initrd are real store
// files of known sizes.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { bootFit, readBootState } from '../../../src/main/services/generations/boot-entries'
import { runCli } from '../../../src/main/cli/run-cli'
import type { BootFit, BootState } from '../../../src/shared/generations/care-types'
import {
  makeBootSystem,
  mountSmallFolder,
  writeGrubConfig,
  writeSystemdBootEntry,
} from '../../fixtures/boot-folder'

const mib = 1024 * 1024
let root: string
const unmounts: (() => void)[] = []
let a: string, b: string, big: string
let tag: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'flakedeck-boot-'))
  // A tag of this run: the systems are new store paths, whose files the folder lacks.
  tag = String(process.pid)
  a = makeBootSystem(`${tag}1`, 600, 300)
  b = makeBootSystem(`${tag}2`, 700, 300)
  big = makeBootSystem(`${tag}3`, 3000, 500)
})

afterAll(() => {
  for (const unmount of unmounts.splice(0)) unmount()
  rmSync(root, { recursive: true, force: true })
})

function smallBoot(name: string, bytes: number): string {
  const dir = join(root, name)
  unmounts.push(mountSmallFolder(dir, bytes))
  return dir
}

describe('systemd-boot', () => {
  it('lists the entries by generation, the default, broken ones, and how full the folder is', async () => {
    const boot = smallBoot('sd', 4 * mib)
    writeSystemdBootEntry(boot, 1, a)
    writeSystemdBootEntry(boot, 2, b, { isDefault: true })
    writeSystemdBootEntry(boot, 3, b, { copyFiles: false })
    const state = await readBootState(boot, [
      { number: 1, storePath: a },
      { number: 2, storePath: b },
    ])
    expect(state.loader).toBe('systemd-boot')
    expect(state.totalBytes).toBe(4 * mib)
    // The copies of two kernels and two initrds (1900 KiB and their pages) are what is used.
    expect(state.freeBytes).toBeLessThan(4 * mib - 1.85 * mib)
    expect(state.freeBytes).toBeGreaterThan(4 * mib - 1.95 * mib)
    expect(state.entries.map((e) => [e.id, e.generation, e.isDefault, e.storePath])).toEqual([
      ['nixos-generation-3.conf', 3, false, b],
      ['nixos-generation-2.conf', 2, true, b],
      ['nixos-generation-1.conf', 1, false, a],
    ])
    expect(state.entries[0]!.problem).toBe(
      'The boot folder lacks /EFI/nixos/missing-bzImage.efi and /EFI/nixos/missing-initrd.efi: this entry cannot boot.',
    )
    expect(state.entries[1]!.title).toContain('Generation 2 NixOS 25.05')
    expect(state.entries[1]!.problem).toBeNull()
  })

  it('warns when a new kernel and initrd would not fit, and not when they are there already', async () => {
    const boot = smallBoot('fit', 3 * mib)
    writeSystemdBootEntry(boot, 1, a, { isDefault: true })
    writeSystemdBootEntry(boot, 2, b)
    const fitsAlready = await bootFit(boot, b)
    expect(fitsAlready).toMatchObject({ neededBytes: 0, fits: true, warning: null })
    expect(fitsAlready.files.map((f) => f.present)).toEqual([true, true])

    const tooBig = await bootFit(boot, big)
    const kernelBytes = statSync(join(big, 'kernel')).size
    const initrdBytes = statSync(join(big, 'initrd')).size
    expect(tooBig.neededBytes).toBe(kernelBytes + initrdBytes)
    expect(tooBig.freeBytes).toBeLessThan(tooBig.neededBytes)
    expect(tooBig.fits).toBe(false)
    expect(tooBig.warning).toMatch(
      new RegExp(
        `need 3\\.4 MiB in ${boot}, which has 1\\.\\d MiB free: the boot menu would not be written`,
      ),
    )
  })
})

describe('GRUB', () => {
  it('reads the menu entries, the default mapped to its generation by its init', async () => {
    const boot = smallBoot('grub', 4 * mib)
    writeGrubConfig(boot, [
      { number: 2, toplevel: b },
      { number: 1, toplevel: a },
    ])
    const state = await readBootState(boot, [
      { number: 1, storePath: a },
      { number: 2, storePath: b },
    ])
    expect(state.loader).toBe('grub')
    expect(state.entries.map((e) => [e.title, e.generation, e.isDefault])).toEqual([
      ['NixOS - Default', 2, true],
      ['NixOS - Configuration 2 (2026-11-29 - 25.05)', 2, false],
      ['NixOS - Configuration 1 (2026-11-29 - 25.05)', 1, false],
    ])
    // GRUB's copies are in kernels/, without .efi: they count as there.
    expect((await bootFit(boot, a)).neededBytes).toBe(0)
    expect((await bootFit(boot, big)).fits).toBe(false)
  })

  it('needs no room for a system when GRUB boots kernels from /nix/store', async () => {
    const boot = smallBoot('grub-store', 1024 * 1024)
    mkdirSync(join(boot, 'grub'))
    writeFileSync(
      join(boot, 'grub', 'grub.cfg'),
      `menuentry "NixOS - Default" {\n  linux ${b}/kernel init=${b}/init\n  initrd ${b}/initrd\n}\n`,
    )
    const fit = await bootFit(boot, big)
    expect(fit).toMatchObject({ neededBytes: 0, fits: true })
    expect((await readBootState(boot, [{ number: 2, storePath: b }])).entries).toMatchObject([
      { title: 'NixOS - Default', generation: 2, isDefault: true },
    ])
  })
})

describe('a boot folder that is not there', () => {
  it('says so, and what to set', async () => {
    const state = await readBootState(join(root, 'nope'), [])
    expect(state).toMatchObject({ loader: 'none', entries: [], totalBytes: null })
    expect(state.problem).toContain(`The boot folder ${join(root, 'nope')} cannot be read.`)
  })
})

describe('flakedeck boot', () => {
  async function cli(...argv: string[]) {
    const io = {
      stdout: '',
      stderr: '',
      env: { ...process.env, FLAKEDECK_DATA_DIR: join(root, 'cli-data') },
      out: (t: string) => void (io.stdout += t),
      err: (t: string) => void (io.stderr += t),
      waitForStop: () => Promise.resolve(),
    }
    const code = await runCli(['boot', ...argv], io)
    return { code, stdout: io.stdout, stderr: io.stderr }
  }

  it('prints the menu and the room, and with --fit exits 1 when a system does not fit', async () => {
    const boot = smallBoot('cli', 3 * mib)
    writeSystemdBootEntry(boot, 1, a, { isDefault: true })
    writeSystemdBootEntry(boot, 2, b)
    const text = await cli('--boot-dir', boot)
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(`systemd-boot in ${boot}\n`)
    expect(text.stdout).toMatch(/^1\.9 MiB of 3\.0 MiB used \(6\d%\), 1\.1 MiB free$/m)
    expect(text.stdout).toMatch(/^ {3}#2 {2}NixOS — Generation 2/m)
    expect(text.stdout).toMatch(/^ {3}#1 \(default\) {2}NixOS — Generation 1/m)

    const fits = await cli('--boot-dir', boot, '--fit', a, '--json')
    expect(fits.code).toBe(0)
    const answer = JSON.parse(fits.stdout) as { boot: BootState; fit: BootFit }
    expect(answer.boot.entries.map((e) => e.generation)).toEqual([2, 1])
    expect(answer.fit).toMatchObject({ storePath: a, neededBytes: 0, fits: true })

    const tooBig = await cli('--boot-dir', boot, '--fit', big)
    expect(tooBig.code).toBe(1)
    expect(tooBig.stdout).toContain(`${big} does not fit. Its kernel and initrd need 3.4 MiB`)

    const bad = await cli('--boot-dir', boot, 'extra')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('flakedeck boot --help')
  })
})
