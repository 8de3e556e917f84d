// Go to file from Nix paths (F12 and Ctrl/Cmd+click on `./hardware.nix`, `imports = [ ./a ]`)
// and the outline of a file's bindings (Ctrl/Cmd+Shift+O, sticky scroll), for the nix language.
// The repo's files and how to open one come from the Files area (setNixNavigation).
import type * as Monaco from 'monaco-editor/editor/editor.api'
import { nixOutline, type NixSymbol } from '../../../shared/nix/nix-outline'
import { pathLiteralAt, resolvePathLiteral } from '../../../shared/nix/nix-paths'
import { nixLanguageId } from './nix-language'

interface NavigationContext {
  repo: string
  files: ReadonlySet<string>
  /** Opens a repo file, at a line when given (1-based). */
  open(path: string, line: number | null, column: number | null): void
}

let context: NavigationContext | null = null

/** The open repo's files and opener; null when no repo is open. */
export function setNixNavigation(next: NavigationContext | null): void {
  context = next
}

/** The repo-relative path of a model's file:// URI (see EditorStore.uri), or null. */
function repoPath(uri: Monaco.Uri): string | null {
  if (!context || uri.scheme !== 'file') return null
  const prefix = `${context.repo.replace(/\/+$/, '')}/`
  return uri.path.startsWith(prefix) ? uri.path.slice(prefix.length) : null
}

function toSymbol(monaco: typeof Monaco, symbol: NixSymbol): Monaco.languages.DocumentSymbol {
  const range = (r: NixSymbol['range']) => ({
    startLineNumber: r.startLine,
    startColumn: r.startColumn,
    endLineNumber: r.endLine,
    endColumn: r.endColumn,
  })
  return {
    name: symbol.name,
    detail: '',
    kind: symbol.isSet ? monaco.languages.SymbolKind.Module : monaco.languages.SymbolKind.Property,
    tags: [],
    range: range(symbol.range),
    selectionRange: range(symbol.nameRange),
    children: symbol.children.map((c) => toSymbol(monaco, c)),
  }
}

export function registerNixNavigation(monaco: typeof Monaco): void {
  monaco.languages.registerDefinitionProvider(nixLanguageId, {
    provideDefinition(model, position) {
      const from = repoPath(model.uri)
      if (!context || from === null) return null
      const literal = pathLiteralAt(model.getLineContent(position.lineNumber), position.column - 1)
      if (!literal) return null
      const target = resolvePathLiteral(from, literal.text, context.files)
      if (!target) return null
      return {
        uri: monaco.Uri.from({ scheme: 'file', path: `${context.repo}/${target}` }),
        range: new monaco.Range(1, 1, 1, 1),
        // The whole literal is underlined on Ctrl/Cmd+hover, not only the word under the mouse.
        originSelectionRange: new monaco.Range(
          position.lineNumber,
          literal.start + 1,
          position.lineNumber,
          literal.end + 1,
        ),
      } satisfies Monaco.languages.LocationLink & { uri: Monaco.Uri }
    },
  })

  monaco.languages.registerDocumentSymbolProvider(nixLanguageId, {
    displayName: 'Nix bindings',
    provideDocumentSymbols(model) {
      return nixOutline(model.getValue()).map((s) => toSymbol(monaco, s))
    },
  })

  // Monaco's standalone editor opens only the model it shows; another file opens as a tab.
  monaco.editor.registerEditorOpener({
    openCodeEditor(_source, resource, selectionOrPosition) {
      const path = repoPath(resource)
      if (!context || path === null) return false
      const at =
        selectionOrPosition && 'startLineNumber' in selectionOrPosition
          ? { line: selectionOrPosition.startLineNumber, column: selectionOrPosition.startColumn }
          : selectionOrPosition
            ? { line: selectionOrPosition.lineNumber, column: selectionOrPosition.column }
            : null
      // A definition lands on line 1: keep the file's cursor instead (as quick open does).
      const keep = at === null || (at.line === 1 && at.column === 1)
      context.open(path, keep ? null : at.line, keep ? null : at.column)
      return true
    },
  })
}
