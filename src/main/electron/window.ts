// The app window, locked down: isolated, sandboxed preload, no Node in the page, a strict CSP,
// no navigation away, no new windows; http(s) links open in the user's browser.
import { BrowserWindow, dialog, session, shell } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { contentSecurityPolicy } from '../../shared/csp'
import { secureWebPreferences } from './web-preferences'

export function rendererUrl(outDir: string): string {
  const devServer = process.env.ELECTRON_RENDERER_URL
  return devServer ? devServer : pathToFileURL(join(outDir, 'renderer', 'index.html')).href
}

export function isExternalHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
  } catch {
    return false
  }
}

export function createMainWindow(
  outDir: string,
  options: { icon?: string; devTools: boolean },
): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  )

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Flakedeck',
    ...(options.icon ? { icon: options.icon } : {}),
    backgroundColor: '#1e1f24',
    webPreferences: secureWebPreferences(join(outDir, 'preload', 'index.cjs'), {
      devTools: options.devTools,
    }),
  })
  const url = rendererUrl(outDir)
  window.webContents.on('will-navigate', (event, target) => {
    if (target !== url) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    if (isExternalHttpUrl(target)) void shell.openExternal(target)
    return { action: 'deny' }
  })
  // The page refuses to unload while files are unsaved; ask the user instead of silently staying.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Close without saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved changes',
      message: 'Some files have unsaved changes.',
      detail: 'Close Flakedeck anyway? Unsaved changes are lost.',
    })
    if (choice === 0) event.preventDefault()
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
