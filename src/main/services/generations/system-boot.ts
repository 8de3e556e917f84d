// The system's boot menu as the settings place it: the boot folder they name, its entries
// matched against the system profile (the one profile-mode rebuilds write off NixOS).
import type { Settings } from '../../../shared/contract'
import { readBootState } from './boot-entries'
import { defaultSystemProfile, readProfile } from './profile-reader'

export async function systemBootState(settings: Settings): ReturnType<typeof readBootState> {
  const system =
    settings.rebuildMode === 'profile' ? settings.rebuildProfilePath : defaultSystemProfile
  // The entries name generations of the system profile; without one they are listed as is.
  const known = await readProfile(system).then(
    (snapshot) => snapshot.generations,
    () => [],
  )
  return readBootState(settings.bootDir, known)
}
