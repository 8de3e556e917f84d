// A window that attaches to a running rebuild (a reload, a second window) gets the output so far
// and the seq from which the live events continue: the replay and the events after it are the
// whole output, once, with nothing missing.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GitService } from '../../../src/main/services/git'
import { NixService } from '../../../src/main/services/nix'
import { createProcessRunner } from '../../../src/main/services/process-runner'
import { createPtyRunner } from '../../../src/main/services/pty-runner'
import { RebuildService } from '../../../src/main/services/rebuild/rebuild-service'
import { openDatabase } from '../../../src/main/store/database'
import type { RebuildEvent } from '../../../src/shared/rebuild/types'
import { makeRepo, minimalFlake } from '../../helpers/git-repo'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('attaching to a running rebuild', () => {
  it('replays the output so far, then the events from outputSeq on, each once', async () => {
    const dir = tempDir()
    const repo = makeRepo(join(dir, 'config'), { 'flake.nix': minimalFlake })
    const release = join(dir, 'release')
    const db = openDatabase(join(dir, 'data'))
    cleanups.push(() => void db.close())
    const runner = createProcessRunner()
    const events: RebuildEvent[] = []
    let seen: (() => void) | null = null
    const service: RebuildService = new RebuildService(
      {
        db,
        nix: new NixService(runner),
        git: new GitService(runner),
        pty: createPtyRunner(),
        emit: (event) => {
          events.push(event)
          if (event.name === 'rebuild.output') {
            service.ack(event.payload.runId, event.payload.data.length)
            seen?.()
          }
        },
      },
      { workDir: join(dir, 'work') },
    )
    cleanups.push(() => service.dispose())
    const outputSoFar = () =>
      events.flatMap((e) => (e.name === 'rebuild.output' ? [e.payload.data] : [])).join('')
    const waitForOutput = (text: string) =>
      new Promise<void>((resolve) => {
        seen = () => outputSoFar().includes(text) && resolve()
        seen()
      })

    // A build that prints, then waits for the test before printing the rest.
    const script = `for i in 1 2 3 4 5; do echo "early line $i"; done; while [ ! -e '${release}' ]; do sleep 0.05; done; echo "late line"`
    const { runId, plan } = await service.start({
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
    await waitForOutput('early line 5')

    const [attached, ...others] = service.attach(repo)
    expect(others).toEqual([])
    expect(attached).toMatchObject({ runId, repo, host: 'beta', action: 'build', plan })
    expect(attached!.state.phase).toBe('building')
    expect(attached!.outputTruncated).toBe(false)
    const before = events.filter((e) => e.name === 'rebuild.output')
    expect(attached!.outputSeq).toBe(before.length)
    expect(attached!.output).toBe(outputSoFar())
    expect(attached!.output).toContain('early line 1')
    expect(service.attach(join(dir, 'elsewhere'))).toEqual([])

    writeFileSync(release, '')
    const run = await service.wait(runId)
    expect(run.status).toBe('succeeded')
    const after = events.flatMap((e) =>
      e.name === 'rebuild.output' && e.payload.seq >= attached!.outputSeq ? [e.payload.data] : [],
    )
    const whole = attached!.output + after.join('')
    expect(whole).toBe(service.output(runId))
    expect(whole.match(/early line 1/g)).toHaveLength(1)
    expect(whole).toContain('late line')
    expect(service.attach(repo)).toEqual([])
  })
})
