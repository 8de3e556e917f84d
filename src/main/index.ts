// The desktop shell: starts the core inside Electron's main process and opens the window.
// All logic lives in the core's services; this file only wires Electron to them.
import type { BrowserWindow } from 'electron'
import { app, dialog, Menu, shell } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appVersion } from './core/app-version'
import { createCore, type Core } from './core/core'
import { resolveDataDir } from './core/data-dir'
import { toErrorData } from '../shared/app-error'
import { appMenuTemplate, isDevelopment } from './electron/app-menu'
import { electronSqliteBinding } from './electron/native-binding'
import { registerIpc } from './electron/ipc'
import { withNixToolPath } from './services/tool-path'
import { createMainWindow, isExternalHttpUrl, rendererUrl } from './electron/window'

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const appRoot = join(outDir, '..')

let mainWindow: BrowserWindow | null = null
let core: Core | null = null

function initialRepoFromArgs(argv: string[]): string | null {
  const index = argv.indexOf('--flake')
  return index >= 0 ? (argv[index + 1] ?? null) : null
}

async function start(): Promise<void> {
  // Started from a desktop launcher, PATH may lack NixOS's profile directories.
  process.env.PATH = withNixToolPath(process.env.PATH)
  const dataDir = resolveDataDir(process.env, app.getPath('userData'))
  try {
    core = createCore({
      dataDir,
      shell: 'electron',
      appVersion,
      initialRepo: initialRepoFromArgs(process.argv),
      nativeBinding: electronSqliteBinding(appRoot, process.versions.electron),
      recoverInterruptedRuns: true,
    })
  } catch (error) {
    const data = toErrorData(error)
    dialog.showErrorBox(
      'Flakedeck cannot start',
      [data.message, data.hint, data.details].filter(Boolean).join('\n\n'),
    )
    app.exit(1)
    return
  }
  const activeCore = core
  registerIpc(activeCore, () => mainWindow?.webContents ?? null, rendererUrl(outDir), {
    'shell.pickFolder': async () => {
      const options = { title: 'Open a flake repo', properties: ['openDirectory' as const] }
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    'shell.openExternal': async ({ url }) => {
      if (isExternalHttpUrl(url)) await shell.openExternal(url)
      return null
    },
  })
  const development = isDevelopment(process.env, app.isPackaged)
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({ development, platform: process.platform, appName: 'Flakedeck' }),
    ),
  )
  mainWindow = createMainWindow(outDir, {
    icon: join(appRoot, 'resources', 'icon.png'),
    devTools: development,
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault())
})
app.whenReady().then(start, (error: unknown) => {
  console.error(error)
  app.exit(1)
})
app.on('window-all-closed', () => {
  void core?.close()
  app.quit()
})
