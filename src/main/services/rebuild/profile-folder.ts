// A profile mode switch or boot ends with `nix-env -p PROFILE --set`, which fails when PROFILE's
// folder is missing: after a build that may have taken an hour. So the folder is checked when the
// plan is made, and the rebuild is refused with the reason before anything runs.
import { statSync, type Stats } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../../../shared/app-error'
import type { RebuildAction, RebuildMode } from '../../../shared/rebuild/types'

/** Refuses a rebuild that would write a profile whose folder does not exist. */
export function requireProfileFolder(input: {
  mode: RebuildMode
  action: RebuildAction
  profilePath: string
}): void {
  // nixos-rebuild creates its profiles' folders itself; test, build and dry-build write none.
  if (input.mode !== 'profile') return
  if (input.action !== 'switch' && input.action !== 'boot') return
  const folder = dirname(input.profilePath)
  // Without the thread pool: this is on the way from the click to the first command.
  const info = statOrNull(folder)
  if (info?.isDirectory()) return
  throw new AppError(
    'not-a-directory',
    info
      ? `The profile ${input.profilePath} cannot be written: ${folder} is not a folder.`
      : `The profile ${input.profilePath} cannot be written: its folder ${folder} does not exist.`,
    {
      hint: `Create the folder (mkdir -p ${folder}), or choose another "Profile to write" in Rebuild settings.`,
    },
  )
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}
