// Asks nix about the flake the way the editor needs it: does this buffer parse, which hosts does
// the flake define, does a host evaluate; every answer comes back as diagnostics at a line.
import { dirname, join } from 'node:path'
import type { Diagnostic, Settings } from '../../../shared/contract'
import {
  parseInternalJsonDiagnostics,
  parseNixErrorText,
  type NixDiagnostic,
} from '../../../shared/nix/diagnostics'
import { AppError } from '../../../shared/app-error'
import type { RepoPath } from '../files/repo-paths'
import type { NixService } from '../nix'
import { findOnPath } from '../path-lookup'
import type { ProcessRunner, RunResult } from '../process-runner'
import { toRepoDiagnostic } from './diagnostics-mapper'
import { flakeSourcePaths } from './flake-source'

/**
 * A check never writes flake.lock: nix would otherwise lock a new input of flake.nix behind the
 * user's back, over whatever another window or the Inputs area wrote meanwhile.
 */
const readOnly = ['--no-write-lock-file'] as const

const evalTimeoutMs = 300_000

/** A nix attribute path element, quoted when it is not a plain identifier. */
export function attrName(name: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(name) ? name : JSON.stringify(name)
}

function diagnosticsOf(result: RunResult): NixDiagnostic[] {
  const fromJson = parseInternalJsonDiagnostics(result.stderr)
  return fromJson.length > 0 ? fromJson : parseNixErrorText(result.stderr)
}

export class NixCheckService {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly nix: NixService,
    private readonly settings: () => Settings,
  ) {}

  /** Syntax errors of a buffer (unsaved text included), placed in `path`. */
  async parse(repo: string, path: RepoPath, content: string): Promise<Diagnostic[]> {
    const { path: nixPath } = await this.nix.require()
    const instantiate = join(dirname(nixPath), 'nix-instantiate')
    const result = await this.runner.run(instantiate, ['--parse', '-'], {
      input: content,
      cwd: repo,
      timeoutMs: 30_000,
    })
    if (result.code === 0) return []
    return parseNixErrorText(result.stderr)
      .filter((d) => d.severity === 'error')
      .map((d) => ({
        severity: d.severity,
        message: d.message,
        file: path,
        inRepo: true,
        line: d.line,
        column: d.column,
        trace: [],
      }))
  }

  /** The store paths nix copied this repo's flake to (evaluation errors point into them). */
  sourcePaths(repo: string): Promise<string[]> {
    return flakeSourcePaths(this.nix, repo)
  }

  private async mapped(repo: string, diagnostics: NixDiagnostic[]): Promise<Diagnostic[]> {
    const needsSource = diagnostics.some((d) => d.file?.startsWith('/nix/store/'))
    const sources = needsSource ? await this.sourcePaths(repo) : []
    // "Git tree '…' is dirty" is the repo's state, shown in the status bar, not a problem to fix.
    return diagnostics
      .filter((d) => !(d.severity === 'warning' && /^Git tree '.*' is dirty$/.test(d.message)))
      .map((d) => toRepoDiagnostic(d, repo, sources))
  }

  async hosts(
    repo: string,
  ): Promise<{ hosts: string[]; error: Diagnostic | null; diagnostics: Diagnostic[] }> {
    const result = await this.nix.run(
      [
        'eval',
        '--json',
        ...readOnly,
        `${repo}#nixosConfigurations`,
        '--apply',
        'builtins.attrNames',
        '--log-format',
        'internal-json',
      ],
      { timeoutMs: evalTimeoutMs },
    )
    const diagnostics = await this.mapped(repo, diagnosticsOf(result))
    if (result.code === 0) {
      const hosts = JSON.parse(result.stdout) as string[]
      return { hosts, error: null, diagnostics }
    }
    const error = diagnostics.find((d) => d.severity === 'error') ?? {
      severity: 'error' as const,
      message: result.stderr.trim().split('\n').pop() ?? 'nix eval failed',
      file: null,
      inRepo: false,
      line: null,
      column: null,
      trace: [],
    }
    if (/does not provide attribute .*nixosConfigurations/.test(error.message)) {
      return { hosts: [], error: null, diagnostics: diagnostics.filter((d) => d !== error) }
    }
    return { hosts: [], error, diagnostics }
  }

  /** Evaluates a host's system (no build): its derivation path, or why it does not evaluate. */
  async checkHost(
    repo: string,
    host: string,
  ): Promise<{ ok: boolean; drvPath: string | null; diagnostics: Diagnostic[] }> {
    const attr = `nixosConfigurations.${attrName(host)}.config.system.build.toplevel.drvPath`
    const result = await this.nix.run(
      ['eval', '--raw', ...readOnly, `${repo}#${attr}`, '--log-format', 'internal-json'],
      {
        timeoutMs: evalTimeoutMs,
      },
    )
    const diagnostics = await this.mapped(repo, diagnosticsOf(result))
    if (result.code === 0) return { ok: true, drvPath: result.stdout.trim(), diagnostics }
    if (!diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push({
        severity: 'error',
        message: result.stderr.trim().split('\n').pop() ?? `nix eval failed (exit ${result.code})`,
        file: null,
        inRepo: false,
        line: null,
        column: null,
        trace: [],
      })
    }
    return { ok: false, drvPath: null, diagnostics }
  }

  async format(
    repo: string,
    path: RepoPath,
    content: string,
  ): Promise<{ content: string; formatter: string }> {
    const formatter = this.settings().formatter
    const program = await findOnPath(formatter, this.runner.baseEnv.PATH)
    if (!program) {
      const install = formatter === 'nixfmt' ? 'nixfmt-rfc-style' : 'alejandra'
      throw new AppError(
        'formatter-missing',
        `${formatter} is not on PATH, so Flakedeck cannot format.`,
        {
          hint: `Install it (NixOS: add pkgs.${install} to environment.systemPackages; elsewhere: nix profile install nixpkgs#${install}), or choose ${formatter === 'nixfmt' ? 'alejandra' : 'nixfmt'} in the Formatter setting beside the Format button.`,
        },
      )
    }
    const args = formatter === 'alejandra' ? ['--quiet', '-'] : []
    const result = await this.runner.run(program, args, {
      input: content,
      cwd: repo,
      timeoutMs: 30_000,
    })
    if (result.code !== 0) {
      throw new AppError('command-failed', `${formatter} could not format ${path}.`, {
        hint: 'Fix the syntax errors first; a formatter needs a file that parses.',
        details: result.stderr,
      })
    }
    return { content: result.stdout, formatter }
  }
}
