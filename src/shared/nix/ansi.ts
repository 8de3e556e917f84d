// nix colours its messages even in JSON logs (and diff-closures always); parsers strip it.
// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g

export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '')
}
