// Which process a running rebuild belongs to, and whether that process is still there. A run is
// recorded with its owner's pid and, on Linux, the boot and the process's start time, so a pid
// that was reused after a restart or a reboot is not taken for the owner.
import { readFileSync } from 'node:fs'

export interface RunOwner {
  pid: number
  /** `<boot id>:<start time in clock ticks>`; null where /proc cannot tell. */
  start: string | null
}

/** The owner identity of process `pid` (this process by default). */
export function runOwner(pid: number = process.pid): RunOwner {
  return { pid, start: processStart(pid) }
}

/** Whether the process that started a run is still running. */
export function ownerAlive(owner: RunOwner): boolean {
  if (!Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (owner.start === null) return true
  const now = processStart(owner.pid)
  // Unreadable now (it just ended, or /proc is hidden): trust the signal check.
  return now === null || now === owner.start
}

function processStart(pid: number): string | null {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces; field 22 is the start.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const start = fields[19]
    return start && /^\d+$/.test(start) ? `${bootId}:${start}` : null
  } catch {
    return null
  }
}
