import { useEffect, useRef } from 'react'
import type { monaco as Monaco } from '../../editor/monaco-setup'
import type { EditorStore } from './editor-store'

interface Props {
  monaco: typeof Monaco
  store: EditorStore
  path: string
  onSave(path: string): void
  /**
   * False while the last session's tabs are reopened: showing them must not take the focus from
   * what the user is doing meanwhile (a dialog, the palette, the tree).
   */
  focusOnOpen: boolean
  /**
   * Where to put the cursor once (a clicked problem); changes each time it is set. Line 0 only
   * focuses the editor and keeps the file's cursor (a file chosen in quick open).
   */
  reveal: { path: string; line: number; column: number; nonce: number } | null
}

/** One Monaco editor showing the active tab's model; view state is kept per file. */
export function CodeEditor({ monaco, store, path, onSave, focusOnOpen, reveal }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null)
  const viewStates = useRef(new Map<string, Monaco.editor.ICodeEditorViewState | null>())
  const currentPath = useRef<string | null>(null)
  const saveRef = useRef(onSave)
  const focusRef = useRef(focusOnOpen)
  useEffect(() => {
    saveRef.current = onSave
    focusRef.current = focusOnOpen
  }, [onSave, focusOnOpen])

  useEffect(() => {
    if (!host.current) return
    const instance = monaco.editor.create(host.current, {
      theme: 'flakedeck-dark',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: 'selection',
      scrollBeyondLastLine: false,
      bracketPairColorization: { enabled: true },
      folding: true,
      // The enclosing bindings (services.openssh = {…) stay at the top while scrolling.
      stickyScroll: { enabled: true },
      // Enter takes a suggestion only when it changes the text: after a keyword typed in full
      // (`let`), Enter is a new line (editor/nix-keyword-completion.ts).
      acceptSuggestionOnEnter: 'smart',
      model: null,
    })
    instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
      if (currentPath.current) saveRef.current(currentPath.current)
    })
    editor.current = instance
    return () => {
      instance.dispose()
      editor.current = null
    }
  }, [monaco])

  useEffect(() => {
    const instance = editor.current
    if (!instance) return
    if (currentPath.current) viewStates.current.set(currentPath.current, instance.saveViewState())
    const model = store.model(path) ?? null
    instance.setModel(model)
    currentPath.current = path
    const state = viewStates.current.get(path)
    if (state) instance.restoreViewState(state)
    if (focusRef.current) instance.focus()
  }, [store, path])

  useEffect(() => {
    const instance = editor.current
    if (!instance || !reveal || reveal.path !== path) return
    if (reveal.line < 1) {
      instance.focus()
      return
    }
    const position = { lineNumber: reveal.line, column: Math.max(1, reveal.column) }
    instance.setPosition(position)
    instance.revealPositionInCenter(position)
    instance.focus()
  }, [reveal, path])

  return <div className="code-editor" ref={host} data-testid="code-editor" />
}
