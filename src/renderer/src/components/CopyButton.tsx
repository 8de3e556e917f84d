import { useEffect, useState } from 'react'

interface Props {
  /** What goes to the clipboard. */
  text: string
  /** Says what is copied, for screen readers and the tooltip ("Copy the command"). */
  label: string
}

/**
 * A small button that puts `text` on the clipboard and says so. The page's clipboard API works
 * in Electron and on the loopback address of browser mode (a secure context); when it is
 * refused, the button says that instead of pretending.
 */
export function CopyButton({ text, label }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'refused'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  return (
    <button
      type="button"
      className="copy-button"
      aria-label={label}
      title={state === 'refused' ? 'The clipboard refused; select the text instead' : label}
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setState('copied'),
          () => setState('refused'),
        )
      }
    >
      {state === 'copied' ? 'Copied' : state === 'refused' ? 'Not copied' : 'Copy'}
    </button>
  )
}
