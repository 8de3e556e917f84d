import type { ReactNode } from 'react'

interface Props {
  /** What it does, for screen readers (and its tooltip unless `title` says more). */
  label: string
  title?: string
  /** Given, the button is a toggle: lit and `aria-pressed` while on. */
  pressed?: boolean
  onClick(): void
  /** The icon: a character or two. */
  children: ReactNode
}

/** A small borderless button showing an icon, as panel headers and toolbars have them. */
export function IconButton({ label, title = label, pressed, onClick, children }: Props) {
  return (
    <button
      type="button"
      className={`ghost icon${pressed ? ' on' : ''}`}
      title={title}
      aria-label={label}
      aria-pressed={pressed}
      onClick={onClick}
    >
      {children}
    </button>
  )
}
