// The window's menu: File, Edit, View, Window, Help with Electron's usual roles. Developer tools
// and reload are there only in development; a user's app has neither. Kept free of Electron
// values (types only) so a unit test holds it; index.ts builds the menu from it.
import type { MenuItemConstructorOptions } from 'electron'

export interface AppMenuOptions {
  /** Development: reload, force reload and developer tools are offered. */
  development: boolean
  platform: NodeJS.Platform
  appName: string
}

/**
 * Development means electron-vite's dev server (ELECTRON_RENDERER_URL) in an unpackaged app, or
 * FLAKEDECK_DEVTOOLS=1 on purpose. app.isPackaged alone is not enough: the nix package runs the
 * app with nixpkgs' `electron <dir>`, which Electron counts as unpackaged.
 */
export function isDevelopment(env: NodeJS.ProcessEnv, isPackaged: boolean): boolean {
  if (env.FLAKEDECK_DEVTOOLS === '1') return true
  return !isPackaged && Boolean(env.ELECTRON_RENDERER_URL)
}

const separator: MenuItemConstructorOptions = { type: 'separator' }

/**
 * Editing roles show their shortcut but leave the keystroke to the page (Linux, Windows): the
 * editor's own undo stack and clipboard handling get Ctrl+Z, Ctrl+C and the others first.
 */
const edit = (role: MenuItemConstructorOptions['role']): MenuItemConstructorOptions => ({
  role,
  registerAccelerator: false,
})

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const menus: MenuItemConstructorOptions[] = []
  if (mac) {
    menus.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    })
  }
  menus.push({ label: '&File', submenu: mac ? [{ role: 'close' }] : [{ role: 'quit' }] })
  menus.push({
    label: '&Edit',
    submenu: [
      edit('undo'),
      edit('redo'),
      separator,
      edit('cut'),
      edit('copy'),
      edit('paste'),
      separator,
      edit('selectAll'),
    ],
  })
  const developer: MenuItemConstructorOptions[] = options.development
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator]
    : []
  menus.push({
    label: '&View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  })
  menus.push({
    label: '&Window',
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  })
  menus.push({
    label: '&Help',
    role: 'help',
    submenu: [{ role: 'about', label: `About ${options.appName}` }],
  })
  return menus
}
