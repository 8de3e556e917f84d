// The commands a rebuild runs, as argument lists, built before anything runs so the user sees
// exactly what will happen. nixos-rebuild mode runs `nixos-rebuild ACTION --flake REPO#HOST` (or
// the user's own command); profile mode builds the toplevel with `nix build`, records it with
// `nix-env -p PROFILE --set`, and runs its `bin/switch-to-configuration ACTION`. With the look
// before switching, a switch or test asks the built system's `switch-to-configuration
// dry-activate` which services it would touch before the confirmation.
import type {
  PlannedStep,
  RebuildAction,
  RebuildMode,
  RebuildPlan,
} from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'

/** Stands for the built toplevel's store path in steps that run after the build. */
export const toplevelPlaceholder = '<toplevel>'

export const structuredLogArgs = ['--log-format', 'internal-json', '-v'] as const

export interface RebuildCommandInput {
  mode: RebuildMode
  action: RebuildAction
  /** The flake's directory (absolute). */
  repo: string
  host: string
  extraArgs: readonly string[]
  /** nixos-rebuild mode: replaces `nixos-rebuild ACTION --flake REPO#HOST` (see the schema). */
  customCommand?: string | null
  /** Prefix the steps that need root with sudo. */
  sudo: boolean
  /**
   * The system profile: the one nix-env sets in profile mode; in nixos-rebuild mode the one
   * nixos-rebuild writes (see nixosRebuildProfile), read before and after to compare.
   */
  profilePath: string
  /** Ask for nix's JSON log (always in profile mode, where nix is ours to call). */
  structuredLog: boolean
  confirmBeforeActivate: boolean
  /** Pass nix's feature flags, for a nix whose config does not enable flakes. */
  flakeFeatureFlags: boolean
  /** Profile mode: the link `nix build --out-link` writes. */
  outLink: string
}

const activatingActions: ReadonlySet<RebuildAction> = new Set(['switch', 'boot', 'test'])

export function activates(action: RebuildAction): boolean {
  return activatingActions.has(action)
}

