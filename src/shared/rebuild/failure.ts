// Which derivation failed, and its last log lines, from nix's error messages. nix 2.8 prints
// "error: builder for '/nix/store/…drv' failed with exit code N;" (the JSON message has no ";"
// and no log), later 2.x add "last N log lines:" with "> " lines, and newer nix prints
// "error: Cannot build '/nix/store/…drv'." with "Reason: builder failed with exit code N." and
// "Last N log lines:".
import { stripAnsi } from '../nix/ansi'
import { derivationName } from './nix-log-parser'
import type { FailedDerivation } from './types'

export interface BuilderFailure {
  drvPath: string
  /** null when the builder died of a signal or the message names no code. */
  exitCode: number | null
}

const drv = String.raw`'(\/[^'\s]+\.drv)'`
const builderFailed = new RegExp(
  String.raw`builder for ${drv} failed(?: with exit code (\d+)| due to signal \d+)?`,
  'g',
)
const cannotBuild = new RegExp(
  String.raw`Cannot build ${drv}\.(?:\s*Reason: builder failed(?: with exit code (\d+))?)?`,
  'g',
)

/** Every builder failure named in `text` (messages or terminal output), first mention first. */
export function parseBuilderFailures(text: string): BuilderFailure[] {
  const plain = stripAnsi(text)
  const found = new Map<string, BuilderFailure>()
  const hits: { index: number; failure: BuilderFailure }[] = []
  for (const pattern of [builderFailed, cannotBuild]) {
    for (const match of plain.matchAll(pattern)) {
      hits.push({
        index: match.index,
        failure: { drvPath: match[1]!, exitCode: match[2] ? Number(match[2]) : null },
      })
    }
  }
  hits.sort((a, b) => a.index - b.index)
  for (const { failure } of hits) {
    const known = found.get(failure.drvPath)
    if (!known) found.set(failure.drvPath, failure)
    else if (known.exitCode === null) known.exitCode = failure.exitCode
  }
  return [...found.values()]
}

/**
 * The "last N log lines:" blocks nix prints in text errors, by derivation: each block follows
 * the error naming its derivation, and its lines start with "> ".
 */
export function textLogTails(text: string): Map<string, string[]> {
  const tails = new Map<string, string[]>()
  let current: string | null = null
  let inTail = false
  for (const raw of stripAnsi(text).split('\n')) {
    const line = raw.replace(/\r$/, '')
    const named = /(?:builder for|Cannot build) '(\/[^'\s]+\.drv)'/.exec(line)
    if (named) {
      current = named[1]!
      inTail = false
      continue
    }
    if (current && /^\s*last \d+ log lines:\s*$/i.test(line)) {
      inTail = true
      tails.set(current, [])
      continue
    }
    const logLine = /^\s*> ?(.*)$/.exec(line)
    if (inTail && current && logLine) {
      tails.get(current)!.push(logLine[1]!)
    } else if (inTail) {
      inTail = false
    }
  }
  return tails
}

/**
 * The failed derivations of a run, with log tails: from the build's own log lines (`tailFor`,
 * from the JSON log) when there are any, else from the text nix printed.
 */
export function failedDerivations(
  messages: string,
  text: string,
  tailFor: (drvPath: string) => readonly string[],
): FailedDerivation[] {
  const failures = parseBuilderFailures(messages + '\n' + text)
  const fromText = textLogTails(text)
  return failures.map(({ drvPath, exitCode }) => {
    const tail = tailFor(drvPath)
    return {
      drvPath,
      name: derivationName(drvPath),
      exitCode,
      logTail: tail.length > 0 ? [...tail] : (fromText.get(drvPath) ?? []),
    }
  })
}
