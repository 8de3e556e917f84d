import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../src/shared/csp'
import { secureWebPreferences } from '../../src/main/electron/web-preferences'

describe('window security', () => {
  it('isolates and sandboxes the page, with no Node', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    })
  })

  it('has a CSP that allows only our own scripts, and blob workers for Monaco', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy.split('; ').map((d) => {
        const [name, ...values] = d.split(' ')
        return [name, values]
      }),
    )
    expect(directives['default-src']).toEqual(["'none'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['worker-src']).toEqual(["'self'", 'blob:'])
    expect(directives['connect-src']).toEqual(["'self'"])
  })
})
