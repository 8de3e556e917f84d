import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { errorData, shellKind } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { nixosSystemProfile } from './generations-view'
import { pickFolder } from './useProfiles'

interface Props {
  current: string | null
  onSave(profilePath: string): Promise<void>
  onClose(): void
}

const examples = [
  { path: nixosSystemProfile, label: 'NixOS system' },
  { path: '~/.local/state/nix/profiles/home-manager', label: 'home-manager (standalone)' },
  { path: '/nix/var/nix/profiles/per-user/USER/home-manager', label: 'home-manager (older)' },
  { path: '~/.local/state/nix/profiles/profile', label: 'your nix profile' },
]

/** Chooses the profile the area reads (the viewed-profile setting; never the rebuild's). */
export function ProfileDialog({ current, onSave, onClose }: Props) {
  const [value, setValue] = useState(current ?? nixosSystemProfile)
  const saving = useMutation({ mutationFn: onSave })
  const busy = saving.isPending
  const failure = saving.error ? errorData(saving.error) : null

  const trimmed = value.trim()
  const absolute = trimmed.startsWith('/')
  const save = () => saving.mutate(trimmed, { onSuccess: onClose })
  const browse = async () => {
    const folder = await pickFolder()
    if (folder) setValue(folder)
  }

  return (
    <Dialog title="Profile" className="dialog gen-dialog" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          if (absolute && !busy) save()
        }}
      >
        <p className="muted">
          The nix profile whose generations this area shows: the NixOS system, a home-manager
          profile, or any other. Give the profile link or the folder that holds it.
        </p>
        <p className="muted">
          This only changes what you look at here. Rebuilds keep writing the profile set in the
          Rebuild area&apos;s settings.
        </p>
        <label htmlFor="profile-path">Profile path</label>
        <div className="row">
          <input
            id="profile-path"
            type="text"
            spellCheck={false}
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          {shellKind() === 'electron' && (
            <button type="button" onClick={() => void browse()}>
              Browse…
            </button>
          )}
        </div>
        {trimmed !== '' && !absolute && (
          <p className="gen-field-error">
            Give the full path
            {trimmed.startsWith('~') ? ' (write out your home folder instead of ~)' : ''}.
          </p>
        )}
        <ul className="gen-profile-examples">
          {examples.map((example) => (
            <li key={example.path}>
              <button
                type="button"
                className="link"
                onClick={() => setValue(example.path)}
                title="Use this path (replace ~ and USER with yours)"
              >
                {example.path}
              </button>{' '}
              <span className="muted">{example.label}</span>
            </li>
          ))}
        </ul>
        {failure && <ErrorNotice error={failure} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!absolute || busy}>
            {busy ? 'Saving…' : 'Use this profile'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
