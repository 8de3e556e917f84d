// The profiles the Generations area's switcher offers and the one it shows, from the settings
// and the file system: found ones (system, Home Manager) and the ones the user added, which live
// in the settings' extraProfiles. Off NixOS the system profile is the one profile-mode rebuilds
// write.
import { homedir, userInfo } from 'node:os'
import type { KnownProfiles } from '../../../shared/generations/care-types'
import type { SettingsService } from '../settings'
import { checkAddedProfile, discoverProfiles } from './profiles-discovery'

/** The user's name for per-user profile folders; '' when the system cannot say. */
function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return ''
  }
}

export class ProfileList {
  constructor(
    private readonly settings: SettingsService,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async known(): Promise<KnownProfiles> {
    const s = this.settings.get()
    const profiles = await discoverProfiles({
      home: this.env.HOME || homedir(),
      user: this.env.USER || safeUserName(),
      stateHome: this.env.XDG_STATE_HOME,
      ...(s.rebuildMode === 'profile' ? { systemProfile: s.rebuildProfilePath } : {}),
      added: s.extraProfiles,
      viewed: s.profilePath,
    })
    return { viewed: s.profilePath, profiles }
  }

  /** Adds a profile (it must have generations) to the switcher, and shows it when `view`. */
  async add(path: string, view: boolean): Promise<KnownProfiles> {
    const checked = await checkAddedProfile(path)
    const { extraProfiles } = this.settings.get()
    if (!extraProfiles.includes(checked)) {
      this.settings.set({ extraProfiles: [...extraProfiles, checked] })
    }
    if (view) this.settings.set({ profilePath: checked })
    return this.known()
  }

  /** Takes an added profile off the switcher. */
  remove(path: string): Promise<KnownProfiles> {
    const { extraProfiles } = this.settings.get()
    this.settings.set({ extraProfiles: extraProfiles.filter((p) => p !== path) })
    return this.known()
  }
}
