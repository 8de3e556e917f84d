// The editor contributions Flakedeck uses, instead of monaco-editor's register.all (every one of
// them, about a third of Monaco's code): the first editor waits for all of this to download and
// run. Kept: what an editor of config files does (find, folding, brackets, hover with problems,
// suggestions, links, outline and go to definition, multi-cursor and line editing, the diff
// editor, Monaco's quick pickers). Left out: what needs language services Flakedeck does not
// provide (code actions, code lens, inlay hints, inline completions, rename, parameter hints,
// semantic tokens, linked editing, colour pickers) and debugging or tablet helpers.
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/features/codeEditor/register'
import 'monaco-editor/features/diffEditor/register'
import 'monaco-editor/features/diffEditorBreadcrumbs/register'
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/caretOperations/register'
import 'monaco-editor/features/clipboard/register'
import 'monaco-editor/features/comment/register'
import 'monaco-editor/features/contextmenu/register'
import 'monaco-editor/features/cursorUndo/register'
import 'monaco-editor/features/dnd/register'
import 'monaco-editor/features/documentSymbols/register'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/folding/register'
import 'monaco-editor/features/format/register'
import 'monaco-editor/features/gotoError/register'
import 'monaco-editor/features/gotoLine/register'
import 'monaco-editor/features/gotoSymbol/register'
import 'monaco-editor/features/hover/register'
import 'monaco-editor/features/indentation/register'
import 'monaco-editor/features/lineSelection/register'
import 'monaco-editor/features/linesOperations/register'
import 'monaco-editor/features/links/register'
import 'monaco-editor/features/longLinesHelper/register'
import 'monaco-editor/features/multicursor/register'
import 'monaco-editor/features/quickCommand/register'
import 'monaco-editor/features/quickHelp/register'
import 'monaco-editor/features/quickOutline/register'
import 'monaco-editor/features/readOnlyMessage/register'
import 'monaco-editor/features/smartSelect/register'
import 'monaco-editor/features/snippet/register'
import 'monaco-editor/features/stickyScroll/register'
import 'monaco-editor/features/toggleTabFocusMode/register'
import 'monaco-editor/features/unicodeHighlighter/register'
import 'monaco-editor/features/unusualLineTerminators/register'
import 'monaco-editor/features/wordHighlighter/register'
import 'monaco-editor/features/wordOperations/register'
import 'monaco-editor/features/wordPartOperations/register'
// The suggest widget itself: features/suggest registers only suggestions shown inline, and
// register.all gets the widget through inline completions.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController'
