// The Electron transport: one ipcMain handler per contract method, each answering only our own
// window's main frame. Payloads go to the core's dispatcher, which validates them.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { ipcEventChannel, ipcPrefix, methodNames } from '../../shared/channels'
import type { Result } from '../../shared/errors'
import type { Core, ShellHandlers } from '../core/core'

export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: WebContents | null,
  rendererUrl: string,
): boolean {
  if (!window || event.sender !== window) return false
  const frame = event.senderFrame
  if (!frame || frame !== window.mainFrame) return false
  return frame.url.split(/[?#]/)[0] === rendererUrl.split(/[?#]/)[0]
}

export function registerIpc(
  core: Core,
  getWindow: () => WebContents | null,
  rendererUrl: string,
  shellHandlers: ShellHandlers,
): () => void {
  for (const method of methodNames) {
    ipcMain.handle(ipcPrefix + method, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, getWindow(), rendererUrl)) {
        return {
          ok: false,
          error: {
            code: 'bad-request',
            message: 'Refused: the call did not come from the Flakedeck window.',
          },
        }
      }
      return core.dispatch(method, input, shellHandlers)
    })
  }
  const unsubscribe = core.events.subscribe((name, payload) => {
    getWindow()?.send(ipcEventChannel, name, payload)
  })
  return () => {
    unsubscribe()
    for (const method of methodNames) ipcMain.removeHandler(ipcPrefix + method)
  }
}
