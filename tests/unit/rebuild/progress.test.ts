import { describe, expect, it } from 'vitest'
import {
  ActivityType,
  ResultType,
  type NixLogEntry,
} from '../../../src/shared/rebuild/nix-log-parser'
import { ProgressTracker } from '../../../src/shared/rebuild/progress'
import { rebuildProgressSchema, type RebuildProgress } from '../../../src/shared/rebuild/types'
import {
  captured,
  capturedSeries,
  entriesOf,
  type CaptureName,
  type CapturedSeries,
} from './captured'

/** Feeds a capture entry by entry, the clock at 1000 + 10 × index; snapshots after each. */
function replay(name: CaptureName, series: CapturedSeries) {
  const entries = entriesOf(captured(name, series))
  const tracker = new ProgressTracker()
  tracker.begin(1000)
  const snapshots: { entry: NixLogEntry; at: number; progress: RebuildProgress }[] = []
  entries.forEach((entry, i) => {
    const at = 1000 + 10 * (i + 1)
    tracker.apply(entry, at)
    snapshots.push({ entry, at, progress: tracker.snapshot() })
  })
  return { tracker, snapshots, final: tracker.snapshot() }
}

describe.each(capturedSeries)('progress of captured builds of nix %s', (series) => {
  it('is evaluating until the first build activity, then building', () => {
    const { snapshots } = replay('chain-build', series)
    const first = snapshots.findIndex((s) => s.progress.phase === 'building')
    expect(first).toBeGreaterThanOrEqual(0)
    const start = snapshots[first]!.entry
    expect(start.action === 'start' && start.type).toBe(ActivityType.realise)
    expect(snapshots.slice(0, first).every((s) => s.progress.phase === 'evaluating')).toBe(true)
    expect(snapshots[first]!.progress).toMatchObject({
      evaluationStartedAt: 1000,
      evaluationEndedAt: snapshots[first]!.at,
    })
  })

  it('counts builds done of expected, and ends with none running', () => {
    const { snapshots, final } = replay('chain-build', series)
    const done = snapshots.map((s) => s.progress.builds.done)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    expect(Math.max(...snapshots.map((s) => s.progress.builds.expected))).toBe(4)
    expect(final.builds).toEqual({ done: 4, expected: 4, running: 0, failed: 0 })
    expect(final.running).toEqual([])
    expect(final.failed).toEqual([])
    expect(rebuildProgressSchema.parse(final)).toEqual(final)
  })

  it('shows each build while it runs: since when, its phase, its last line', () => {
    const { snapshots } = replay('chain-build', series)
    const libStart = snapshots.find(
      (s) => s.entry.action === 'start' && String(s.entry.fields[0]).endsWith('-lib-1.0.drv'),
    )!
    const whileLib = snapshots.filter((s) => s.progress.running.some((b) => b.name === 'lib-1.0'))
    expect(whileLib.length).toBeGreaterThan(0)
    for (const s of whileLib) {
      const lib = s.progress.running.find((b) => b.name === 'lib-1.0')!
      expect(lib.startedAt).toBe(libStart.at)
      expect(lib.drvPath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-lib-1\.0\.drv$/)
      expect(lib.machine).toBe('')
    }
    const phases = whileLib.map((s) => s.progress.running[0]!.phase)
    expect(phases).toContain('configurePhase')
    expect(phases.at(-1)).toBe('buildPhase')
    expect(whileLib.at(-1)!.progress.running[0]!.lastLine).toBe('compiling lib-1.0')
    // Builds run one after another here: never two at once.
    expect(Math.max(...snapshots.map((s) => s.progress.running.length))).toBe(1)
  })

  it('marks the failed build and keeps its log tail', () => {
    const { tracker, final } = replay('failing-build', series)
    expect(final.builds.failed).toBe(1)
    expect(final.failed).toHaveLength(1)
    expect(final.failed[0]).toMatch(/-broken-1\.0\.drv$/)
    expect(tracker.logTail(final.failed[0]!)).toEqual([
      'configuring broken',
      'compiling broken.c',
      'broken.c:42: error: something went wrong',
    ])
    expect(tracker.logTail('/nix/store/nothing.drv')).toEqual([])
  })

  it('stays in evaluation when evaluation fails', () => {
    const { final, tracker } = replay('eval-error', series)
    expect(final.phase).toBe('evaluating')
    expect(final.evaluationEndedAt).toBeNull()
    expect(tracker.evaluationDone).toBe(false)
  })

  it('does not take what a dry run lists for failures', () => {
    const { final } = replay('dry-run', series)
    expect(final.failed).toEqual([])
    expect(final.builds.done).toBe(0)
  })

  it('counts paths copied from a binary cache, with the bytes nix expects', () => {
    const { final, snapshots } = replay('substitute', series)
    expect(final.copies).toMatchObject({ done: 1, expected: 1, running: 0, failed: 0 })
    // nix announces the NAR size and the download size with setExpected.
    const announced = (type: number) =>
      Math.max(
        ...snapshots.flatMap(({ entry }) =>
          entry.action === 'result' &&
          entry.type === ResultType.setExpected &&
          entry.fields[0] === type
            ? [Number(entry.fields[1])]
            : [0],
        ),
      )
    expect(final.copies.bytesExpected).toBe(announced(ActivityType.copyPath))
    expect(final.downloads.bytesExpected).toBe(announced(ActivityType.fileTransfer))
    expect(final.copies.bytesExpected).toBeGreaterThan(0)
    expect(final.builds).toEqual({ done: 0, expected: 0, running: 0, failed: 0 })
  })
})

