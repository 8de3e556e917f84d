// Finds nix, reads its version and settings, and runs nix commands with the flags every call
// needs (flakes enabled even where the user's config does not enable them).
import type { NixInfo } from '../../shared/contract'
import { AppError } from '../../shared/app-error'
import type { ProcessRunner, RunOptions, RunResult } from './process-runner'
import {
  capabilitiesFor,
  configShowArgs,
  experimentalFeatures,
  parseNixVersion,
  supportsFlakes,
  type NixVersion,
} from './nix-version'
import { findOnPath } from './path-lookup'

export const flakeFeatureArgs = ['--extra-experimental-features', 'nix-command flakes'] as const

export class NixService {
  private info: Promise<NixInfo> | null = null
  /** Where nix is and its version: all running a command needs, without reading the config. */
  private locating: Promise<NixInfo> | null = null
  private version: NixVersion | null = null

  constructor(
    private readonly runner: ProcessRunner,
    private readonly nixCommand = 'nix',
  ) {}

  /** Detects once per service; `refresh` forces a new look (after the user installs nix). */
  detect(refresh = false): Promise<NixInfo> {
    if (!this.info || refresh) {
      this.locating = this.locate()
      this.info = this.locating.then((found) => this.withConfig(found))
    }
    return this.info
  }

  /** Where nix is and its version, looked at once (detect() looks again on a refresh). */
  private located(): Promise<NixInfo> {
    this.locating ??= this.locate()
    return this.locating
  }

  /** Finds nix and reads its version; `flakesEnabledByConfig` is left false here. */
  private async locate(): Promise<NixInfo> {
    const path = await findOnPath(this.nixCommand, this.runner.baseEnv.PATH)
    const missing: NixInfo = {
      found: false,
      path: null,
      version: null,
      flakesEnabledByConfig: false,
      capabilities: capabilitiesFor(null),
      problem: {
        code: 'nix-missing',
        message: 'Nix was not found on PATH.',
        hint: 'Install nix (https://nixos.org/download) or add it to PATH, then restart Flakedeck. On NixOS it is /run/current-system/sw/bin/nix.',
      },
    }
    if (!path) return missing
    let result: RunResult
    try {
      result = await this.runner.run(path, ['--version'], { timeoutMs: 15_000 })
    } catch (error) {
      return { ...missing, problem: { ...missing.problem!, details: String(error) } }
    }
    const version = parseNixVersion(result.stdout)
    this.version = version
    if (!version) {
      return {
        ...missing,
        found: true,
        path,
        problem: {
          code: 'nix-unsupported',
          message: `Could not read nix's version from "${result.stdout.trim() || result.stderr.trim()}".`,
          hint: 'Check that the nix on PATH is Nix itself (nix --version should print "nix (Nix) 2.x").',
        },
      }
    }
    const found: NixInfo = {
      found: true,
      path,
      version: version.text,
      flakesEnabledByConfig: false,
      capabilities: capabilitiesFor(version),
      problem: null,
    }
    if (!supportsFlakes(version)) {
      return {
        ...found,
        problem: {
          code: 'nix-unsupported',
          message: `Nix ${version.text} has no flakes support (flakes need nix 2.4 or newer).`,
          hint: 'Upgrade nix (on NixOS: nix.package = pkgs.nixVersions.latest), then restart Flakedeck.',
        },
      }
    }
    return found
  }

  /** Adds whether the user's own config enables flakes (shown in the status, not needed to run). */
  private async withConfig(found: NixInfo): Promise<NixInfo> {
    if (found.problem || !found.path) return found
    // Read without our own feature flags: the point is what the user's config enables. Where
    // nix-command is off, the command itself fails, which says the same.
    const configArgs = configShowArgs(found.capabilities)
    let flakesEnabledByConfig = false
    try {
      const config = await this.runner.run(found.path, configArgs, { timeoutMs: 15_000 })
      const features = experimentalFeatures(config.stdout)
      flakesEnabledByConfig =
        config.code === 0 && features.includes('flakes') && features.includes('nix-command')
    } catch {
      // The config could not be read; Flakedeck passes the feature flags itself anyway.
    }
    return { ...found, flakesEnabledByConfig }
  }

  /** The nix to run with what is known of it, or a clear error when none works with flakes. */
  async require(): Promise<{ path: string; info: NixInfo }> {
    return usable(await this.detect())
  }

  /**
   * Runs `nix <args>` with flakes enabled; the caller checks the exit code. The command starts
   * as soon as nix is found, while its version is checked: a nix too old for flakes refuses the
   * feature flag anyway, so nothing runs on it, and a quick command (`flakedeck inputs`) waits
   * for neither `nix --version` nor `nix config show`.
   */
  async run(args: readonly string[], options?: RunOptions): Promise<RunResult> {
    const path = await this.startablePath()
    return this.whenUsable(this.runner.run(path, [...flakeFeatureArgs, ...args], options))
  }

  async runChecked(args: readonly string[], options?: RunOptions): Promise<RunResult> {
    const path = await this.startablePath()
    return this.whenUsable(this.runner.runChecked(path, [...flakeFeatureArgs, ...args], options))
  }

  /** The command's result, or first of all the reason this nix cannot be used, if there is one. */
  private async whenUsable<T>(command: Promise<T>): Promise<T> {
    const [result, nix] = await Promise.allSettled([command, this.located().then(usable)])
    if (nix.status === 'rejected') throw nix.reason
    if (result.status === 'rejected') throw result.reason
    return result.value
  }

  /** nix's path once it is found; the clear error when it is not there at all. */
  private async startablePath(): Promise<string> {
    const found = this.locating ? null : await findOnPath(this.nixCommand, this.runner.baseEnv.PATH)
    if (found) {
      void this.located().catch(() => undefined) // the version check starts now, beside the command
      return found
    }
    return usable(await this.located()).path
  }

  get parsedVersion(): NixVersion | null {
    return this.version
  }
}

/** The nix described, or the error that says why it cannot be used. */
function usable(info: NixInfo): { path: string; info: NixInfo } {
  if (info.problem || !info.path) {
    const problem = info.problem ?? { code: 'nix-missing', message: 'Nix was not found.' }
    throw new AppError(
      problem.code === 'nix-unsupported' ? 'nix-unsupported' : 'nix-missing',
      problem.message,
      problem.hint ? { hint: problem.hint } : {},
    )
  }
  return { path: info.path, info }
}
