// `flakedeck boot`: the boot menu (systemd-boot entries or GRUB menu entries, by generation),
// how full the boot folder is, and with --fit whether a system's kernel and initrd still fit.
import { resolve } from 'node:path'
import { formatBytes } from '../../shared/generations/format'
import type { BootFit, BootState } from '../../shared/generations/care-types'
import { resolveDataDir } from '../core/data-dir'
import { bootFit, readBootState } from '../services/generations/boot-entries'
import { defaultSystemProfile, readProfile } from '../services/generations/profile-reader'
import { readStoredSetting } from '../store/stored-setting'
import { parseCommandArgs, UsageError } from './args'
import type { CliIo } from './io'

export const bootHelp = `Usage: flakedeck boot [--boot-dir DIR] [--profile DIR] [--fit SYSTEM] [--json]

Lists the boot menu: the systemd-boot entries (loader/entries/nixos-generation-N.conf) or GRUB
menu entries (grub/grub.cfg) with the generation each boots, the default, entries whose kernel
or initrd is missing, and how full the boot folder is.

With --fit SYSTEM (a store path or ./result), also says whether that system's kernel and
initrd fit in the boot folder, and exits 1 when they do not:
  flakedeck boot --fit ./result && nixos-rebuild switch

Options:
  --boot-dir DIR  the boot folder (default: the one set in Flakedeck, else /boot)
  --profile DIR   the system profile entries are matched against
                  (default: /nix/var/nix/profiles/system)
  --fit SYSTEM    check a system's kernel and initrd against the free space
  --json          print JSON: {boot, fit} (fit is null without --fit)
  -h, --help      show this help
`

export async function bootCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('boot', argv, {
    'boot-dir': { type: 'string' },
    profile: { type: 'string' },
    fit: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) {
    io.out(bootHelp)
    return 0
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `flakedeck boot: unexpected argument "${positionals[0]}".\nRun "flakedeck boot --help" for usage.`,
    )
  }
  const bootDir = resolve(values['boot-dir'] ?? (await settingsBootDir(resolveDataDir(io.env))))
  const profile = resolve(values.profile ?? defaultSystemProfile)
  const generations = await readProfile(profile).then(
    (snapshot) => snapshot.generations,
    () => [],
  )
  const boot = await readBootState(bootDir, generations)
  const fit = values.fit !== undefined ? await bootFit(bootDir, resolve(values.fit)) : null
  io.out(values.json ? `${JSON.stringify({ boot, fit })}\n` : formatBoot(boot, fit))
  return fit && !fit.fits ? 1 : 0
}

/** The boot folder set in the app (read straight from the settings table), else /boot. */
async function settingsBootDir(dataDir: string): Promise<string> {
  try {
    const value = await readStoredSetting(dataDir, 'bootDir')
    if (typeof value === 'string' && value.startsWith('/')) return value
  } catch {
    // An unreadable database: the default, as in the app.
  }
  return '/boot'
}

export function formatBoot(boot: BootState, fit: BootFit | null): string {
  const lines: string[] = []
  const loader = { 'systemd-boot': 'systemd-boot', grub: 'GRUB', none: 'No boot menu' }[boot.loader]
  lines.push(`${loader} in ${boot.bootDir}`)
  if (boot.problem) lines.push(boot.problem)
  if (boot.totalBytes !== null && boot.freeBytes !== null) {
    const used = boot.totalBytes - boot.freeBytes
    const percent = boot.totalBytes > 0 ? Math.round((used / boot.totalBytes) * 100) : 0
    lines.push(
      `${formatBytes(used)} of ${formatBytes(boot.totalBytes)} used (${percent}%), ${formatBytes(boot.freeBytes)} free`,
    )
  }
  if (boot.loader !== 'none') {
    lines.push('')
    if (boot.entries.length === 0) lines.push('No entries.')
    for (const entry of boot.entries) {
      const gen = entry.generation === null ? '    –' : `#${entry.generation}`.padStart(5)
      const mark = entry.isDefault ? ' (default)' : ''
      lines.push(
        `${gen}${mark}  ${entry.title}${entry.problem ? `\n       ! ${entry.problem}` : ''}`,
      )
    }
  }
  if (fit) {
    lines.push('')
    lines.push(
      fit.fits
        ? `${fit.storePath} fits: its kernel and initrd need ${formatBytes(fit.neededBytes)} more.`
        : `${fit.storePath} does not fit. ${fit.warning ?? ''}`,
    )
  }
  return `${lines.join('\n')}\n`
}
