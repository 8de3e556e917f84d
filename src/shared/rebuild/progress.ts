// A rebuild's live progress, folded from nix's JSON log: derivations built of expected, paths
// copied and bytes downloaded, which derivations build now (since when, in which phase), and
// whether nix is still evaluating. Counts follow nix's own progress bar: the `builds` and
// `copyPaths` activities report done/expected/running/failed; bytes are the per-path
// `copyPath` / `fileTransfer` progress, or nix's setExpected totals when those are larger.
import { stripAnsi } from '../nix/ansi'
import { parseBuilderFailures } from './failure'
import {
  ActivityType,
  ResultType,
  derivationName,
  type NixLogEntry,
  type NixLogField,
} from './nix-log-parser'
import type { ProgressCounter, RebuildProgress, RunningBuild, TransferProgress } from './types'

/** Activities that mean evaluation is over and the building has begun. */
const buildingActivities: ReadonlySet<number> = new Set([
  ActivityType.realise,
  ActivityType.copyPaths,
  ActivityType.builds,
  ActivityType.build,
  ActivityType.substitute,
  ActivityType.buildWaiting,
])

/** Activities whose numbers still count after they stop (totals include finished ones). */
const countedActivities: ReadonlySet<number> = new Set([
  ActivityType.copyPath,
  ActivityType.fileTransfer,
  ActivityType.builds,
  ActivityType.copyPaths,
])

const maxTailLines = 40
const finishedTailsKept = 32

interface ActivityProgress {
  type: number
  done: number
  expected: number
  running: number
  failed: number
  live: boolean
}

const num = (fields: readonly NixLogField[], i: number): number => {
  const v = fields[i]
  return typeof v === 'number' ? v : 0
}

/** The last `size` lines of a build's log, in a ring (a line costs no copy of the others). */
class LineTail {
  private readonly ring: string[] = []
  /** Where the next line goes once the ring is full (the oldest line). */
  private next = 0

  constructor(private readonly size: number) {}

  push(line: string): void {
    if (this.ring.length < this.size) {
      this.ring.push(line)
      return
    }
    this.ring[this.next] = line
    this.next = this.next + 1 === this.size ? 0 : this.next + 1
  }

  /** Oldest first. */
  lines(): string[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)]
  }
}

function emptyCounter(): ProgressCounter {
  return { done: 0, expected: 0, running: 0, failed: 0 }
}

export class ProgressTracker {
  private phase: RebuildProgress['phase'] = 'idle'
  private evaluationStartedAt: number | null = null
  private evaluationEndedAt: number | null = null
  private readonly activities = new Map<number, ActivityProgress>()
  /** setExpected totals, by the activity type they are about (summed over reporters). */
  private readonly expectedByType = new Map<number, Map<number, number>>()
  private readonly running = new Map<number, RunningBuild>()
  private readonly tails = new Map<number, LineTail>()
  /** Log tails of builds that stopped lately, by derivation (a failure is reported at stop). */
  private readonly finishedTails = new Map<string, string[]>()
  private readonly failed = new Set<string>()
  private transfersDone = 0
  private transfersRunning = 0
  /** The build whose log lines came last (see logLine); forgotten when any build starts or stops. */
  private lastLineId = -1
  private lastTail: LineTail | null = null
  private lastBuild: RunningBuild | null = null

  /** Marks the start of evaluation (the nix command has begun). */
  begin(now: number): void {
    if (this.phase !== 'idle') return
    this.phase = 'evaluating'
    this.evaluationStartedAt = now
  }

  apply(entry: NixLogEntry, now: number): void {
    if (this.phase === 'idle') this.begin(now)
    switch (entry.action) {
      case 'start':
        return this.start(entry.id, entry.type, entry.fields, now)
      case 'stop':
        return this.stop(entry.id)
      case 'result':
        return this.result(entry.id, entry.type, entry.fields)
      case 'msg':
        if (entry.level <= 1) {
          for (const { drvPath } of parseBuilderFailures(entry.msg)) this.failed.add(drvPath)
        }
    }
  }

  private start(id: number, type: number, fields: readonly NixLogField[], now: number): void {
    this.lastLineId = -1
    if (buildingActivities.has(type) && this.phase === 'evaluating') {
      this.phase = 'building'
      this.evaluationEndedAt = now
    }
    this.activities.set(id, { type, done: 0, expected: 0, running: 0, failed: 0, live: true })
    if (type === ActivityType.fileTransfer) this.transfersRunning++
    if (type === ActivityType.build) {
      const drvPath = typeof fields[0] === 'string' ? fields[0] : ''
      this.running.set(id, {
        id,
        drvPath,
        name: derivationName(drvPath),
        machine: typeof fields[1] === 'string' ? fields[1] : '',
        startedAt: now,
        phase: null,
        lastLine: null,
      })
      this.tails.set(id, new LineTail(maxTailLines))
    }
  }

