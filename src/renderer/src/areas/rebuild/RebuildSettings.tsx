import { useState } from 'react'
import type { Settings } from '../../../../shared/contract'
import type { RebuildAction } from '../../../../shared/rebuild/types'

interface Props {
  settings: Settings
  /** The chosen action: settings it does not use are shown but cannot be changed. */
  action: RebuildAction
  onChange(patch: Partial<Settings>): void
}

/** How rebuilds run: the mode, sudo, extra flags, a replacement command, look before switch. */
export function RebuildSettings({ settings, action, onChange }: Props) {
  const activating = action === 'switch' || action === 'boot' || action === 'test'
  const writesProfile = action === 'switch' || action === 'boot'
  const profileMode = settings.rebuildMode === 'profile'
  const notForAction = `${action} does not activate anything, so this does not apply`
  const [extra, setExtra] = useState(settings.rebuildExtraArgs.join(' '))
  const [custom, setCustom] = useState(settings.rebuildCustomCommand ?? '')
  const [profile, setProfile] = useState(settings.rebuildProfilePath)
  return (
    <details className="rebuild-settings">
      <summary>Rebuild settings</summary>
      <div className="settings-grid">
        <label htmlFor="rebuild-mode">Mode</label>
        <select
          id="rebuild-mode"
          value={settings.rebuildMode}
          onChange={(e) => onChange({ rebuildMode: e.target.value as Settings['rebuildMode'] })}
        >
          <option value="nixos-rebuild">nixos-rebuild (NixOS)</option>
          <option value="profile">profile: nix build + nix-env --set</option>
        </select>
        <label htmlFor="rebuild-profile">Profile to write</label>
        {settings.rebuildMode === 'profile' ? (
          <input
            id="rebuild-profile"
            type="text"
            spellCheck={false}
            title="The system profile a switch or boot writes (nix-env -p … --set). The Generations area may look at another."
            value={profile}
            disabled={!writesProfile}
            onChange={(e) => setProfile(e.target.value)}
            onBlur={() =>
              profile.trim().startsWith('/') &&
              profile.trim() !== settings.rebuildProfilePath &&
              onChange({ rebuildProfilePath: profile.trim() })
            }
          />
        ) : (
          <span className="muted" id="rebuild-profile">
            nixos-rebuild writes the system profile (or system-profiles/NAME with --profile-name).
          </span>
        )}
        <label htmlFor="rebuild-extra">Extra arguments</label>
        <input
          id="rebuild-extra"
          type="text"
          spellCheck={false}
          placeholder="--target-host root@box --show-trace"
          value={extra}
          onChange={(e) => setExtra(e.target.value)}
          onBlur={() => onChange({ rebuildExtraArgs: extra.split(/\s+/).filter(Boolean) })}
        />
        <label htmlFor="rebuild-custom">Command instead of nixos-rebuild</label>
        <input
          id="rebuild-custom"
          type="text"
          spellCheck={false}
          placeholder="nh os {action} {repo} --hostname {host}"
          disabled={profileMode}
          title={
            profileMode
              ? 'Profile mode runs nix build and nix-env itself; a custom command is for nixos-rebuild mode'
              : undefined
          }
          value={custom}
          onChange={(e) => setCustom(e.target.value)}
          onBlur={() => onChange({ rebuildCustomCommand: custom.trim() || null })}
        />
        <span />
        <label className="checkbox inline" title={activating ? undefined : notForAction}>
          <input
            type="checkbox"
            disabled={!activating}
            checked={settings.rebuildSudo}
            onChange={(e) => onChange({ rebuildSudo: e.target.checked })}
          />{' '}
          Use sudo for the steps that need root (asks in the terminal)
        </label>
        <span />
        <label className="checkbox inline" title={activating ? undefined : notForAction}>
          <input
            type="checkbox"
            disabled={!activating}
            checked={settings.lookBeforeSwitch}
            onChange={(e) => onChange({ lookBeforeSwitch: e.target.checked })}
          />{' '}
          Build first and show what changes before switch / boot
        </label>
      </div>
    </details>
  )
}
