// The Inputs service as the app builds it, over the real nix and git on PATH, and nix's own lock
// of a flake to compare with.
import { execFileSync } from 'node:child_process'
import { GitService } from '../../src/main/services/git'
import { InputsService } from '../../src/main/services/inputs/inputs-service'
import { NixService } from '../../src/main/services/nix'
import { createProcessRunner } from '../../src/main/services/process-runner'

/** An InputsService keeping its git cache in `dataDir`; `now` fixes the clock ages are read by. */
export function realInputsService(dataDir: string, now?: () => number): InputsService {
  const runner = createProcessRunner()
  return new InputsService({
    nix: new NixService(runner),
    git: new GitService(runner),
    dataDir,
    ...(now && { now }),
  })
}

/** `nix flake lock` of the flake in `dir`, as a user would run it there. */
export function nixLock(dir: string): void {
  execFileSync('nix', ['--extra-experimental-features', 'nix-command flakes', 'flake', 'lock'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}
