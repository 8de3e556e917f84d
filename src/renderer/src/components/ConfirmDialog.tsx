import type { ReactNode } from 'react'
import { Dialog } from './Dialog'

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
  return (
    <Dialog title={title} onClose={() => onChoose(null)}>
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
    </Dialog>
  )
}
