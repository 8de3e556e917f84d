// Problems nix finds: syntax errors of each open Nix file (parsed as you type, debounced, and on
// save) and the evaluation errors of the last host check. Both become Monaco markers at their
// line and rows of the problems list.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Diagnostic } from '../../../../shared/contract'
import { call } from '../../api/client'
import { mergeProblems } from './problem-list'
import type { monaco as Monaco } from '../../editor/monaco-setup'
import type { EditorSnapshot, EditorStore } from './editor-store'

const parseDelayMs = 600

interface ParseResult {
  model: string
  diagnostics: Diagnostic[]
}

/** The syntax problems of a tab: those of the last parse of its own model, if any. */
function problemsOf(parsed: Record<string, ParseResult>, path: string, model: string | undefined) {
  const result = parsed[path]
  return result && model !== undefined && result.model === model ? result.diagnostics : []
}

function toMarker(monaco: typeof Monaco, d: Diagnostic): Monaco.editor.IMarkerData {
  const line = Math.max(1, d.line ?? 1)
  const column = Math.max(1, d.column ?? 1)
  return {
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.message,
    startLineNumber: line,
    startColumn: column,
    endLineNumber: line,
    endColumn: column + 1,
    source: 'nix',
  }
}

export function useProblems(
  monaco: typeof Monaco,
  store: EditorStore,
  snapshot: EditorSnapshot,
  evalProblems: Diagnostic[],
) {
  /** The last parse of each path, and the id of the model it parsed (a tab's, while it is open). */
  const [parsed, setParsed] = useState<Record<string, ParseResult>>({})
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  const generation = useRef(new Map<string, number>())

  const parseNow = useCallback(
    async (path: string) => {
      const model = store.model(path)
      const tab = store.tab(path)
      if (!model || tab?.language !== 'nix') return
      const mine = (generation.current.get(path) ?? 0) + 1
      generation.current.set(path, mine)
      try {
        const diagnostics = await call('nix.parse', {
          repo: store.repo,
          path,
          content: model.getValue(),
        })
        if (generation.current.get(path) !== mine) return // a newer parse is on its way
        setParsed((current) => ({ ...current, [path]: { model: model.id, diagnostics } }))
      } catch {
        // nix missing: the status bar says so; no markers
      }
    },
    [store],
  )

  // Parse each open Nix file once, and again a moment after each edit.
  const tabPaths = snapshot.tabs.map((t) => t.path).join('\n')
  useEffect(() => {
    // A closed (or renamed) file's pending parse goes with its tab; results are kept per model,
    // so a reopened file is parsed afresh and shows none of its old problems.
    const open = new Set(tabPaths.split('\n'))
    for (const [path, timer] of timers.current) {
      if (open.has(path)) continue
      clearTimeout(timer)
      timers.current.delete(path)
    }
    for (const path of generation.current.keys()) {
      if (!open.has(path)) generation.current.set(path, (generation.current.get(path) ?? 0) + 1)
    }
    const subscriptions = snapshot.tabs
      .filter((t) => t.language === 'nix')
      .map((tab) => {
        const model = store.model(tab.path)
        if (!model) return null
        if (parsed[tab.path]?.model !== model.id) void parseNow(tab.path)
        return model.onDidChangeContent(() => {
          const pending = timers.current.get(tab.path)
          if (pending) clearTimeout(pending)
          timers.current.set(
            tab.path,
            setTimeout(() => void parseNow(tab.path), parseDelayMs),
          )
        })
      })
    return () => subscriptions.forEach((s) => s?.dispose())
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-subscribe only when the set of tabs changes
  }, [tabPaths, store, parseNow])

  // Markers on every open model.
  useEffect(() => {
    for (const tab of snapshot.tabs) {
      const model = store.model(tab.path)
      if (!model || model.isDisposed()) continue
      monaco.editor.setModelMarkers(
        model,
        'nix-parse',
        problemsOf(parsed, tab.path, model.id).map((d) => toMarker(monaco, d)),
      )
      const evalHere = evalProblems.filter((d) => d.inRepo && d.file === tab.path)
      monaco.editor.setModelMarkers(
        model,
        'nix-eval',
        evalHere.map((d) => toMarker(monaco, d)),
      )
    }
  }, [monaco, store, snapshot.tabs, parsed, evalProblems])

  // Syntax problems are those of the open tabs only, in tab order; a result still on its way for
  // a tab closed meanwhile shows nothing.
  const all = useMemo(
    () =>
      mergeProblems(
        snapshot.tabs.flatMap((t) => problemsOf(parsed, t.path, store.model(t.path)?.id)),
        evalProblems,
      ),
    [store, snapshot.tabs, parsed, evalProblems],
  )
  return { all, parseNow }
}
