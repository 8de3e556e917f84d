import { useCallback, useRef, useState } from 'react'
import { shellKind } from '../../api/client'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useModal } from '../../components/useModal'
import { useTask } from '../../components/useTask'
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
  const ref = useRef<HTMLDialogElement>(null)
  const [value, setValue] = useState(current ?? nixosSystemProfile)
  const { busy, failure, run } = useTask(
    useCallback(
      async (path: string) => {
        await onSave(path)
        return true
      },
      [onSave],
    ),
  )
  useModal(ref)

  const trimmed = value.trim()
  const absolute = trimmed.startsWith('/')
  const save = async () => {
    if (await run(trimmed)) onClose()
  }
  const browse = async () => {
    const folder = await pickFolder()
    if (folder) setValue(folder)
  }

  return (
    <dialog
      ref={ref}
      className="dialog gen-dialog"
      aria-labelledby="profile-title"
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          if (absolute && !busy) void save()
        }}
      >
        <h2 id="profile-title">Profile</h2>
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
    </dialog>
  )
}
