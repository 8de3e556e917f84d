// The running system of a profile, as the before side of "what will this rebuild change": the
// profile's current generation, and the derivation it was built from when the store still
// holds it (`nix-store -q --deriver`; nix records the deriver of everything it builds, but a
// system fetched from a cache, or one whose .drv a garbage collection took, has none to read).
import type { RunningSystem } from '../../../shared/predict/types'
import { AppError } from '../../../shared/app-error'
import type { NixTools } from '../generations/nix-tools'
import { readProfileTarget } from '../rebuild/profile-link'

export async function readRunningSystem(
  tools: NixTools,
  profile: string,
  signal?: AbortSignal,
): Promise<RunningSystem> {
  const target = readProfileTarget(profile)
  if (!target.storePath) {
    throw new AppError(
      'not-found',
      `The profile ${profile} has no current generation: there is no running system to compare with.`,
      { hint: 'Build and switch once; later changes are then compared with that system.' },
    )
  }
  const options = { timeoutMs: 60_000, ...(signal ? { signal } : {}) }
  const storePath = target.storePath
  const deriver = (await tools.run('nix-store', ['-q', '--deriver', storePath], options)).stdout
    .trim()
    .split('\n')[0]
  let drvPath: string | null = null
  if (deriver?.startsWith('/') && deriver.endsWith('.drv')) {
    // Recorded is not kept: the .drv may have been collected since.
    const invalid = await tools.run('nix-store', ['--check-validity', '--print-invalid', deriver], {
      ...options,
    })
    if (invalid.stdout.trim() === '') drvPath = deriver
  }
  return { profile, generation: target.generation, storePath, drvPath }
}
