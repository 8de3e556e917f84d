import { useTestNixConfig } from './nix-env'

export default function setup(): void {
  useTestNixConfig()
  process.env.GIT_AUTHOR_NAME ??= 'Flakedeck Test'
  process.env.GIT_AUTHOR_EMAIL ??= 'test@flakedeck.invalid'
  process.env.GIT_COMMITTER_NAME ??= 'Flakedeck Test'
  process.env.GIT_COMMITTER_EMAIL ??= 'test@flakedeck.invalid'
}
