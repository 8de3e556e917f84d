// Stopping a command with everything it started: both runners (plain processes and the pty)
// start each command as the leader of its own process group, so a signal to the group reaches
// nix's builders and sudo's child too.

/** Sends `signal` to the process group `pid` leads, else to `pid` alone; a process gone is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
}
