import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { appMenuTemplate, isDevelopment } from '../../src/main/electron/app-menu'
import { secureWebPreferences } from '../../src/main/electron/web-preferences'

/** Every item of the menu, submenus included. */
function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu as MenuItemConstructorOptions[]) : []),
  ])
}
const roles = (menu: MenuItemConstructorOptions[]) =>
  items(menu).flatMap((item) => (item.role ? [item.role] : []))
const labels = (menu: MenuItemConstructorOptions[]) => menu.map((m) => m.label)

describe('the app menu', () => {
  const production = appMenuTemplate({
    development: false,
    platform: 'linux',
    appName: 'Flakedeck',
  })
  const development = appMenuTemplate({
    development: true,
    platform: 'linux',
    appName: 'Flakedeck',
  })

  it('has File, Edit, View, Window and Help with the usual roles', () => {
    expect(labels(production)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help'])
    expect(roles(production)).toEqual(
      expect.arrayContaining([
        'quit',
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'togglefullscreen',
        'minimize',
        'about',
      ]),
    )
  })

  it('has no developer tools and no reload in production', () => {
    expect(roles(production)).not.toContain('toggleDevTools')
    expect(roles(production)).not.toContain('reload')
    expect(roles(production)).not.toContain('forceReload')
    expect(JSON.stringify(production)).not.toMatch(/devtools|reload/i)
  })

  it('offers developer tools and reload in development', () => {
    expect(roles(development)).toEqual(
      expect.arrayContaining(['toggleDevTools', 'reload', 'forceReload']),
    )
  })

  it('leaves editing keystrokes to the page (the editor has its own undo)', () => {
    const editing = items(production).filter((i) =>
      ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'].includes(i.role ?? ''),
    )
    expect(editing).toHaveLength(6)
    for (const item of editing) expect(item.registerAccelerator).toBe(false)
  })

  it('puts the app menu first on macOS', () => {
    const mac = appMenuTemplate({ development: false, platform: 'darwin', appName: 'Flakedeck' })
    expect(mac[0]).toMatchObject({ label: 'Flakedeck' })
    expect(roles(mac)).toEqual(expect.arrayContaining(['hide', 'quit', 'close', 'front']))
    expect(roles(mac)).not.toContain('toggleDevTools')
  })

  it('counts only the dev server or FLAKEDECK_DEVTOOLS=1 as development', () => {
    expect(isDevelopment({}, false)).toBe(false)
    // nixpkgs' `electron <app dir>` runs the installed app unpackaged.
    expect(isDevelopment({}, true)).toBe(false)
    expect(isDevelopment({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe(true)
    expect(isDevelopment({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBe(false)
    expect(isDevelopment({ FLAKEDECK_DEVTOOLS: '1' }, true)).toBe(true)
  })

  it('turns the window’s developer tools off unless asked', () => {
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false)
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true)
  })
})
