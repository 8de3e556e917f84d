import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/run-cli'
import { captureIo as captureIoOf } from '../helpers/cli-io'

const captureIo = () => captureIoOf(process.env)

describe('flakedeck command', () => {
  it('lists its commands', async () => {
    const io = captureIo()
    expect(await runCli(['--help'], io)).toBe(0)
    expect(io.stdout).toContain('serve')
  })

  it('has --help for serve', async () => {
    const io = captureIo()
    expect(await runCli(['serve', '--help'], io)).toBe(0)
    expect(io.stdout).toContain('--flake DIR')
    expect(io.stdout).toContain('--port N')
  })

  it('rejects an unknown command and unknown flags', async () => {
    const io = captureIo()
    expect(await runCli(['frobnicate'], io)).toBe(2)
    expect(io.stderr).toContain('unknown command "frobnicate"')
    const io2 = captureIo()
    expect(await runCli(['serve', '--bogus'], io2)).toBe(2)
    expect(io2.stderr).toContain('flakedeck serve --help')
  })

  it('rejects a bad port', async () => {
    const io = captureIo()
    expect(await runCli(['serve', '--port', 'http'], io)).toBe(2)
    expect(io.stderr).toContain('--port must be a whole number')
  })
})
