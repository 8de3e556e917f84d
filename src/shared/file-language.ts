/** Monaco's language for a file of a config repo, by its name. */
export function languageFor(path: string): string {
  const name = path.split('/').pop() ?? path
  if (name.endsWith('.nix')) return 'nix'
  if (name === 'flake.lock' || name.endsWith('.json')) return 'json'
  if (name.endsWith('.md')) return 'markdown'
  if (name.endsWith('.sh')) return 'shell'
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml'
  if (name.endsWith('.toml')) return 'ini'
  if (name.endsWith('.lua')) return 'lua'
  if (name.endsWith('.py')) return 'python'
  return 'plaintext'
}
