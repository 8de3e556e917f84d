import type { ReactNode } from 'react'
import type { AppErrorData } from '../../../../shared/errors'
import { Dialog } from '../../components/Dialog'
import { ErrorNotice } from '../../components/ErrorNotice'

interface Props {
  /** Names the test ids of its result and progress (`${name}-result`, `${name}-progress`). */
  name: string
  title: string
  busy: boolean
  /** What runs, shown with a spinner while busy. */
  progress: ReactNode
  failure: AppErrorData | null
  /** What was done, once done: the dialog then offers Done only. Null before. */
  result: ReactNode | null
  /** The danger button that starts the task. */
  confirm: { label: string; disabled: boolean; onClick(): void }
  onClose(): void
  /** The choices before the task runs. */
  children: ReactNode
}

/**
 * The frame of a dialog that runs one destructive task (delete generations, clean up): the
 * choices and a preview, then a spinner with progress, the failure if it fails, and what was
 * done. It cannot be closed while the task runs.
 */
export function TaskDialog(props: Props) {
  const { name, busy, failure, result, confirm, onClose } = props
  return (
    <Dialog title={props.title} className="dialog gen-dialog" dismissable={!busy} onClose={onClose}>
      {result !== null ? (
        <div className="dialog-body" role="status" data-testid={`${name}-result`}>
          {result}
        </div>
      ) : (
        <div className="dialog-body">
          {props.children}
          {busy && (
            <div className="gen-loading" role="status" data-testid={`${name}-progress`}>
              <span className="spinner" aria-hidden="true" /> {props.progress}
            </div>
          )}
          {failure && <ErrorNotice error={failure} />}
        </div>
      )}
      <div className="dialog-actions">
        {result !== null ? (
          <button type="button" className="primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy || confirm.disabled}
              onClick={confirm.onClick}
            >
              {confirm.label}
            </button>
          </>
        )}
      </div>
    </Dialog>
  )
}
