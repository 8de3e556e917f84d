import type { AppErrorData } from '../../../shared/errors'

/** A failure as the user sees it: what happened, what to do, and the raw detail folded away. */
export function ErrorNotice({ error, onDismiss }: { error: AppErrorData; onDismiss?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <div className="notice-body">
        <strong className="notice-message">{error.message}</strong>
        {error.hint && <p className="notice-hint">{error.hint}</p>}
        {error.details && (
          <details>
            <summary>Details</summary>
            <pre>{error.details}</pre>
          </details>
        )}
      </div>
      {onDismiss && (
        <button type="button" className="ghost" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  )
}
