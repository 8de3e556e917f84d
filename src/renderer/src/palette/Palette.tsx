import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { Dialog } from '../components/Dialog'
import './palette.css'

export interface PaletteItem {
  key: string
  label: ReactNode
  detail?: ReactNode
}

interface Props {
  /** The input's accessible name, e.g. "Go to file". */
  label: string
  placeholder: string
  query: string
  onQuery(query: string): void
  items: PaletteItem[]
  /** Shown when nothing matches. */
  empty: string
  /** The items are still coming (the file list); Enter waits for them. */
  loading?: boolean
  onChoose(key: string): void
  onClose(): void
}

/**
 * One palette for quick open and the command palette: a modal combobox over a listbox. Arrow keys,
 * Page Up/Down move, Enter chooses, Escape closes; focus goes back to where it was. Enter typed
 * while the list is still loading chooses the best match once it is there.
 */
export function Palette({
  label,
  placeholder,
  query,
  onQuery,
  items,
  empty,
  loading = false,
  onChoose,
  onClose,
}: Props) {
  const list = useRef<HTMLUListElement>(null)
  const listId = useId()
  const [active, setActive] = useState(0)
  // A ref, not state: it is read once the items arrive and must not render anything itself.
  const enterPending = useRef(false)

  // A new query starts at the best match.
  const [shownQuery, setShownQuery] = useState(query)
  if (shownQuery !== query) {
    setShownQuery(query)
    setActive(0)
  }
  const current = Math.min(active, Math.max(0, items.length - 1))

  useLayoutEffect(() => {
    list.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [current, items])

  useEffect(() => {
    if (!enterPending.current || loading) return
    enterPending.current = false
    const item = items[current]
    if (item) onChoose(item.key)
  }, [loading, items, current, onChoose])

  const move = (delta: number) => {
    if (items.length === 0) return
    setActive(Math.max(0, Math.min(items.length - 1, current + delta)))
  }

  return (
    // Where the user was (the editor, a tree row) gets the focus back, whatever closes it.
    <Dialog label={label} className="palette" onClose={onClose} closeOnBackdrop>
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={items[current] ? `${listId}-${current}` : undefined}
        placeholder={placeholder}
        value={query}
        autoFocus
        spellCheck={false}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          const page = 10
          if (e.key === 'ArrowDown') move(1)
          else if (e.key === 'ArrowUp') move(-1)
          else if (e.key === 'PageDown') move(page)
          else if (e.key === 'PageUp') move(-page)
          else if (e.key === 'Enter') {
            const item = items[current]
            if (loading) enterPending.current = true
            else if (item) onChoose(item.key)
          } else return
          e.preventDefault()
        }}
      />
      <ul ref={list} id={listId} role="listbox" aria-label={label} className="palette-list">
        {items.map((item, index) => (
          <li
            key={item.key}
            id={`${listId}-${index}`}
            data-index={index}
            role="option"
            aria-selected={index === current}
            className={index === current ? 'active' : ''}
            onMouseMove={() => index !== current && setActive(index)}
            onClick={() => onChoose(item.key)}
          >
            <span className="palette-label">{item.label}</span>
            {item.detail && <span className="palette-detail muted">{item.detail}</span>}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p className="muted palette-empty">{empty}</p>}
    </Dialog>
  )
}

/** `text` with the characters at `positions` in <mark>, for a fuzzy match. */
export function Highlighted({ text, positions }: { text: string; positions: readonly number[] }) {
  if (positions.length === 0) return <>{text}</>
  const marked = new Set(positions)
  const parts: ReactNode[] = []
  let run = ''
  let runMarked = false
  const flush = (index: number) => {
    if (run) parts.push(runMarked ? <mark key={index}>{run}</mark> : run)
    run = ''
  }
  for (let i = 0; i < text.length; i++) {
    const isMarked = marked.has(i)
    if (isMarked !== runMarked) {
      flush(i)
      runMarked = isMarked
    }
    run += text[i]
  }
  flush(text.length)
  return <>{parts}</>
}
