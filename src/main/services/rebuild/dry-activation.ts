// What `switch-to-configuration dry-activate` says activating a NixOS system would do to its
// systemd units. Both NixOS's Perl script (switch-to-configuration.pl) and its Rust successor
// (switch-to-configuration-ng) print the same lines on stderr, one per kind, only when the list
// is not empty:
//   would stop the following units: a.service, b.service
//   would NOT stop the following changed units: c.service
//   would stop swap device: /dev/sda2
//   would restart systemd
//   would restart the following units: …
//   would start the following units: …
//   would reload the following units: …
// The output read here is the pty's: \r\n line ends, maybe sudo's prompt and colours around it.
import type { DryActivation, UnitChanges } from '../../../shared/rebuild/types'

const listLines: ReadonlyArray<[RegExp, keyof Omit<UnitChanges, 'restartSystemd'>]> = [
  [/^would stop the following units: (.*)$/, 'stop'],
  [/^would NOT stop the following changed units: (.*)$/, 'skipped'],
  [/^would restart the following units: (.*)$/, 'restart'],
  [/^would start the following units: (.*)$/, 'start'],
  [/^would reload the following units: (.*)$/, 'reload'],
  [/^would stop swap device: (.*)$/, 'swapOff'],
]

// eslint-disable-next-line no-control-regex
const escapeSequence = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(?:\u0007|\u001b\\)/g

/** The output's lines, without terminal escapes and line-end characters. */
function lines(output: string): string[] {
  return output
    .replace(escapeSequence, '')
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
}

export function emptyUnitChanges(): UnitChanges {
  return {
    stop: [],
    restart: [],
    start: [],
    reload: [],
    skipped: [],
    restartSystemd: false,
    swapOff: [],
  }
}

/** The units a dry activation names, by what would happen to them. */
export function parseDryActivation(output: string): UnitChanges {
  const changes = emptyUnitChanges()
  for (const line of lines(output)) {
    if (line === 'would restart systemd') {
      changes.restartSystemd = true
      continue
    }
    for (const [pattern, key] of listLines) {
      const match = pattern.exec(line)
      if (!match) continue
      const names = key === 'swapOff' ? [match[1]!.trim()] : match[1]!.split(', ')
      for (const name of names.map((n) => n.trim())) {
        if (name && !changes[key].includes(name)) changes[key].push(name)
      }
      break
    }
  }
  return changes
}

/**
 * Collects a dry activation's output as it arrives, keeping only what the answer needs (its
 * "would …" lines and its last line), however much the activation script prints.
 */
export class DryActivationOutput {
  private partial = ''
  private readonly kept: string[] = []
  private last: string | null = null

  push(text: string): void {
    const parts = (this.partial + text).split('\n')
    this.partial = parts.pop()!
    // A line longer than any unit list is not one: keep its end only, for the last line.
    if (this.partial.length > 1 << 20) this.partial = this.partial.slice(-4096)
    for (const part of parts) this.line(part)
  }

  /**
   * The dry activation's answer from its exit: the units when it succeeded, else why it could
   * not tell (its exit and the last line it printed).
   */
  result(exit: { exitCode: number; signal: number | null }): DryActivation {
    if (this.partial) this.line(this.partial)
    this.partial = ''
    if (exit.exitCode === 0 && exit.signal === null) {
      return { status: 'known', units: parseDryActivation(this.kept.join('\n')) }
    }
    const how =
      exit.signal !== null ? `was stopped by signal ${exit.signal}` : `exited with ${exit.exitCode}`
    return {
      status: 'unknown',
      reason: `switch-to-configuration dry-activate ${how}${this.last ? `: ${this.last}` : '.'}`,
    }
  }

  private line(raw: string): void {
    // A carriage return inside a line redraws it: what shows is its last part.
    const line = lines(raw)
      .filter((part) => part !== '')
      .at(-1)
    if (!line) return
    this.last = line
    if (line.startsWith('would ')) this.kept.push(line)
  }
}
