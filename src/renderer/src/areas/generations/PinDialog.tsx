import { useState } from 'react'
import type { Generation } from '../../../../shared/generations/types'
import { Dialog } from '../../components/Dialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { usePin } from './useGenerationActions'
import './care.css'

interface Props {
  generation: Generation
  onClose(pinned: boolean): void
}

/** Pins a generation with a short label (or changes the label of a pinned one). */
export function PinDialog({ generation, onClose }: Props) {
  const [label, setLabel] = useState(generation.pin?.label ?? '')
  const { busy, failure, run } = usePin()
  const trimmed = label.trim()

  const save = async () => {
    if (await run(generation.number, trimmed)) onClose(true)
  }

  return (
    <Dialog
      title={`Pin generation #${generation.number}`}
      className="dialog gen-dialog"
      dismissable={!busy}
      onClose={() => onClose(false)}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (trimmed && !busy) void save()
        }}
      >
        <p className="muted">
          A pinned generation survives Flakedeck&apos;s clean-ups, and a GC root in Flakedeck&apos;s
          data folder keeps its store paths from any garbage collection (
          <code>nix-collect-garbage -d</code> too). You can unpin it later.
        </p>
        <label htmlFor="pin-label">Label</label>
        <input
          id="pin-label"
          type="text"
          autoFocus
          maxLength={200}
          placeholder="before the GPU driver change"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
        {failure && <ErrorNotice error={failure} />}
        <div className="dialog-actions">
          <button type="button" disabled={busy} onClick={() => onClose(false)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!trimmed || busy}>
            {busy ? 'Pinning…' : generation.pin ? 'Change the label' : 'Pin'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
