import { Dialog } from '../../components/Dialog'
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
  return (
    <Dialog
      title="What does this change? Uncommitted edits against HEAD"
      className="dialog prediction-dialog"
      onClose={onClose}
    >
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
    </Dialog>
  )
}
