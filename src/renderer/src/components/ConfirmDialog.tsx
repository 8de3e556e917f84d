import { useRef, type ReactNode } from 'react'
import { useModal } from './useModal'

export interface ConfirmChoice {
  label: string
  value: string
  kind?: 'primary' | 'danger' | 'plain'
}

interface Props {
  title: string
  children: ReactNode
  choices: ConfirmChoice[]
  onChoose(value: string | null): void
}

/** A modal question with named answers; Escape answers null (cancel). */
export function ConfirmDialog({ title, children, choices, onChoose }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  useModal(ref)
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault()
        onChoose(null)
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">
        {choices.map((c) => (
          <button
            key={c.value}
            type="button"
            className={c.kind === 'primary' ? 'primary' : c.kind === 'danger' ? 'danger' : ''}
            onClick={() => onChoose(c.value)}
          >
            {c.label}
          </button>
        ))}
      </div>
    </dialog>
  )
}
