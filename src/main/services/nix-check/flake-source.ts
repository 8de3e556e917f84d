import type { NixService } from '../nix'

/**
 * The store paths nix copied a flake to, where the positions in its evaluation errors point;
 * none when nix cannot say. Read without writing flake.lock, like every check.
 */
export async function flakeSourcePaths(
  nix: Pick<NixService, 'run'>,
  flakeRef: string,
): Promise<string[]> {
  const result = await nix.run(['flake', 'metadata', '--json', '--no-write-lock-file', flakeRef], {
    timeoutMs: 60_000,
  })
  if (result.code !== 0) return []
  try {
    const path = (JSON.parse(result.stdout) as { path?: unknown }).path
    return typeof path === 'string' ? [path] : []
  } catch {
    return []
  }
}
