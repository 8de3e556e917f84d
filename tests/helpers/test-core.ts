// Cores for service tests, made as the browser shell makes them, each on a data folder of its own.
import { afterEach } from 'vitest'
import { createCore, type Core } from '../../src/main/core/core'

export interface TestCoreOptions {
  /** Its data folder; a fresh temporary one by default. */
  dataDir?: string
  /** The environment its processes run in (PATH with a test's stand-in programs). */
  env?: NodeJS.ProcessEnv
}

/**
 * A maker of cores that are closed after the current test. Call it after `useTempDirs()`, whose
 * folders it uses: the cores close before their folders are removed.
 */
export function useCores(
  tempDir: (prefix?: string) => string,
): (options?: TestCoreOptions) => Core {
  const cores: Core[] = []
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close()
  })
  return ({ dataDir = tempDir('flakedeck-data-'), env } = {}) => {
    const core = createCore({
      dataDir,
      shell: 'browser',
      appVersion: '0.0.0-test',
      ...(env && { env }),
    })
    // A test may close a core itself (to start another on its data): the close after it is a no-op.
    const close = core.close
    let closed: Promise<void> | undefined
    core.close = () => (closed ??= close())
    cores.push(core)
    return core
  }
}
