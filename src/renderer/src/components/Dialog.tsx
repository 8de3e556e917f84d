// The one modal dialog of the app. It owns what every dialog must do alike, so no dialog repeats
// it: shown modal when it mounts (the browser keeps Tab inside and puts the rest behind a
// backdrop), the focus in it from the start, Escape closes it (unless told it may not right
// now), and when it goes away the focus returns to what had it before (useModal).
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react'
import { useModal } from './useModal'

interface Props {
  /** The dialog's heading, which also names it. Or name it with `labelledBy` or `label`. */
  title?: ReactNode
  /** The id of a heading the children render (when it must sit inside their layout). */
  labelledBy?: string
  /** A name without a visible heading (a palette). */
  label?: string
  /** Escape, a click on the backdrop if `closeOnBackdrop`, or the caller's own buttons. */
  onClose(): void
  /** False while something runs that closing must not cut short (Escape does nothing then). */
  dismissable?: boolean
  /** A click beside the dialog closes it (palettes: a quick choice, nothing typed is lost). */
  closeOnBackdrop?: boolean
  /** Where the focus starts; by default the browser's choice (an autoFocus field, else the
   * first control). */
  initialFocus?: RefObject<HTMLElement | null>
  /** The element's classes; `dialog` gives the app's dialog look. */
  className?: string
  testId?: string
  children: ReactNode
}

export function Dialog({
  title,
  labelledBy,
  label,
  onClose,
  dismissable = true,
  closeOnBackdrop = false,
  initialFocus,
  className = 'dialog',
  testId,
  children,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useModal(ref)
  // After showModal (an effect declared before this one) has put the focus on its own choice.
  useEffect(() => initialFocus?.current?.focus(), [initialFocus])
  return (
    <dialog
      ref={ref}
      className={className}
      aria-labelledby={title !== undefined ? titleId : labelledBy}
      aria-label={title === undefined && labelledBy === undefined ? label : undefined}
      data-testid={testId}
      onCancel={(event) => {
        // The browser would close the element itself; React owns whether it is there.
        event.preventDefault()
        if (dismissable) onClose()
      }}
      onClick={(event) => {
        if (closeOnBackdrop && event.target === ref.current) onClose()
      }}
    >
      {title !== undefined && <h2 id={titleId}>{title}</h2>}
      {children}
    </dialog>
  )
}
