import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import './context-menu.css'

export interface MenuItem<Id extends string> {
  id: Id
  label: string
  /** The key that does the same without the menu (shown at the right). */
  keys?: string
  danger?: boolean
}

interface Props<Id extends string> {
  /** Names the menu for assistive technology ("Actions for flake.nix"). */
  label: string
  items: MenuItem<Id>[]
  onChoose(id: Id): void
  /** Where it opens (viewport pixels): the pointer, or the row it is for. */
  at: { x: number; y: number }
  /**
   * Closed without a choice: by Escape or Tab (the focus goes back to what the menu is for), or
   * by a click elsewhere or leaving the window (the focus stays where that put it).
   */
  onClose(returnFocus: boolean): void
}

/**
 * A context menu (the WAI-ARIA menu pattern): the first item has the focus, arrows, Home and End
 * move, Enter or Space chooses, Escape, Tab or a click elsewhere closes. It stays inside the
 * window. The caller puts the focus back where it belongs, then acts on the choice.
 */
export function ContextMenu<Id extends string>({ label, items, onChoose, at, onClose }: Props<Id>) {
  const menu = useRef<HTMLUListElement>(null)
  const [position, setPosition] = useState(at)

  useLayoutEffect(() => {
    const element = menu.current
    if (!element) return
    const { width, height } = element.getBoundingClientRect()
    setPosition({
      x: Math.max(0, Math.min(at.x, window.innerWidth - width - 4)),
      y: Math.max(0, Math.min(at.y, window.innerHeight - height - 4)),
    })
    element.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [at])

  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose(false)
    }
    const onBlur = () => onClose(false)
    window.addEventListener('pointerdown', onPointerDown, true)
    window.addEventListener('blur', onBlur)
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true)
      window.removeEventListener('blur', onBlur)
    }
  }, [onClose])

  const onKeyDown = (e: KeyboardEvent) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = entries.indexOf(document.activeElement as HTMLElement)
    const move = (to: number) => entries[(to + entries.length) % entries.length]?.focus()
    switch (e.key) {
      case 'ArrowDown':
        move(at + 1)
        break
      case 'ArrowUp':
        move(at - 1)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(entries.length - 1)
        break
      case 'Escape':
      case 'Tab':
        onClose(true)
        break
      default:
        return // Enter and Space click the focused item
    }
    e.preventDefault()
    e.stopPropagation()
  }

  return (
    <ul
      ref={menu}
      role="menu"
      aria-label={label}
      className="context-menu"
      style={{ left: position.x, top: position.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) => (
        <li key={item.id} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item.danger ? 'context-danger' : undefined}
            onClick={() => onChoose(item.id)}
          >
            <span>{item.label}</span>
            {item.keys && <kbd className="muted">{item.keys}</kbd>}
          </button>
        </li>
      ))}
    </ul>
  )
}
