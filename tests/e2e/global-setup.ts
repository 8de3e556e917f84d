// Offline nix settings and a git identity for every Playwright worker (fixtures run nix and git
// in the test process too, not only in `flakedeck serve`).
import setupVitest from '../helpers/global-setup'

export default function globalSetup(): void {
  setupVitest()
}
