// The boot menu as the boot loader will show it: systemd-boot's entry files
// (`loader/entries/nixos-generation-N*.conf`) or GRUB's `grub/grub.cfg` menu entries, mapped to
// generations, and how full the boot folder is. Also whether a system's kernel and initrd would
// still fit there: NixOS copies both into the boot folder on switch/boot (systemd-boot as
// `EFI/nixos/<store dir>-<file>.efi`, GRUB as `kernels/<store dir>-<file>`), and a full /boot
// makes that copy fail halfway. Reads the file system only.
import { readdir, readFile, realpath, stat, statfs } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { BootEntry, BootFit, BootState } from '../../../shared/generations/care-types'
import { formatBytes } from '../../../shared/generations/format'

/** A generation the entries may name: its number and toplevel. */
export interface KnownGeneration {
  number: number
  storePath: string
}

export async function readBootState(
  bootDir: string,
  generations: readonly KnownGeneration[],
): Promise<BootState> {
  const space = await statfs(bootDir).catch(() => null)
  if (!space) {
    return {
      bootDir,
      loader: 'none',
      entries: [],
      totalBytes: null,
      freeBytes: null,
      problem: `The boot folder ${bootDir} cannot be read. Set the boot folder in the Generations area if yours is elsewhere (for example /boot/efi or /efi).`,
    }
  }
  const totalBytes = space.blocks * space.bsize
  const freeBytes = space.bavail * space.bsize
  const byStorePath = new Map(generations.map((g) => [g.storePath, g.number]))
  const entriesDir = join(bootDir, 'loader', 'entries')
  const entryFiles = await readdir(entriesDir).catch(() => null)
  if (entryFiles) {
    const entries = await systemdBootEntries(bootDir, entryFiles, byStorePath)
    return { bootDir, loader: 'systemd-boot', entries, totalBytes, freeBytes, problem: null }
  }
  const grubCfg = await readFile(join(bootDir, 'grub', 'grub.cfg'), 'utf8').catch(() => null)
  if (grubCfg !== null) {
    const entries = grubEntries(grubCfg, byStorePath)
    return { bootDir, loader: 'grub', entries, totalBytes, freeBytes, problem: null }
  }
  return { bootDir, loader: 'none', entries: [], totalBytes, freeBytes, problem: null }
}

const generationFile = /^nixos-generation-(\d+)(?:-specialisation-([^.]+))?\.conf$/

async function systemdBootEntries(
  bootDir: string,
  files: readonly string[],
  byStorePath: ReadonlyMap<string, number>,
): Promise<BootEntry[]> {
  const loaderConf = await readFile(join(bootDir, 'loader', 'loader.conf'), 'utf8').catch(() => '')
  const defaultName = /^\s*default\s+(\S+)\s*$/m.exec(loaderConf)?.[1] ?? null
  const entries: BootEntry[] = []
  for (const file of files.filter((f) => f.endsWith('.conf')).sort(byGenerationDesc)) {
    const text = await readFile(join(bootDir, 'loader', 'entries', file), 'utf8').catch(() => '')
    const field = (name: string) => new RegExp(`^\\s*${name}\\s+(.+?)\\s*$`, 'm').exec(text)?.[1]
    const storePath = initStorePath(field('options') ?? '')
    const match = generationFile.exec(file)
    const missing: string[] = []
    for (const name of ['linux', 'initrd']) {
      const value = field(name)
      if (!value) continue
      const onDisk = join(bootDir, value.replace(/^\/+/, ''))
      if (!(await exists(onDisk))) missing.push(value)
    }
    entries.push({
      id: file,
      title: [field('title'), field('version')].filter(Boolean).join(' — ') || file,
      generation: match
        ? Number(match[1])
        : storePath !== null
          ? (byStorePath.get(storePath) ?? null)
          : null,
      storePath,
      isDefault: defaultName !== null && matchesDefault(defaultName, file),
      problem:
        missing.length > 0
          ? `The boot folder lacks ${missing.join(' and ')}: this entry cannot boot.`
          : null,
    })
  }
  return entries
}

