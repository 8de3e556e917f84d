// A nix whose lock commands (`flake lock`, `flake update`, `--update-input`) can be held: a
// wrapper script put first on PATH for the core under test. `hold()` makes the next lock command
// wait (after saying it started) until `release()`; other commands, and lock commands while no
// hold is set, run the real nix at once. Tests order events through these files, never by time.
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'

export interface SlowNix {
  /** PATH with the wrapper first. */
  path: string
  /** The next lock command waits until release(). */
  hold(): void
  /** Resolves once a held lock command has started (nix has not run yet). */
  started(): Promise<void>
  release(): void
}

function realNix(path: string): string {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, 'nix')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  throw new Error('nix is not on PATH')
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

/**
 * Makes the wrapper in `dir`. `delaySeconds` (for stress runs) makes every lock command sleep
 * first, to widen the windows in which other calls overlap it; no result may depend on it.
 */
export function slowNix(dir: string, options: { delaySeconds?: number } = {}): SlowNix {
  const bin = join(dir, 'bin')
  const gate = join(dir, 'gate')
  mkdirSync(bin, { recursive: true })
  mkdirSync(gate, { recursive: true })
  const basePath = process.env.PATH ?? ''
  const script = `#!/bin/sh
# Test wrapper (see tests/services/inputs/slow-nix.ts).
gate=${quote(gate)}
case " $* " in
  *" --help "*) ;;
  *" flake lock "*|*" flake update "*|*" --update-input "*)
    ${options.delaySeconds ? `sleep ${options.delaySeconds}` : ':'}
    # mv is atomic: only one lock command claims a hold.
    if mv "$gate/hold" "$gate/held.$$" 2>/dev/null; then
      : > "$gate/started"
      while [ ! -e "$gate/release" ]; do sleep 0.05; done
    fi
    ;;
esac
exec ${quote(realNix(basePath))} "$@"
`
  writeFileSync(join(bin, 'nix'), script, { mode: 0o755 })
  return {
    path: `${bin}${delimiter}${basePath}`,
    hold: () => {
      rmSync(join(gate, 'started'), { force: true })
      rmSync(join(gate, 'release'), { force: true })
      writeFileSync(join(gate, 'hold'), '')
    },
    started: async () => {
      // A bound only so a broken wrapper fails the test instead of hanging it.
      for (let waited = 0; !existsSync(join(gate, 'started')); waited += 20) {
        if (waited > 120_000) throw new Error('the held nix command never started')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    release: () => writeFileSync(join(gate, 'release'), ''),
  }
}
