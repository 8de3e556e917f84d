import { useRef } from 'react'
import { useModal } from '../../components/useModal'
import { PredictionPanel } from '../inputs/PredictionPanel'

/**
 * "What does this change?": the working tree (saved edits, uncommitted too) against the last
 * commit, for one host, predicted from evaluation alone. Escape or Close ends it (and the run).
 */
export function WorkingTreePrediction({
  repo,
  host,
  onClose,
}: {
  repo: string
  host: string
  onClose(): void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  useModal(ref)
  return (
    <dialog
      ref={ref}
      className="dialog prediction-dialog"
      aria-labelledby="prediction-dialog-title"
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
    >
      <h2 id="prediction-dialog-title">What does this change? Uncommitted edits against HEAD</h2>
      <div className="dialog-body">
        <PredictionPanel
          repo={repo}
          host={host}
          request={{ ok: true, change: { kind: 'working-tree' } }}
        />
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  )
}
