// What a rebuild or a generation switch takes from the user's settings: the mode, sudo, extra
// arguments, the custom command, and the profile a rebuild writes (never the profile the
// Generations area happens to show).
import type { Settings } from '../../../shared/contract'
import type {
  ActivationAction,
  RebuildAction,
  RebuildStartInput,
  TerminalSize,
} from '../../../shared/rebuild/types'
import { nixosRebuildProfile } from './rebuild-command'
import type { GenerationSwitchInput } from './generation-switch'

/** The profile a rebuild with these settings writes. */
export function rebuildProfileOf(settings: Settings): string {
  return settings.rebuildMode === 'profile'
    ? settings.rebuildProfilePath
    : nixosRebuildProfile(settings.rebuildExtraArgs)
}

/** A rebuild of `host` in `repo` as the settings say it runs. */
export function rebuildStartInput(
  settings: Settings,
  run: { repo: string; host: string; action: RebuildAction; terminal?: TerminalSize | undefined },
): RebuildStartInput {
  return {
    ...(run.terminal ? { terminal: run.terminal } : {}),
    repo: run.repo,
    host: run.host,
    action: run.action,
    mode: settings.rebuildMode,
    profilePath: rebuildProfileOf(settings),
    sudo: settings.rebuildSudo,
    extraArgs: settings.rebuildExtraArgs,
    customCommand: settings.rebuildCustomCommand,
    structuredLog: true,
    confirmBeforeActivate: settings.lookBeforeSwitch,
  }
}

/** A switch to generation `number` of `profilePath` as the settings say it runs. */
export function generationSwitchInput(
  settings: Settings,
  profilePath: string,
  target: { number: number; action: ActivationAction },
): GenerationSwitchInput {
  return {
    profilePath,
    number: target.number,
    action: target.action,
    sudo: settings.rebuildSudo,
    mode: settings.rebuildMode,
  }
}
