// What a finished command of a run tells: the system it built (nix build's result link,
// nixos-rebuild's ./result or the profile it moved) and the generation the profile now has.
import { join } from 'node:path'
import type { PlannedStep, RebuildPlan, RebuildStartInput } from '../../../shared/rebuild/types'
import { AppError } from '../../../shared/app-error'
import { readProfileTarget, readResultLink } from './profile-link'

export interface StepResult {
  toplevel: string | null
  generation: number | null
}

/**
 * The run's system and generation after step `index` (`known`: what the run knew before it;
 * `before`: the profile's system when the run began).
 */
export function readStepResult(
  run: { input: RebuildStartInput; plan: RebuildPlan; workDir: string; outLink: string },
  planned: PlannedStep,
  index: number,
  before: string | null,
  known: StepResult,
): StepResult {
  const { input, plan, workDir, outLink } = run
  let { toplevel, generation } = known
  if (planned.kind === 'build' && input.action !== 'dry-build') {
    toplevel = readResultLink(outLink)
    if (!toplevel) {
      throw new AppError('command-failed', `nix build finished but left no result at ${outLink}.`)
    }
  } else if (planned.kind === 'rebuild') {
    const buildOnly =
      (plan.confirmBeforeStep !== null && index < plan.confirmBeforeStep) ||
      input.action === 'build'
    if (buildOnly) {
      toplevel = readResultLink(join(workDir, 'result'))
    } else if (input.action === 'switch' || input.action === 'boot') {
      // The profile names the new system, if it moved; a profile that did not (the same
      // configuration again, or --target-host) is not taken for it.
      const after = readProfileTarget(plan.profilePath)
      if (!toplevel && after.storePath !== before) toplevel = after.storePath
      if (toplevel && after.storePath === toplevel) generation = after.generation
    }
  } else if (planned.kind === 'set-profile') {
    const after = readProfileTarget(plan.profilePath)
    generation = after.storePath === toplevel ? after.generation : null
  }
  return { toplevel, generation }
}

/** The program a step runs (after sudo, if any). */
export function programOf(argv: readonly string[]): string {
  return (argv[0] === 'sudo' ? argv[1] : argv[0]) ?? ''
}