/** A host as a flake attribute name: bare when nix allows it, quoted otherwise. */
export function hostAttribute(host: string): string {
  if (/["\\$\n\r\t]/.test(host)) {
    throw new AppError('bad-request', `The host name "${host}" cannot be used in a flake.`)
  }
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(host) ? host : `"${host}"`
}

/** `REPO#nixosConfigurations.HOST.config.system.build.toplevel`. */
export function toplevelInstallable(repo: string, host: string): string {
  return `${flakeRef(repo)}#nixosConfigurations.${hostAttribute(host)}.config.system.build.toplevel`
}

function flakeRef(repo: string): string {
  if (!repo.startsWith('/')) {
    throw new AppError('bad-request', `The repo path "${repo}" is not absolute.`)
  }
  if (/[#?]/.test(repo)) {
    throw new AppError('bad-request', `The repo path "${repo}" contains "#" or "?".`, {
      hint: 'nix reads those as part of a flake reference; move the repo to a path without them.',
    })
  }
  return repo
}

/**
 * Splits a command line into words the way a POSIX shell would for quotes and backslashes, and
 * does nothing else a shell does: no variables, globs, pipes or `;`. Those characters stay
 * literal parts of the words.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: "'" | '"' | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote === "'") {
      if (c === "'") quote = null
      else word += c
    } else if (quote === '"') {
      if (c === '"') quote = null
      else if (c === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) word += line[++i]
      else word += c
    } else if (c === "'" || c === '"') {
      quote = c
      inWord = true
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[++i]
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (quote) {
    throw new AppError('bad-request', 'The custom rebuild command has an unclosed quote.', {
      hint: `Close the ${quote === "'" ? 'single' : 'double'} quote in the command in the settings.`,
    })
  }
  if (inWord) words.push(word)
  return words
}

export interface TemplateValues {
  action: string
  repo: string
  host: string
  flake: string
}

/** Fills {action} {repo} {host} {flake} inside each word; the words stay as they are. */
export function expandCommandTemplate(template: string, values: TemplateValues): string[] {
  const words = splitCommandLine(template)
  if (words.length === 0) {
    throw new AppError('bad-request', 'The custom rebuild command is empty.', {
      hint: 'Enter a command such as "nixos-rebuild {action} --flake {flake}", or clear it.',
    })
  }
  return words.map((w) =>
    w.replace(/\{(action|repo|host|flake)\}/g, (_, key: keyof TemplateValues) => values[key]),
  )
}

function step(
  kind: PlannedStep['kind'],
  argv: string[],
  options: { structuredLog?: boolean; optional?: boolean } = {},
): PlannedStep {
  return {
    kind,
    argv,
    structuredLog: options.structuredLog ?? false,
    optional: options.optional ?? false,
  }
}

const withSudo = (sudo: boolean, argv: string[]) => (sudo ? ['sudo', ...argv] : argv)

/** Whether the system is activated on another machine (`--target-host`). */
function targetsAnotherHost(input: RebuildCommandInput): boolean {
  return (
    input.extraArgs.some((arg) => arg === '--target-host' || arg.startsWith('--target-host=')) ||
    (input.customCommand ?? '').includes('--target-host')
  )
}

/**
 * `<toplevel>/bin/switch-to-configuration dry-activate`, run between the build and the
 * confirmation so the look before switching can say which services would stop, restart, start
 * or reload. Only for the actions that activate now (a boot restarts nothing), and not when
 * another machine is activated: this machine's systemd would answer.
 */
function dryActivateStep(input: RebuildCommandInput): PlannedStep | null {
  if (input.action !== 'switch' && input.action !== 'test') return null
  if (targetsAnotherHost(input)) return null
  const program = `${toplevelPlaceholder}/bin/switch-to-configuration`
  return step('dry-activate', withSudo(input.sudo, [program, 'dry-activate']), { optional: true })
}

function nixosRebuildCommand(input: RebuildCommandInput, action: RebuildAction): string[] {
  const flake = `${flakeRef(input.repo)}#${input.host}`
  const base = input.customCommand
    ? expandCommandTemplate(input.customCommand, {
        action,
        repo: input.repo,
        host: input.host,
        flake,
      })
    : ['nixos-rebuild', action, '--flake', flake]
  const logArgs = input.structuredLog ? [...structuredLogArgs] : []
  return withSudo(input.sudo && activates(action), [...base, ...logArgs, ...input.extraArgs])
}

function nixosRebuildPlan(input: RebuildCommandInput): RebuildPlan {
  const structuredLog = input.structuredLog
  const full = step('rebuild', nixosRebuildCommand(input, input.action), { structuredLog })
  if (!input.confirmBeforeActivate || !activates(input.action)) {
    return {
      mode: input.mode,
      action: input.action,
      steps: [full],
      confirmBeforeStep: null,
      profilePath: input.profilePath,
    }
  }
  if (input.customCommand && !input.customCommand.includes('{action}')) {
    throw new AppError(
      'bad-request',
      'Looking before activating needs {action} in the custom rebuild command.',
      {
        hint: 'Flakedeck first runs the command with "build", then with your action. Add {action} where the action goes, or turn off the confirmation.',
      },
    )
  }
  // nixos-rebuild build leaves ./result (in the run's directory) for the comparison and the
  // dry activation.
  const build = step('rebuild', nixosRebuildCommand(input, 'build'), { structuredLog })
  const dryActivate = dryActivateStep(input)
  const steps = dryActivate ? [build, dryActivate, full] : [build, full]
  return {
    mode: input.mode,
    action: input.action,
    steps,
    confirmBeforeStep: steps.length - 1,
    profilePath: input.profilePath,
  }
}

function profilePlan(input: RebuildCommandInput): RebuildPlan {
  const features = input.flakeFeatureFlags
    ? ['--extra-experimental-features', 'nix-command flakes']
    : []
  const installable = toplevelInstallable(input.repo, input.host)
  const dry = input.action === 'dry-build'
  const build = step(
    'build',
    [
      'nix',
      ...features,
      'build',
      installable,
      ...(dry ? ['--dry-run'] : ['--out-link', input.outLink]),
      ...structuredLogArgs,
      ...input.extraArgs,
    ],
    { structuredLog: true },
  )
  const steps = [build]
  const dryActivate = input.confirmBeforeActivate ? dryActivateStep(input) : null
  if (dryActivate) steps.push(dryActivate)
  const confirmBeforeStep =
    input.confirmBeforeActivate && activates(input.action) ? steps.length : null
  if (input.action === 'switch' || input.action === 'boot') {
    steps.push(
      step(
        'set-profile',
        withSudo(input.sudo, ['nix-env', '-p', input.profilePath, '--set', toplevelPlaceholder]),
      ),
    )
  }
  if (activates(input.action)) {
    const program = `${toplevelPlaceholder}/bin/switch-to-configuration`
    steps.push(step('activate', withSudo(input.sudo, [program, input.action]), { optional: true }))
  }
  return {
    mode: input.mode,
    action: input.action,
    steps,
    confirmBeforeStep,
    profilePath: input.profilePath,
  }
}

export const nixosSystemProfile = '/nix/var/nix/profiles/system'

/**
 * The profile nixos-rebuild writes: the system profile, or system-profiles/NAME with
 * `--profile-name NAME` (`-p NAME`) among the extra arguments.
 */
export function nixosRebuildProfile(extraArgs: readonly string[]): string {
  let name: string | null = null
  extraArgs.forEach((arg, i) => {
    if ((arg === '--profile-name' || arg === '-p') && extraArgs[i + 1]) name = extraArgs[i + 1]!
    else if (arg.startsWith('--profile-name=')) name = arg.slice('--profile-name='.length)
  })
  return name ? `/nix/var/nix/profiles/system-profiles/${name}` : nixosSystemProfile
}

export function buildRebuildPlan(input: RebuildCommandInput): RebuildPlan {
  hostAttribute(input.host)
  return input.mode === 'profile' ? profilePlan(input) : nixosRebuildPlan(input)
}

/** A step's arguments with the toplevel filled in. */
export function resolveArgv(argv: readonly string[], toplevel: string | null): string[] {
  return argv.map((arg) => {
    if (!arg.includes(toplevelPlaceholder)) return arg
    if (!toplevel) {
      throw new AppError('internal', 'A step needs the built system, but none was built.')
    }
    return arg.split(toplevelPlaceholder).join(toplevel)
  })
}
