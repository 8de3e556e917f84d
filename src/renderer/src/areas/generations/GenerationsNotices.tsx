import type { GenerationTimeline } from '../../../../shared/generations/types'

/** What the last action did (or why it failed), until dismissed. */
export function ActionNotice({ text, onDismiss }: { text: string; onDismiss(): void }) {
  return (
    <div className="notice notice-success compact" role="status">
      <div className="notice-body">{text}</div>
      <button type="button" className="ghost" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  )
}

/** Pins whose generation left the profile: their GC roots still hold store paths. */
export function OrphanPinsNotice({
  pins,
  onUnpin,
}: {
  pins: NonNullable<GenerationTimeline['orphanPins']>
  onUnpin(number: number): void
}) {
  if (pins.length === 0) return null
  return (
    <div className="notice notice-warning compact" role="note" data-testid="orphan-pins">
      <div className="notice-body">
        Pinned generations no longer in this profile still keep their store paths:{' '}
        {pins.map((pin) => (
          <span key={pin.number} className="gen-orphan-pin">
            #{pin.number} “{pin.label}”{' '}
            <button type="button" className="link" onClick={() => onUnpin(pin.number)}>
              Unpin #{pin.number}
            </button>{' '}
          </span>
        ))}
      </div>
    </div>
  )
}

/** Why the closure sizes are missing (nix could not be asked). */
export function ClosureProblemNotice({
  problem,
}: {
  problem: NonNullable<GenerationTimeline['closureProblem']>
}) {
  return (
    <div className="notice notice-warning compact" role="alert">
      <div className="notice-body">
        <strong>Closure sizes are missing: {problem.message}</strong>
        {problem.hint && <p className="notice-hint">{problem.hint}</p>}
      </div>
    </div>
  )
}
