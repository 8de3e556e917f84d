interface Props {
  untracked: string[]
  onAdd(paths: string[]): void
}

/** Untracked files are invisible to the flake: say so, with a one-click `git add`. */
export function UntrackedNotice({ untracked, onAdd }: Props) {
  if (untracked.length === 0) return null
  const one = untracked.length === 1
  return (
    <div className="notice notice-warning compact" role="status" data-testid="untracked-warning">
      <div className="notice-body">
        <strong>
          {untracked.length} untracked file{one ? '' : 's'}: nix cannot see {one ? 'it' : 'them'}.
        </strong>
        <p className="notice-hint">
          A flake only contains files git knows about. {untracked.slice(0, 3).join(', ')}
          {untracked.length > 3 ? '…' : ''}
        </p>
        <button type="button" onClick={() => onAdd(untracked)}>
          git add {one ? 'it' : 'them'}
        </button>
      </div>
    </div>
  )
}