describe('progress bookkeeping', () => {
  it('is idle before anything happens', () => {
    expect(new ProgressTracker().snapshot()).toMatchObject({
      phase: 'idle',
      evaluationStartedAt: null,
      running: [],
    })
  })

  // No capture has an HTTP download (tests run offline), so these entries are written out; their
  // shape is nix's: a fileTransfer activity reporting [done, expected] bytes.
  it('adds up file transfers', () => {
    const tracker = new ProgressTracker()
    const url = 'https://cache.example/nar/x.nar.xz'
    tracker.apply(
      { action: 'start', id: 1, level: 0, type: 101, text: '', fields: [url], parent: 0 },
      5,
    )
    tracker.apply(
      { action: 'start', id: 2, level: 0, type: 101, text: '', fields: [url], parent: 0 },
      5,
    )
    tracker.apply({ action: 'result', id: 1, type: 105, fields: [100, 400, 0, 0] }, 6)
    tracker.apply({ action: 'result', id: 2, type: 105, fields: [50, 100, 0, 0] }, 6)
    tracker.apply({ action: 'stop', id: 2 }, 7)
    expect(tracker.snapshot().downloads).toEqual({
      done: 1,
      expected: 2,
      running: 1,
      failed: 0,
      bytesDone: 150,
      bytesExpected: 500,
    })
    // Transfers do not end evaluation: flake inputs are fetched while evaluating.
    expect(tracker.snapshot().phase).toBe('evaluating')
  })

  // nix 2.20+ wraps a git input's fetch in a fetchTree activity with fetchStatus lines (shape
  // from nix's src/libfetchers/git-utils.cc; no capture fetches from a remote, tests are offline).
  it('stays in evaluation while a newer nix fetches a git input', () => {
    const tracker = new ProgressTracker()
    tracker.begin(1)
    const text = "fetching Git repository 'https://example.org/cfg.git'"
    tracker.apply(
      {
        action: 'start',
        id: 7,
        level: 4,
        type: ActivityType.fetchTree,
        text,
        fields: [],
        parent: 0,
      },
      2,
    )
    tracker.apply(
      { action: 'result', id: 7, type: ResultType.fetchStatus, fields: ['Receiving objects: 50%'] },
      3,
    )
    tracker.apply({ action: 'stop', id: 7 }, 4)
    expect(tracker.snapshot()).toMatchObject({ phase: 'evaluating', running: [], failed: [] })
    expect(tracker.evaluationDone).toBe(false)
  })
})

describe("a build's last line", () => {
  // gcc, cargo and meson colour their output in a pty; the log keeps it for the terminal, but
  // the line shown beside the build is text.
  it('is shown without the colours it was printed in', () => {
    const tracker = new ProgressTracker()
    tracker.begin(1)
    const drv = `/nix/store/${'a'.repeat(32)}-hello-2.12.drv`
    tracker.apply(
      {
        action: 'start',
        id: 3,
        level: 3,
        type: ActivityType.build,
        text: '',
        fields: [drv, ''],
        parent: 0,
      },
      2,
    )
    tracker.logLine(
      3,
      '\u001b[01m\u001b[Khello.c:3:1:\u001b[m\u001b[K \u001b[01;35mwarning\u001b[m: unused',
      3,
    )
    expect(tracker.snapshot().running[0]!.lastLine).toBe('hello.c:3:1: warning: unused')
  })
})
