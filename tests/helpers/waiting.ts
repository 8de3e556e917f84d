// Waiting in tests on what happens outside them: a condition to hold, a process to end.
import { readFileSync } from 'node:fs'

/** Waits until `condition` holds, looking every 20 ms; after `timeoutMs` it fails naming `what`. */
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Alive and not a zombie (a killed process stays a zombie until something reaps it). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}
