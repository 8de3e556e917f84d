// Switching to a system that already exists, a generation of the profile: nothing is built and
// nothing is asked before it runs (the UI confirms first). Like `nixos-rebuild switch --rollback`,
// it moves the profile with `nix-env -p PROFILE --switch-generation N`, which keeps every
// generation as it is, then runs the generation's own `bin/switch-to-configuration switch` (or
// `boot`). A generation that cannot be activated is refused before anything runs.
import { realpath } from 'node:fs/promises'
import { join } from 'node:path'
import { parseStorePathName } from '../../../shared/generations/store-path-name'
import type { ActivationAction, PlannedStep, RebuildPlan } from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'
import { summarizeNumbers, unusable } from '../generations/generation-refs'
import { isExecutable } from '../path-lookup'
import { readProfile } from '../generations/profile-reader'
import type { NixService } from '../nix'

export interface ActivationTarget {
  /** The profile link nix-env moves, as found (a folder of profiles names its `system`). */
  profilePath: string
  /** The profile's name (`system`), the run's host when nothing better is known. */
  profileName: string
  number: number
  /** The generation's toplevel, resolved. */
  storePath: string
  /** The flake revision the system records, if it does. */
  configurationRevision: string | null
  /**
   * `nixos`: activated by its bin/switch-to-configuration, as root; `home-manager`: a Home
   * Manager generation, activated by its own `activate` script as the user.
   */
  kind: 'nixos' | 'home-manager'
}

/**
 * Finds generation `number` of the profile and checks that it can be activated: its store path
 * is there, nix knows it as valid, and it has an executable bin/switch-to-configuration.
 */
export async function resolveActivationTarget(
  profile: string,
  number: number,
  nix: Pick<NixService, 'run'>,
): Promise<ActivationTarget> {
  const snapshot = await readProfile(profile)
  const { profilePath, name } = snapshot.location
  const generation = snapshot.generations.find((g) => g.number === number)
  if (!generation) {
    const known = snapshot.generations.map((g) => g.number).reverse()
    throw new AppError('not-found', `The profile ${profilePath} has no generation ${number}.`, {
      hint: `Its generations are ${summarizeNumbers(known)}.`,
    })
  }
  if (generation.state !== 'ok') throw unusable(number, generation.problem)
  const storePath = await realpath(generation.storePath).catch(() => null)
  if (!storePath) throw unusable(number, `The store path ${generation.storePath} is not there.`)

  const validity = await nix.run(['path-info', storePath], { timeoutMs: 60_000 })
  if (validity.code !== 0) {
    throw new AppError(
      'not-found',
      `Generation ${number} cannot be activated: nix does not know ${storePath} as a valid store path.`,
      {
        hint: 'Its files may be incomplete. Repair the store ("nix-store --verify --check-contents --repair") or choose another generation.',
        details: validity.stderr.slice(-4000),
      },
    )
  }
  const nixos = await isExecutable(switchProgram(storePath))
  // A Home Manager generation: its `activate` script beside `home-path`.
  const homeManager = !nixos && (await isExecutable(join(storePath, 'activate')))
  if (!nixos && !homeManager) {
    throw new AppError(
      'bad-request',
      `Generation ${number} cannot be activated: ${storePath} has no bin/switch-to-configuration.`,
      {
        hint: 'It is neither a NixOS system nor a Home Manager generation (no activate script). Switch the profile to it without activating, or choose another generation.',
      },
    )
  }
  return {
    profilePath,
    profileName: name,
    number,
    storePath,
    configurationRevision: generation.configurationRevision,
    kind: nixos ? 'nixos' : 'home-manager',
  }
}

function switchProgram(toplevel: string): string {
  return join(toplevel, 'bin', 'switch-to-configuration')
}

/** The host a NixOS toplevel is named after (`nixos-system-HOST-24.05…`), if it is one. */
export function hostOfSystem(storePath: string): string | null {
  const { name } = parseStorePathName(storePath)
  const host = name.startsWith('nixos-system-') ? name.slice('nixos-system-'.length) : ''
  return host === '' ? null : host
}

/** The two commands that switch to the target, with sudo where root is needed. */
export function activationPlan(
  target: Pick<ActivationTarget, 'profilePath' | 'number' | 'storePath'> &
    Partial<Pick<ActivationTarget, 'kind'>>,
  options: { action: ActivationAction; sudo: boolean; mode: RebuildPlan['mode'] },
): RebuildPlan {
  const homeManager = target.kind === 'home-manager'
  if (homeManager && options.action === 'boot') {
    throw new AppError(
      'bad-request',
      `Generation ${target.number} is a Home Manager generation: it has no boot entry.`,
      { hint: 'Use Switch and activate; Home Manager activates at once, as you.' },
    )
  }
  // Home Manager belongs to the user: its profile and activation never run as root.
  const withSudo = (argv: string[]) => (options.sudo && !homeManager ? ['sudo', ...argv] : argv)
  const step = (kind: PlannedStep['kind'], argv: string[]): PlannedStep => ({
    kind,
    argv: withSudo(argv),
    structuredLog: false,
    optional: false,
  })
  return {
    mode: options.mode,
    action: options.action,
    steps: [
      step('set-profile', [
        'nix-env',
        '-p',
        target.profilePath,
        '--switch-generation',
        String(target.number),
      ]),
      step(
        'activate',
        homeManager
          ? [join(target.storePath, 'activate')]
          : [switchProgram(target.storePath), options.action],
      ),
    ],
    confirmBeforeStep: null,
    profilePath: target.profilePath,
  }
}

/** What a successful switch says. */
export function activationStatusText(action: ActivationAction, number: number): string {
  return action === 'switch'
    ? `Switched to generation ${number}.`
    : `Generation ${number} will be used at the next boot.`
}
