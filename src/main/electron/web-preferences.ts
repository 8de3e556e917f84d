// The window's security settings, kept free of Electron imports so a unit test can hold them.

export interface SecureWebPreferences {
  preload: string
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  webSecurity: true
  allowRunningInsecureContent: false
  webviewTag: false
  spellcheck: false
  /** Developer tools only in development (see app-menu.ts); the menu offers them then. */
  devTools: boolean
}

export function secureWebPreferences(
  preload: string,
  options: { devTools: boolean } = { devTools: false },
): SecureWebPreferences {
  return {
    preload,
    devTools: options.devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }
}
