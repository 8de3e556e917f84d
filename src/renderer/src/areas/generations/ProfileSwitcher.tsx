import type { KnownProfile, KnownProfiles } from '../../../../shared/generations/care-types'
import './care.css'

interface Props {
  profiles: KnownProfiles | null
  onView(path: string): void
  onAdd(): void
  onRemove(path: string): void
}

function describe(profile: KnownProfile): string {
  if (profile.problem) return `${profile.path}: ${profile.problem}`
  const count = `${profile.generationCount} generation${profile.generationCount === 1 ? '' : 's'}`
  return `${profile.path} (${count})`
}

/**
 * One tab per profile (the system, Home Manager when found, the ones added): a click shows that
 * profile's timeline. Added profiles can be taken off the list again.
 */
export function ProfileSwitcher({ profiles, onView, onAdd, onRemove }: Props) {
  if (!profiles) return null
  return (
    <nav className="gen-profile-switcher" aria-label="Profiles">
      {profiles.profiles.map((profile) => {
        const viewed = profile.path === profiles.viewed
        return (
          <span key={profile.path} className="gen-profile-tab-wrap">
            <button
              type="button"
              className={`gen-profile-tab${viewed ? ' active' : ''}${profile.problem ? ' broken' : ''}`}
              aria-pressed={viewed}
              title={describe(profile)}
              data-testid={`profile-tab-${profile.kind}`}
              onClick={() => !viewed && onView(profile.path)}
            >
              {profile.label}
              <span className="badge">{profile.generationCount}</span>
            </button>
            {profile.kind === 'added' && !viewed && (
              <button
                type="button"
                className="ghost gen-profile-remove"
                aria-label={`Remove ${profile.path} from the list`}
                title="Remove from the list (the profile itself stays)"
                onClick={() => onRemove(profile.path)}
              >
                ×
              </button>
            )}
          </span>
        )
      })}
      <button type="button" className="ghost gen-profile-add" onClick={onAdd}>
        + Add profile…
      </button>
    </nav>
  )
}
