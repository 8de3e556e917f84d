import { describe, expect, it } from 'vitest'
import { TerminalInput } from '../../../src/renderer/src/areas/rebuild/terminal-input'
import type { AppErrorData } from '../../../src/shared/errors'

/** A send whose calls the test settles one by one, in the order they were made. */
function controlledSend() {
  const calls: { data: string; settle(error?: AppErrorData): void }[] = []
  const send = (data: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push({
        data,
        // The core's refusal, as the page's client rejects with it.
        settle: (error) => (error ? reject(error) : resolve()),
      })
    })
  return { calls, send }
}

const asErrorData = (e: unknown) => e as AppErrorData

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('terminal input', () => {
  it('sends one call at a time, in the order typed, batching what waits', async () => {
    const { calls, send } = controlledSend()
    const failures: AppErrorData[] = []
    const input = new TerminalInput(send, (e) => failures.push(e), asErrorData)
    input.type('s')
    input.type('3c')
    input.type('ret\r')
    await flush()
    expect(calls.map((c) => c.data)).toEqual(['s'])
    calls[0]!.settle()
    await flush()
    expect(calls.map((c) => c.data)).toEqual(['s', '3cret\r'])
    calls[1]!.settle()
    await flush()
    expect(calls).toHaveLength(2)
    expect(failures).toEqual([])
  })

  it('never sends a failed call again, drops what was typed meanwhile, and says so', async () => {
    const { calls, send } = controlledSend()
    const failures: AppErrorData[] = []
    const input = new TerminalInput(send, (e) => failures.push(e), asErrorData)
    input.type('pass')
    input.type('word\r')
    await flush()
    calls[0]!.settle({
      code: 'unavailable',
      message: 'The Flakedeck server cannot be reached.',
    })
    await flush()
    // Neither the failed keys nor those typed behind them went out again.
    expect(calls.map((c) => c.data)).toEqual(['pass'])
    expect(failures).toHaveLength(1)
    expect(failures[0]!.message).toBe(
      'What you typed in the terminal (4 characters) may not have reached the command: The Flakedeck server cannot be reached. The 5 characters typed after them were not sent.',
    )
    expect(failures[0]!.hint).toMatch(/not sent again, so nothing is typed twice/)
    expect(failures[0]!.message).not.toContain('pass')

    // Typing goes on afterwards: new keys are sent, the old ones still are not.
    input.type('x')
    await flush()
    expect(calls.map((c) => c.data)).toEqual(['pass', 'x'])
  })

  it('passes on the reason the core refused the keys', async () => {
    const { calls, send } = controlledSend()
    const failures: AppErrorData[] = []
    const input = new TerminalInput(send, (e) => failures.push(e), asErrorData)
    input.type('y')
    await flush()
    calls[0]!.settle({
      code: 'conflict',
      message:
        'What you typed did not reach rebuild 3: it is waiting for you to activate or decline the new configuration.',
      hint: 'Nothing was sent. Type it again when the command asks for it.',
    })
    await flush()
    expect(failures).toEqual([
      {
        code: 'conflict',
        message:
          'What you typed did not reach rebuild 3: it is waiting for you to activate or decline the new configuration.',
        hint: 'Nothing was sent. Type it again when the command asks for it.',
      },
    ])
  })
})
