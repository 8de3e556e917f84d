// Turns nix's JSON log back into the text a person reads in the terminal, close to what nix
// prints with `-L`: messages as they are, "building '…'..." when a build starts, and each line
// of a builder's log prefixed with the derivation's name.
import {
  ActivityType,
  LogLevel,
  ResultType,
  derivationName,
  type NixLogEntry,
  type NixLogItem,
} from './nix-log-parser'

/** Lines for a terminal: \n becomes \r\n (a pty's output already has it, JSON text does not). */
function terminalLines(text: string): string {
  // Most lines (a builder's) have no line break of their own: no regex for them.
  return (text.includes('\n') ? text.replace(/\r?\n/g, '\r\n') : text) + '\r\n'
}

export class NixLogTextRenderer {
  /** Names of the activities whose log lines are shown, by activity id. */
  private readonly names = new Map<number, string>()

  /** @param verbosity activity starts above this level stay silent, as nix's own logger does. */
  constructor(private readonly verbosity: number = LogLevel.talkative) {}

  render(entry: NixLogEntry): string {
    switch (entry.action) {
      case 'msg':
        return terminalLines(entry.msg)
      case 'start': {
        if (entry.type === ActivityType.build || entry.type === ActivityType.postBuildHook) {
          const drv = typeof entry.fields[0] === 'string' ? entry.fields[0] : ''
          this.names.set(entry.id, drv ? derivationName(drv) : `activity ${entry.id}`)
        }
        const silent =
          entry.text === '' ||
          entry.level > this.verbosity ||
          entry.type === ActivityType.buildWaiting
        return silent ? '' : terminalLines(`${entry.text}...`)
      }
      case 'result': {
        if (entry.type !== ResultType.buildLogLine && entry.type !== ResultType.postBuildLogLine) {
          return ''
        }
        const line = typeof entry.fields[0] === 'string' ? entry.fields[0] : ''
        const name = this.names.get(entry.id) ?? `activity ${entry.id}`
        const suffix = entry.type === ResultType.postBuildLogLine ? ' (post-build)' : ''
        return terminalLines(`${name}${suffix}> ${line}`)
      }
      case 'stop':
        this.names.delete(entry.id)
        return ''
    }
  }

  /** Text for the terminal from split items, in order. */
  renderItems(items: readonly NixLogItem[]): string {
    let text = ''
    for (const item of items) text += item.kind === 'text' ? item.text : this.render(item.entry)
    return text
  }
}
