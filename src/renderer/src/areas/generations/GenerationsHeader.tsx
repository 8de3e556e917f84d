import type { Generation } from '../../../../shared/generations/types'

interface Props {
  profilePath: string | null
  loading: boolean
  /** A timeline is shown (the actions need one). */
  shown: boolean
  mode: 'nixos' | 'profile'
  rollbackTarget: Generation | null
  tickedCount: number
  onChangeProfile(): void
  onRollback(target: Generation): void
  onCleanup(): void
  onDelete(): void
  onRefresh(): void
}

/** The area's title line: the profile shown, the reading state, and the area's actions. */
export function GenerationsHeader(props: Props) {
  const { rollbackTarget, shown } = props
  return (
    <header className="gen-header">
      <h1 id="generations-title">Generations</h1>
      <button
        type="button"
        className="gen-profile"
        title="Change the profile this area shows"
        onClick={props.onChangeProfile}
      >
        <span className="muted">Profile</span>{' '}
        <code data-testid="profile-path">{props.profilePath ?? '…'}</code>{' '}
        <span className="gen-profile-change">Change…</span>
      </button>
      {props.loading && (
        <span className="gen-loading-inline muted" role="status">
          <span className="spinner" aria-hidden="true" />{' '}
          {shown
            ? 'Refreshing…'
            : 'Reading the generations… (the first time, nix reads every closure)'}
        </span>
      )}
      <span className="status-spacer" />
      {rollbackTarget && (
        <button
          type="button"
          title={
            props.mode === 'nixos'
              ? `Switch the system back to generation ${rollbackTarget.number}`
              : `Point the profile back at generation ${rollbackTarget.number}`
          }
          onClick={() => props.onRollback(rollbackTarget)}
        >
          Roll back to #{rollbackTarget.number}…
        </button>
      )}
      {shown && (
        <button
          type="button"
          title="Keep the newest N and the recent generations, and see what a clean-up frees before it runs"
          onClick={props.onCleanup}
        >
          Clean up…
        </button>
      )}
      {shown && (
        <button type="button" onClick={props.onDelete}>
          Delete…{props.tickedCount > 0 ? ` (${props.tickedCount})` : ''}
        </button>
      )}
      <button
        type="button"
        className="ghost"
        onClick={props.onRefresh}
        title="Read the profile again"
      >
        ↻ Refresh
      </button>
    </header>
  )
}
