// Switching to an existing generation of a profile as a recorded run: which commands it runs
// (see generation-activation.ts), the host it is recorded under, and what the run was made from
// (the recorded run that built the system, else the commit the system names).
import {
  activationActionSchema,
  type ActivationAction,
  type RebuildMode,
  type RebuildPlan,
  type RebuildStartInput,
} from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'
import type { NixService } from '../nix'
import {
  activationPlan,
  activationStatusText,
  hostOfSystem,
  resolveActivationTarget,
  type ActivationTarget,
} from './generation-activation'
import type { RepoSnapshot } from './repo-snapshot'
import type { RunStore } from './run-store'

export interface GenerationSwitchInput {
  profilePath: string
  number: number
  action: ActivationAction
  /** Run both commands through sudo (which may ask for a password in the terminal). */
  sudo: boolean
  /** Recorded with the run: the user's rebuild mode. */
  mode: RebuildMode
}

export interface GenerationSwitchPlan {
  plan: RebuildPlan
  target: ActivationTarget
  /** The host the run is recorded under: the one that built the system, else its name's. */
  host: string
}

/**
 * The commands that would switch to generation `number` of the profile; refuses a generation
 * that cannot be activated (its store path gone or not valid, no bin/switch-to-configuration).
 */
export async function planGenerationSwitch(
  input: GenerationSwitchInput,
  nix: NixService,
  store: RunStore,
): Promise<GenerationSwitchPlan> {
  const action = activationActionSchema.safeParse(input.action)
  if (!action.success || !Number.isSafeInteger(input.number) || input.number < 0) {
    throw new AppError(
      'bad-request',
      'Invalid generation switch: a generation number and switch or boot are needed.',
    )
  }
  const target = await resolveActivationTarget(input.profilePath, input.number, nix)
  const builtBy = store.byStorePaths([target.storePath]).get(target.storePath)
  return {
    plan: activationPlan(target, { action: action.data, sudo: input.sudo, mode: input.mode }),
    target,
    host: builtBy?.host ?? hostOfSystem(target.storePath) ?? target.profileName,
  }
}

/** The run of a planned generation switch of `repo`: its input, status text and origin. */
export function generationSwitchRun(
  input: GenerationSwitchInput & { repo: string },
  { target, host }: GenerationSwitchPlan,
  store: RunStore,
): { input: RebuildStartInput; statusText: string; snapshot: RepoSnapshot } {
  // What the system was made from, when a recorded run made it: the repo as it is now says
  // nothing about an older generation.
  const builtBy = store.byStorePaths([target.storePath]).get(target.storePath)
  const snapshot: RepoSnapshot = builtBy
    ? {
        gitCommit: builtBy.gitCommit,
        gitDirty: builtBy.gitDirty,
        flakeLockSha256: builtBy.flakeLockSha256,
      }
    : {
        gitCommit: commitOf(target.configurationRevision),
        gitDirty: null,
        flakeLockSha256: null,
      }
  return {
    input: {
      repo: input.repo,
      host,
      action: input.action,
      mode: input.mode,
      profilePath: target.profilePath,
      sudo: input.sudo,
      extraArgs: [],
      customCommand: null,
      structuredLog: false,
      confirmBeforeActivate: false,
    },
    statusText: activationStatusText(input.action, target.number),
    snapshot,
  }
}

/** A configuration revision that is a plain commit hash (not `…-dirty` or a label). */
function commitOf(revision: string | null): string | null {
  return revision && /^[0-9a-f]{7,40}$/.test(revision) ? revision : null
}
