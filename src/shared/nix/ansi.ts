// nix colours its messages even in JSON logs (and diff-closures always); parsers strip it.
// Every complete escape sequence goes: CSI with any parameters and final byte (colours, cursor
// moves, `ESC [ 2 ~`), OSC ended by BEL or by ST (a terminal title, a hyperlink), and the other
// two-character escapes. What may be the start of one cut off at the end of a chunk (`ESC`,
// `ESC [ 0`) stays, for the log's splitter to wait for the rest; other control characters
// (newlines, tabs) stay too.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ansiPattern = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\^_]/g

export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '')
}
