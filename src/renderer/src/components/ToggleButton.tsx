import type { ReactNode } from 'react'

interface Props {
  on: boolean
  /** What it turns on, for assistive technology ("Match case"). */
  label: string
  /** The tooltip, with its key if it has one. */
  title: string
  onToggle(): void
  /** What it shows ("Aa", ".*"). */
  children: ReactNode
}

/** A small button that turns an option on and off (a search's match case or regex). */
export function ToggleButton({ on, label, title, onToggle, children }: Props) {
  return (
    <button
      type="button"
      className={`ghost icon toggle${on ? ' on' : ''}`}
      aria-pressed={on}
      aria-label={label}
      title={title}
      onClick={onToggle}
    >
      {children}
    </button>
  )
}