  private stop(id: number): void {
    this.lastLineId = -1
    const activity = this.activities.get(id)
    if (!activity) return
    activity.live = false
    if (activity.type === ActivityType.fileTransfer) {
      this.transfersRunning--
      this.transfersDone++
    }
    const build = this.running.get(id)
    if (build) {
      this.running.delete(id)
      this.finishedTails.delete(build.drvPath)
      this.finishedTails.set(build.drvPath, this.tails.get(id)?.lines() ?? [])
      this.tails.delete(id)
      if (this.finishedTails.size > finishedTailsKept) {
        this.finishedTails.delete(this.finishedTails.keys().next().value!)
      }
    }
    if (!countedActivities.has(activity.type)) this.activities.delete(id)
  }

  private result(id: number, type: number, fields: readonly NixLogField[]): void {
    switch (type) {
      case ResultType.progress: {
        const activity = this.activities.get(id)
        if (!activity) return
        activity.done = num(fields, 0)
        activity.expected = num(fields, 1)
        activity.running = num(fields, 2)
        activity.failed = num(fields, 3)
        return
      }
      case ResultType.setExpected: {
        const about = num(fields, 0)
        let byReporter = this.expectedByType.get(about)
        if (!byReporter) this.expectedByType.set(about, (byReporter = new Map()))
        byReporter.set(id, num(fields, 1))
        return
      }
      case ResultType.setPhase: {
        const build = this.running.get(id)
        if (build && typeof fields[0] === 'string') build.phase = fields[0]
        return
      }
      case ResultType.buildLogLine:
      case ResultType.postBuildLogLine:
        this.addLogLine(id, typeof fields[0] === 'string' ? fields[0] : '')
        return
    }
  }

  /**
   * A builder's log line (a result of type buildLogLine or postBuildLogLine): the same as
   * apply() with that entry, without one. Lines come in runs from one build, so its tail and
   * record are looked up once a run.
   */
  logLine(id: number, line: string, now: number): void {
    if (this.phase === 'idle') this.begin(now)
    this.addLogLine(id, line)
  }

  private addLogLine(id: number, line: string): void {
    if (id !== this.lastLineId) {
      this.lastLineId = id
      this.lastTail = this.tails.get(id) ?? null
      this.lastBuild = this.running.get(id) ?? null
    }
    this.lastTail?.push(line)
    if (this.lastBuild) this.lastBuild.lastLine = line
  }

  private counter(type: number): ProgressCounter {
    const total = emptyCounter()
    for (const a of this.activities.values()) {
      if (a.type !== type) continue
      total.done += a.done
      total.expected += a.expected
      total.running += a.running
      total.failed += a.failed
    }
    return total
  }

  private bytes(type: number): { bytesDone: number; bytesExpected: number } {
    let bytesDone = 0
    let progressExpected = 0
    for (const a of this.activities.values()) {
      if (a.type !== type) continue
      bytesDone += a.done
      progressExpected += a.expected
    }
    let announced = 0
    for (const value of this.expectedByType.get(type)?.values() ?? []) announced += value
    return { bytesDone, bytesExpected: Math.max(progressExpected, announced) }
  }

  /** The last log lines of a build that runs now or stopped lately. */
  logTail(drvPath: string): string[] {
    for (const [id, build] of this.running) {
      if (build.drvPath === drvPath) return this.tails.get(id)?.lines() ?? []
    }
    return [...(this.finishedTails.get(drvPath) ?? [])]
  }

  /** Whether nix has begun to build or copy anything (evaluation is over). */
  get evaluationDone(): boolean {
    return this.phase === 'building'
  }

  snapshot(): RebuildProgress {
    const copies: TransferProgress = {
      ...this.counter(ActivityType.copyPaths),
      ...this.bytes(ActivityType.copyPath),
    }
    const downloads: TransferProgress = {
      done: this.transfersDone,
      expected: this.transfersDone + this.transfersRunning,
      running: this.transfersRunning,
      failed: 0,
      ...this.bytes(ActivityType.fileTransfer),
    }
    return {
      phase: this.phase,
      evaluationStartedAt: this.evaluationStartedAt,
      evaluationEndedAt: this.evaluationEndedAt,
      builds: this.counter(ActivityType.builds),
      copies,
      downloads,
      // A builder's line keeps its colours in the log (the terminal draws them); shown as text
      // beside the build, they were junk ("[1;32m…"). Stripped here, four times a second, not
      // on each of the hundreds of thousands of lines a chatty build prints.
      running: [...this.running.values()].map((b) => ({
        ...b,
        lastLine: b.lastLine === null ? null : stripAnsi(b.lastLine),
      })),
      failed: [...this.failed],
    }
  }
}

export function emptyProgress(): RebuildProgress {
  return new ProgressTracker().snapshot()
}
