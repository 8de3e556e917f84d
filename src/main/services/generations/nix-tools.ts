// nix-env and nix-store from the same installation as the nix Flakedeck uses, pointed at one
// store. The store is the user's own unless a caller names another (a store URI such as
// `local?store=/tmp/x/store&state=/tmp/x/state`): tests collect garbage in a store of their
// own so they never take another test's paths from the shared /nix/store.
import { dirname, join } from 'node:path'
import type { NixService } from '../nix'
import { findOnPath } from '../path-lookup'
import type { ProcessRunner, RunOptions, RunResult } from '../process-runner'

export type NixTool = 'nix-env' | 'nix-store'

export class NixTools {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly nix: NixService,
    /** A store URI, or null for nix's default store. */
    readonly store: string | null = null,
  ) {}

  /** `--store URI` when a store is named, else nothing: every nix command accepts it. */
  get storeArgs(): string[] {
    return this.store ? ['--store', this.store] : []
  }

  async command(tool: NixTool): Promise<string> {
    const { path } = await this.nix.require()
    return (
      (await findOnPath(join(dirname(path), tool), undefined)) ??
      (await findOnPath(tool, this.runner.baseEnv.PATH)) ??
      tool
    )
  }

  /** Runs the tool against the store; a non-zero exit becomes an error with nix's message. */
  async run(tool: NixTool, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return this.runner.runChecked(await this.command(tool), [...this.storeArgs, ...args], options)
  }

  /** `nix <args>` against the store (the closure cache asks `nix path-info` through this). */
  get nixCli(): Pick<NixService, 'run'> {
    return { run: (args, options) => this.nix.run([...this.storeArgs, ...args], options) }
  }
}
