// app.*: what the UI asks first: the app's version and shell, and whether nix and git are there.
import { hostname } from 'node:os'
import type { HandlerContext } from '../handler-context'
import type { HandlersOf } from '../handler-types'

export function appHandlers({ app, nix, git }: HandlerContext): HandlersOf<'app'> {
  return {
    'app.status': async () => {
      const [nixInfo, gitVersion] = await Promise.all([nix.detect(), git.version()])
      return {
        version: app.version,
        hostname: hostname(),
        shell: app.shell,
        dataDir: app.dataDir,
        nix: nixInfo,
        git: { found: gitVersion !== null, version: gitVersion },
        initialRepo: app.initialRepo,
      }
    },
  }
}
