// A window's view of a running rebuild's output: attaching mid-run (a reload, a second window)
// gives the output so far and where its feed goes on, the feed then brings the rest once, and a
// prompt (sudo's password) reaches a window at once, also one that had fallen behind, while what
// it types reaches the command.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { createPtyRunner } from '../../../src/main/services/pty-runner'
import { feedAllowanceChars, skipPaceMs } from '../../../src/main/services/rebuild/run-feed'
import { RebuildService } from '../../../src/main/services/rebuild/rebuild-service'
import { openDatabase } from '../../../src/main/store/database'
import { makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function setup() {
  const dir = tempDir()
  const repo = makeRepo(join(dir, 'config'), { 'flake.nix': minimalFlake })
  const db = openDatabase(join(dir, 'data'))
  cleanups.push(() => void db.close())
  const runner = createProcessRunner()
  const service = new RebuildService(
    {
      db,
      nix: new NixService(runner),
      git: new GitService(runner),
      pty: createPtyRunner(),
      emit: () => {},
    },
    { workDir: join(dir, 'work') },
  )
  cleanups.push(() => service.dispose())
  /** Starts a "rebuild" whose command is this shell script. */
  const run = (script: string) =>
    service.start({
      repo,
      host: 'beta',
      action: 'build',
      mode: 'nixos-rebuild',
      profilePath: join(dir, 'profile'),
      sudo: false,
      extraArgs: [],
      customCommand: `/bin/sh -c "${script.replace(/"/g, '\\"')}"`,
      structuredLog: false,
      confirmBeforeActivate: false,
    })
  return { dir, repo, service, run }
}

describe('a window on a running rebuild', () => {
  it('attaching replays the output so far, then the feed goes on from there, each line once', async () => {
    const { dir, repo, service, run } = setup()
    const release = join(dir, 'release')
    // A build that prints, then waits for the test before printing the rest.
    const { runId, plan } = await run(
      `for i in 1 2 3 4 5; do echo "early line $i"; done; while [ ! -e '${release}' ]; do sleep 0.05; done; echo "late line"`,
    )
    let seen = { data: '', next: 0, nextLine: 0 }
    while (!seen.data.includes('early line 5')) {
      const chunk = await service.feed(runId, seen.next, seen.nextLine, 10_000)
      seen = { data: seen.data + chunk.data, next: chunk.next, nextLine: chunk.nextLine }
    }

    const [attached, ...others] = service.attach(repo)
    expect(others).toEqual([])
    expect(attached).toMatchObject({ runId, repo, host: 'beta', action: 'build', plan })
    expect(attached!.state.phase).toBe('building')
    expect(attached!.outputSkippedLines).toBe(0)
    expect(attached!.output).toBe(seen.data)
    expect(attached!.outputNext).toBe(seen.next)
    expect(attached!.outputNextLine).toBe(seen.nextLine)
    expect(service.attach(join(dir, 'elsewhere'))).toEqual([])

    writeFileSync(release, '')
    let whole = attached!.output
    let at = { next: attached!.outputNext, nextLine: attached!.outputNextLine }
    for (;;) {
      const chunk = await service.feed(runId, at.next, at.nextLine, 10_000)
      expect(chunk.skippedLines).toBe(0)
      whole += chunk.data
      at = chunk
      if (chunk.ended) break
    }
    const record = await service.wait(runId)
    expect(record.status).toBe('succeeded')
    expect(whole).toBe(service.output(runId))
    expect(whole.match(/early line 1/g)).toHaveLength(1)
    expect(whole).toContain('late line')
    expect(service.attach(repo)).toEqual([])
  })

  it('a password prompt reaches a window that had fallen behind at once, and the answer reaches the command', async () => {
    const { service, run } = setup()
    // Much output, then a prompt without a newline that waits for the answer, as sudo does.
    const { runId } = await run(
      'seq 1 40000; stty -echo; printf "[sudo] password for you: "; read answer; stty echo; echo; echo "got [$answer]"',
    )
    // A window that has read nothing yet: it is far behind once the prompt is there.
    let chunk = await service.feed(runId, 0, 0, 10_000)
    while (!chunk.data.endsWith('[sudo] password for you: ')) {
      expect(chunk.ended).toBe(false)
      await new Promise((r) => setTimeout(r, 10)) // let the run read the terminal meanwhile
      chunk = await service.feed(runId, 0, 0, 10_000)
    }
    expect(chunk.next).toBeGreaterThan(feedAllowanceChars)
    expect(chunk.skippedLines).toBeGreaterThan(20_000)
    expect(chunk.data).toContain('40000\r\n[sudo] password for you: ')
    // The command waits for the answer: a caught-up window gets nothing more meanwhile.
    const waited = await service.feed(runId, chunk.next, chunk.nextLine, 200)
    expect(waited).toMatchObject({ data: '', skippedLines: 0, ended: false })
    service.write(runId, 's3cret\r')
    const record = await service.wait(runId)
    expect(record.status).toBe('succeeded')
    const stored = service.output(runId)!
    expect(stored).toContain('got [s3cret]')
    expect(stored).not.toContain('s3cret\r\n')
    expect(stored.split('\r\n').filter((l) => /^\d+$/.test(l))).toHaveLength(40_000)
  })

  it('a window far behind is answered at a slower pace, with the newest lines, and the last ones once the command ends', async () => {
    const { dir, service, run } = setup()
    const release = join(dir, 'release')
    const { runId } = await run(
      `seq 1 30000; while [ ! -e '${release}' ]; do sleep 0.05; done; echo "the last line"`,
    )
    let chunk = await service.feed(runId, 0, 0, 10_000)
    while (!chunk.data.includes('30000\r\n')) {
      await new Promise((r) => setTimeout(r, 10))
      chunk = await service.feed(runId, 0, 0, 10_000)
    }
    // Far behind while the command still runs: the answer waits for the pace, then skips.
    const started = performance.now()
    const behind = await service.feed(runId, 0, 0, 10_000)
    expect(performance.now() - started).toBeGreaterThanOrEqual(skipPaceMs - 5)
    expect(behind.skippedLines).toBeGreaterThan(20_000)
    expect(behind.data.endsWith('29999\r\n30000\r\n')).toBe(true)
    // A caught-up window waits for output as before, and gets the last line when it comes.
    writeFileSync(release, '')
    let rest = ''
    let at: { next: number; nextLine: number; ended: boolean } = behind
    while (!at.ended) {
      const next = await service.feed(runId, at.next, at.nextLine, 10_000)
      expect(next.skippedLines).toBe(0)
      rest += next.data
      at = next
    }
    expect(rest).toContain('the last line')
    expect((await service.wait(runId)).status).toBe('succeeded')
  })

  it('a window far behind when the command ends gets its exact last lines and the end in one answer', async () => {
    const { dir, service, run } = setup()
    const release = join(dir, 'release')
    const { runId } = await run(
      `seq 1 30000; while [ ! -e '${release}' ]; do sleep 0.05; done; seq 30001 60000`,
    )
    let chunk = await service.feed(runId, 0, 0, 10_000)
    while (!chunk.data.includes('30000\r\n')) {
      await new Promise((r) => setTimeout(r, 10))
      chunk = await service.feed(runId, 0, 0, 10_000)
    }
    // The window reads as the page does and stays far behind until the run ends (the order of
    // the last lines and the end is RunFeed's, tested in tests/unit/rebuild/run-feed.test.ts).
    writeFileSync(release, '')
    for (;;) {
      const next = await service.feed(runId, 0, 0, 10_000)
      if (next.ended) {
        expect(next.data.endsWith('59999\r\n60000\r\n')).toBe(true)
        break
      }
    }
    // The tail is exact: whole lines, the skipped count and the lines shown add up to all.
    const last = await service.feed(runId, 0, 0, 10_000)
    expect(last.ended).toBe(true)
    expect(last.data).toMatch(/^\d+\r\n/)
    const shown = last.data.split('\r\n').filter((l) => /^\d+$/.test(l))
    // Skipped: the command's own line, then the numbers before the first shown.
    expect(last.skippedLines).toBe(1 + Number(shown[0]) - 1)
    expect(shown.map(Number)).toEqual(
      Array.from({ length: shown.length }, (_, i) => 60001 - shown.length + i),
    )
    expect((await service.wait(runId)).status).toBe('succeeded')
  })
})
