// Suggestions for a Nix keyword typed in full: the keyword itself first, then the file's words
// that start with it. Monaco offers the document's words only when a language's own providers
// offer nothing, and ranks them alone: in a file with `lets` or `letsencrypt`, the Enter after a
// typed `let` accepted that word instead of opening the indented line, whenever the suggestions
// showed before the key. With the keyword selected and the editor accepting on Enter only a
// suggestion that changes the text (acceptSuggestionOnEnter: 'smart'), Enter after a keyword is
// a new line, indented by the rules in nix-language.ts; Tab or a click still takes a longer word.
import type * as Monaco from 'monaco-editor/editor/editor.api'

/** Words of the file listed after the keyword, at most. */
const maxWords = 50

/** The keyword first, then the distinct words of `text` that start with it, in order seen. */
export function keywordSuggestions(
  word: string,
  keywords: readonly string[],
  text: string,
  wordPattern: RegExp,
): string[] {
  if (!keywords.includes(word)) return []
  const found = new Set<string>([word])
  for (const match of text.matchAll(new RegExp(wordPattern.source, 'g'))) {
    if (found.size > maxWords) break
    if (match[0].startsWith(word)) found.add(match[0])
  }
  return [...found]
}

export function registerNixKeywordCompletion(
  monaco: typeof Monaco,
  languageId: string,
  keywords: readonly string[],
  wordPattern: RegExp,
): void {
  monaco.languages.registerCompletionItemProvider(languageId, {
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position)
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      )
      const labels = keywordSuggestions(word.word, keywords, model.getValue(), wordPattern)
      return {
        suggestions: labels.map((label, i) => ({
          label,
          kind:
            i === 0
              ? monaco.languages.CompletionItemKind.Keyword
              : monaco.languages.CompletionItemKind.Text,
          insertText: label,
          // The keyword is the one selected.
          sortText: i === 0 ? '0' : `1${label}`,
          range,
        })),
      }
    },
  })
}
