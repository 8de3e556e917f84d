import { useRef, useState } from 'react'
import { useModal } from './useModal'

interface Props {
  title: string
  label: string
  initial: string
  confirmLabel: string
  onDone(value: string | null): void
}

/** Asks for one line of text (a file name); Escape cancels. */
export function PromptDialog({ title, label, initial, confirmLabel, onDone }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const [value, setValue] = useState(initial)
  useModal(ref)
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="prompt-title"
      onCancel={(e) => {
        e.preventDefault()
        onDone(null)
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          if (value.trim()) onDone(value.trim())
        }}
      >
        <h2 id="prompt-title">{title}</h2>
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
    </dialog>
  )
}
