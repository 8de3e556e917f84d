import { useEffect, useRef } from 'react'
import type { monaco as Monaco } from '../../editor/monaco-setup'

interface Props {
  monaco: typeof Monaco
  /** Left side (HEAD, or the file on disk); null when it does not exist there. */
  original: string | null
  /** Right side: the open buffer, editable. */
  modified: Monaco.editor.ITextModel
  language: string
}

/** Monaco's diff editor: the original on the left, the live buffer on the right. */
export function DiffView({ monaco, original, modified, language }: Props) {
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!host.current) return
    const left = monaco.editor.createModel(original ?? '', language)
    const diff = monaco.editor.createDiffEditor(host.current, {
      theme: 'flakedeck-dark',
      automaticLayout: true,
      renderSideBySide: true,
      originalEditable: false,
      minimap: { enabled: false },
      fontSize: 13,
    })
    diff.setModel({ original: left, modified })
    return () => {
      diff.setModel(null)
      diff.dispose()
      left.dispose()
    }
  }, [monaco, original, modified, language])
  return <div className="code-editor" ref={host} data-testid="diff-editor" />
}
