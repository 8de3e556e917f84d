import { useState } from 'react'
import { Dialog } from './Dialog'

interface Props {
  title: string
  label: string
  initial: string
  confirmLabel: string
  onDone(value: string | null): void
}

/** Asks for one line of text (a file name); Escape cancels. */
export function PromptDialog({ title, label, initial, confirmLabel, onDone }: Props) {
  const [value, setValue] = useState(initial)
  return (
    <Dialog title={title} onClose={() => onDone(null)}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          if (value.trim()) onDone(value.trim())
        }}
      >
        <label htmlFor="prompt-value">{label}</label>
        <input
          id="prompt-value"
          type="text"
          autoFocus
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <div className="dialog-actions">
          <button type="button" onClick={() => onDone(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!value.trim()}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
