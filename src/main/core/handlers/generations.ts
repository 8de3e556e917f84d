// generations.*: a profile's generations (timeline, comparison, source diff), the changes to
// them (delete, switch, activate, pin, clean-up), the profiles the switcher offers, and the boot
// menu. Every change is announced as generations.changed with the profile it touched; a change
// of the profile list is a settings change too.
import { AppError } from '../../../shared/app-error'
import { bootFit } from '../../services/generations/boot-entries'
import { withBuiltBy } from '../../services/generations/built-by'
import { systemBootState } from '../../services/generations/system-boot'
import { generationSwitchInput } from '../../services/rebuild/run-settings'
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'
import { announceWhenFinished } from './run-finish'

export function generationsHandlers(ctx: HandlerContext): HandlersOf<'generations'> {
  const { generations, profiles, rebuild, settings, sourceDiff, events, repoOf } = ctx
  /** The profile the Generations area shows: the one every call here is about. */
  const viewedProfile = () => settings.get().profilePath
  const changed = (profile: string) => events.emit('generations.changed', { profile })
  /** Runs a change of `profile`'s generations and announces it. */
  const change = async <T>(profile: string, run: () => Promise<T>): Promise<T> => {
    const result = await run()
    changed(profile)
    return result
  }
  /** Adds or removes `profile` on the switcher: a change of the settings, too. */
  const profileListChange = async <T>(profile: string, run: () => Promise<T>): Promise<T> => {
    const result = await run()
    events.emit('settings.changed', settings.get())
    changed(profile)
    return result
  }
  return {
    'generations.list': async () =>
      withBuiltBy(await generations.list(viewedProfile()), (paths) =>
        rebuild.store.byStorePaths(paths),
      ),
    'generations.compare': (input) =>
      generations.compare(viewedProfile(), input.before, input.after),
    'generations.sourceDiff': (input) => sourceDiff.diff(repoOf(input), input.from, input.to),
    'generations.delete': (input) => {
      const profile = viewedProfile()
      return change(profile, () => generations.delete(profile, input.selection, { gc: input.gc }))
    },
    'generations.switch': (input) => {
      const profile = viewedProfile()
      return change(profile, async () => {
        await generations.switchTo(profile, input.number)
        return null
      })
    },
    'generations.activationPlan': async (input) => {
      try {
        const { plan, host, target } = await rebuild.planGenerationSwitch(
          generationSwitchInput(settings.get(), viewedProfile(), input),
        )
        return { plan, host, storePath: target.storePath }
      } catch (error) {
        // Not activatable (gone, invalid, no switch-to-configuration): the dialog says why.
        if (
          error instanceof AppError &&
          (error.code === 'not-found' || error.code === 'bad-request')
        )
          return { refused: error.toData() }
        throw error
      }
    },
    'generations.activate': async (input) => {
      const profile = viewedProfile()
      const started = await rebuild.switchToGeneration({
        ...generationSwitchInput(settings.get(), profile, input),
        repo: repoOf(input),
      })
      // The profile moves as the run's first step; a failed activation after it still moved it.
      announceWhenFinished(ctx, started.runId, profile, () => true)
      return started
    },
    'generations.gc': () => generations.gc(),
    'generations.pin': (input) => {
      const profile = viewedProfile()
      return change(profile, () => generations.pin(profile, input.number, input.label))
    },
    'generations.unpin': (input) => {
      const profile = viewedProfile()
      return change(profile, async () => ({
        unpinned: await generations.unpin(profile, input.number),
      }))
    },
    'generations.cleanupPlan': (input) => generations.cleanupPlan(viewedProfile(), input.policy),
    'generations.cleanup': (input) => {
      const profile = viewedProfile()
      return change(profile, () =>
        generations.cleanup(profile, input.policy, {
          expectedGoes: input.expectedGoes,
          onProgress: (progress) => events.emit('generations.cleanupProgress', progress),
        }),
      )
    },
    'generations.profiles': () => profiles.known(),
    'generations.addProfile': (input) =>
      profileListChange(input.path, () => profiles.add(input.path, input.view)),
    'generations.removeProfile': (input) =>
      profileListChange(input.path, () => profiles.remove(input.path)),
    'generations.boot': () => systemBootState(settings.get()),
    'generations.bootFit': (input) => bootFit(settings.get().bootDir, input.storePath),
  }
}
