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
  /** The prefix of the last activity's log lines ("name> "), since lines come in runs of one. */
  private lastId = -1
  private lastType = -1
  private lastPrefix = ''

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
          if (entry.id === this.lastId) this.lastId = -1
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
        return this.logLine(entry.id, entry.type, line)
      }
      case 'stop':
        this.names.delete(entry.id)
        if (entry.id === this.lastId) this.lastId = -1
        return ''
    }
  }

  /** A builder's log line (type buildLogLine or postBuildLogLine) as the terminal shows it. */
  logLine(id: number, type: number, line: string): string {
    return terminalLines(this.logLinePrefix(id, type) + line)
  }

  /**
   * What goes before a builder's log line ("name> "): a line without a line break of its own
   * (as nix's JSON has none) is shown as this prefix, the line and "\r\n".
   */
  logLinePrefix(id: number, type: number): string {
    if (id !== this.lastId || type !== this.lastType) {
      const name = this.names.get(id) ?? `activity ${id}`
      const suffix = type === ResultType.postBuildLogLine ? ' (post-build)' : ''
      this.lastPrefix = `${name}${suffix}> `
      this.lastId = id
      this.lastType = type
    }
    return this.lastPrefix
  }

  /** Text for the terminal from split items, in order. */
  renderItems(items: readonly NixLogItem[]): string {
    let text = ''
    for (const item of items) text += item.kind === 'text' ? item.text : this.render(item.entry)
    return text
  }
}