/** `default` may be a file name or a glob such as `nixos-*`. */
function matchesDefault(pattern: string, file: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === file
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  )
  return regex.test(file)
}

function byGenerationDesc(a: string, b: string): number {
  const na = Number(generationFile.exec(a)?.[1] ?? -1)
  const nb = Number(generationFile.exec(b)?.[1] ?? -1)
  return nb - na || a.localeCompare(b)
}

/** `init=/nix/store/…-nixos-system-…/init` names the system an entry boots. */
function initStorePath(options: string): string | null {
  const init = /(?:^|\s)init=(\S+)\/init(?:\s|$)/.exec(options)?.[1]
  return init ?? null
}

/**
 * GRUB's menu entries: NixOS writes "NixOS - Default" and, in a submenu,
 * "NixOS - Configuration N (date - version)". The generation comes from the title, else from
 * the `init=` of its linux line.
 */
export function grubEntries(cfg: string, byStorePath: ReadonlyMap<string, number>): BootEntry[] {
  const entries: BootEntry[] = []
  const pattern = /menuentry\s+(["'])(.*?)\1[^{]*\{([\s\S]*?)\n\s*\}/g
  let first = true
  for (const match of cfg.matchAll(pattern)) {
    const title = match[2]!
    const body = match[3]!
    const linux = /^\s*linux\s+(.+)$/m.exec(body)?.[1] ?? ''
    const storePath = initStorePath(linux)
    const numbered = /Configuration (\d+)/.exec(title)
    entries.push({
      id: title,
      title,
      generation: numbered
        ? Number(numbered[1])
        : storePath !== null
          ? (byStorePath.get(storePath) ?? null)
          : null,
      storePath,
      isDefault: first,
      problem: null,
    })
    first = false
  }
  return entries
}

/**
 * Whether the system's kernel and initrd fit in the boot folder: the files it would have to
 * copy there (those not there already) against the free space.
 */
export async function bootFit(bootDir: string, storePath: string): Promise<BootFit> {
  const present = new Set<string>()
  for (const dir of [
    join(bootDir, 'EFI', 'nixos'),
    join(bootDir, 'efi', 'nixos'),
    join(bootDir, 'kernels'),
  ]) {
    for (const name of await readdir(dir).catch(() => [] as string[])) present.add(name)
  }
  // GRUB without boot.loader.grub.copyKernels boots kernels straight from /nix/store: nothing
  // is copied to the boot folder, so nothing has to fit there.
  const grubCfg = await readFile(join(bootDir, 'grub', 'grub.cfg'), 'utf8').catch(() => null)
  const copiesKernels =
    grubCfg === null ||
    !/^\s*linux\s+\S*\/nix\/store\//m.test(grubCfg) ||
    /\/kernels\//.test(grubCfg)
  const files: BootFit['files'] = []
  for (const name of ['kernel', 'initrd']) {
    const real = await realpath(join(storePath, name)).catch(() => null)
    if (!real) continue
    const bytes = (await stat(real).catch(() => null))?.size ?? 0
    // NixOS names the copy after the file's store folder and name.
    const copy = `${basename(dirname(real))}-${basename(real)}`
    const there = !copiesKernels || [...present].some((n) => n === copy || n === `${copy}.efi`)
    files.push({ path: real, bytes, present: there })
  }
  const neededBytes = files.filter((f) => !f.present).reduce((sum, f) => sum + f.bytes, 0)
  const space = await statfs(bootDir).catch(() => null)
  const freeBytes = space ? space.bavail * space.bsize : null
  const fits = freeBytes === null || neededBytes <= freeBytes
  return {
    bootDir,
    storePath,
    files,
    neededBytes,
    freeBytes,
    fits,
    warning: fits
      ? null
      : `Its kernel and initrd need ${formatBytes(neededBytes)} in ${bootDir}, which has ${formatBytes(freeBytes ?? 0)} free: the boot menu would not be written. Delete old generations (Clean up…) so their boot files go first, then switch.`,
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
