// Keystrokes for a running rebuild (sudo's password), sent one call at a time so they arrive in
// the order typed. A call that fails is never sent again: it may have reached the command before
// the connection broke, and a password typed twice is a wrong password. The user is told instead,
// and what was typed meanwhile is dropped with it, since half of a password is no use either.
import type { AppErrorData } from '../../../../shared/errors'
import { plural } from '../../../../shared/plural'

/** Delivers `data` to the command; rejects when the core refused it or could not be reached. */
export type SendInput = (data: string) => Promise<unknown>

export class TerminalInput {
  private queued = ''
  private sending = false

  constructor(
    private readonly send: SendInput,
    private readonly onFailure: (error: AppErrorData) => void,
    /** Turns what `send` rejected with into the core's error (api/client's errorData). */
    private readonly describe: (error: unknown) => AppErrorData,
  ) {}

  type(data: string): void {
    this.queued += data
    void this.pump()
  }

  private async pump(): Promise<void> {
    if (this.sending) return
    this.sending = true
    try {
      while (this.queued) {
        const data = this.queued
        this.queued = ''
        try {
          await this.send(data)
        } catch (error) {
          const dropped = this.queued.length
          this.queued = ''
          this.onFailure(inputFailure(this.describe(error), data.length, dropped))
        }
      }
    } finally {
      this.sending = false
    }
  }
}

/** What the user reads: whether the keys may have arrived, and that nothing is sent twice. */
export function inputFailure(cause: AppErrorData, sent: number, dropped: number): AppErrorData {
  const meanwhile =
    dropped > 0 ? ` The ${plural(dropped, 'character')} typed after them were not sent.` : ''
  if (cause.code === 'unavailable') {
    // The request may have been delivered before the connection broke.
    return {
      code: cause.code,
      message: `What you typed in the terminal (${plural(sent, 'character')}) may not have reached the command: ${cause.message}${meanwhile}`,
      hint: 'It was not sent again, so nothing is typed twice. Look at the terminal: if the command still waits for input, type it again once Flakedeck is reachable.',
    }
  }
  return {
    code: cause.code,
    message: `${cause.message}${meanwhile}`,
    hint: cause.hint ?? 'Nothing was sent. Type it again when the command asks for it.',
  }
}
