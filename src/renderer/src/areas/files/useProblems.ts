// Problems nix finds: syntax errors of each open Nix file (parsed as you type, debounced, and on
// save) and the evaluation errors of the last host check. Both become Monaco markers at their
// line and rows of the problems list. A parse is a read of one version of a buffer, keyed by it
// in the query layer: a save right after the debounced parse of the same text asks nix nothing.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Diagnostic } from '../../../../shared/contract'
import { call } from '../../api/client'
import { keys } from '../../data/keys'
import { mergeProblems } from './problem-list'
import type { monaco as Monaco } from '../../editor/monaco-setup'
import type { EditorSnapshot, EditorStore } from './editor-store'

const parseDelayMs = 600

/** Parses of versions typed past are dropped soon; the newest is kept in state. */
const parseKeptMs = 30_000

interface ParseResult {
  model: string
  /** The model's version id the parse read (they only grow, undo included). */
  version: number
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
  const client = useQueryClient()

  const parseNow = useCallback(
    async (path: string) => {
      const model = store.model(path)
      const tab = store.tab(path)
      if (!model || tab?.language !== 'nix') return
      const version = model.getVersionId()
      const content = model.getValue()
      try {
        const diagnostics = await client.fetchQuery({
          queryKey: keys.parse(store.repo, path, model.id, version),
          queryFn: () => call('nix.parse', { repo: store.repo, path, content }),
          gcTime: parseKeptMs,
        })
        setParsed((current) => {
          // The answer for an older version, overtaken by a newer one's, does not count.
          const last = current[path]
          if (last && last.model === model.id && last.version > version) return current
          return { ...current, [path]: { model: model.id, version, diagnostics } }
        })
      } catch {
        // nix missing: the status bar says so; no markers
      }
    },
    [client, store],
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
