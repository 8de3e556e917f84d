import { useState } from 'react'
import { PredictionPanel } from '../inputs/PredictionPanel'
import './before-building.css'

interface Props {
  repo: string
  host: string
  /** The profile the rebuild writes: its current generation is the running system compared. */
  profile: string
  /** The start button's words ("Switch", "Build"…), for going on from here. */
  startLabel: string
  /** Opens with the prediction under way (asked for from a finished run's panel). */
  initiallyOpen?: boolean
  onStart(): void
}

/**
 * The first step of the look before switching, which needs no build: what the working tree
 * (saved edits, uncommitted too) changes against the running system, from evaluation alone.
 * Opening it starts the prediction; closing it (or starting the run) stops it.
 */
export function BeforeBuilding({
  repo,
  host,
  profile,
  startLabel,
  initiallyOpen = false,
  onStart,
}: Props) {
  const [open, setOpen] = useState(initiallyOpen)
  if (!open) {
    return (
      <section className="before-building" aria-label="Before building">
        <p
          className="before-building-intro"
          title={`Before building: see which packages the saved edits change against the running system (the current generation of ${profile}) and how much must be built, from evaluation alone.`}
        >
          <strong>Before building:</strong> see which packages the saved edits change against the
          running system (the current generation of <code>{profile}</code>) and how much must be
          built, from evaluation alone.
        </p>
        <button type="button" onClick={() => setOpen(true)}>
          What will this change?
        </button>
      </section>
    )
  }
  return (
    <section className="before-building open" aria-label="Before building">
      <div className="before-building-body">
        <p className="muted small before-building-note">
          The working tree against the current generation of <code>{profile}</code>; nothing is
          built. Unsaved edits in the editor are not part of it.
        </p>
        <PredictionPanel
          repo={repo}
          host={host}
          request={{ ok: true, change: { kind: 'running-system', profile } }}
        />
      </div>
      <div className="before-building-actions">
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
        <button type="button" className="primary" onClick={onStart}>
          Go on: {startLabel}
        </button>
      </div>
    </section>
  )
}
