import { generationRevision } from '../../../../shared/generations/format'
import type { Generation } from '../../../../shared/generations/types'
import { formatBytes, formatCount, shortRevision } from '../../../../shared/generations/format'
import { requestShowArea } from '../../app/navigation'
import { requestShowRun } from '../../app/run-request'
import { relativeTime } from '../../../../shared/relative-time'
import { absoluteDate, isProtected, isUsable, storeName, type Pair } from './generations-view'

interface Props {
  generations: Generation[]
  pair: Pair | null
  checked: ReadonlySet<number>
  /** Whether generations can be switched to from here. */
  canSwitch: boolean
  now: number
  onPickFrom(number: number): void
  onPickTo(number: number): void
  onToggleChecked(number: number, on: boolean): void
  onSwitch(generation: Generation): void
  /** Pin (or change the label of) a generation. */
  onPin(generation: Generation): void
  onUnpin(generation: Generation): void
  /** Show what changed in the config source for this generation (the revision chip). */
  onShowRevision(generation: Generation): void
  /** The subject of a commit of the open repo, to show on the revision chip. */
  subjectOf?(rev: string): string | null
  /** Show a commit of the open repo in the Files area's history (message, files, diff). */
  onShowCommit?(rev: string): void
}

const subjectTitle = (subject: string | null | undefined) => (subject ? ` "${subject}"` : '')

/** The profile's generations, newest first, each with its facts, badges and actions. */
export function Timeline(props: Props) {
  const { generations, pair, checked, now } = props
  return (
    <ol className="gen-list" aria-label="Generations">
      {generations.map((g) => {
        const usable = isUsable(g)
        const isFrom = pair?.from === g.number
        const isTo = pair?.to === g.number
        return (
          <li
            key={g.number}
            className={[
              'gen-row',
              g.current ? 'gen-row-current' : '',
              usable ? '' : 'gen-row-broken',
              isFrom || isTo ? 'gen-row-compared' : '',
            ].join(' ')}
            data-testid={`generation-${g.number}`}
          >
            <input
              type="checkbox"
              className="gen-check"
              aria-label={`Select generation ${g.number} for deletion`}
              title={
                isProtected(g)
                  ? `Generation ${g.number} is ${g.current ? 'the current system' : g.booted ? 'the booted system' : 'pinned'} and cannot be deleted`
                  : 'Select for deletion'
              }
              disabled={isProtected(g)}
              checked={checked.has(g.number)}
              onChange={(e) => props.onToggleChecked(g.number, e.target.checked)}
            />
            <div className="gen-main">
              <div className="gen-line">
                <span className="gen-number">#{g.number}</span>
                {g.current && <span className="gen-badge gen-badge-current">current</span>}
                {g.booted && <span className="gen-badge gen-badge-booted">booted</span>}
                {g.pin && (
                  <span
                    className="gen-badge gen-badge-pinned"
                    data-testid={`pin-${g.number}`}
                    title={`Pinned: kept by clean-ups, with a GC root (${absoluteDate(g.pin.pinnedAt)})`}
                  >
                    pinned: {g.pin.label}
                  </span>
                )}
                {g.state !== 'ok' && (
                  <span className="gen-badge gen-badge-broken">
                    {g.state === 'dangling' ? 'store path gone' : 'not valid'}
                  </span>
                )}
                <span className="status-spacer" />
                <time dateTime={new Date(g.date).toISOString()} title={absoluteDate(g.date)}>
                  {relativeTime(g.date, now)}
                </time>
              </div>
              <div className="gen-line gen-facts">
                {g.homeManagerVersion ? (
                  <span title="Home Manager's version (hm-version)">
                    Home Manager {g.homeManagerVersion}
                  </span>
                ) : (
                  <span title="NixOS label">
                    {g.nixosVersion ? `NixOS ${g.nixosVersion}` : 'no NixOS label'}
                  </span>
                )}
                {g.kernelVersion && <span title="Kernel">Linux {g.kernelVersion}</span>}
                {generationRevision(g) && (
                  <button
                    type="button"
                    className="gen-rev"
                    title={`Built from commit ${generationRevision(g)}${subjectTitle(props.subjectOf?.(generationRevision(g)!))}: show what changed in the configuration`}
                    onClick={() => props.onShowRevision(g)}
                  >
                    ⎇ {shortRevision(generationRevision(g)!)}
                    {props.subjectOf?.(generationRevision(g)!) && (
                      <span className="gen-rev-subject" data-testid={`commit-subject-${g.number}`}>
                        {' '}
                        {props.subjectOf(generationRevision(g)!)}
                      </span>
                    )}
                    {g.builtBy?.gitDirty ? ' (uncommitted changes)' : ''}
                  </button>
                )}
                {props.onShowCommit && props.subjectOf?.(generationRevision(g) ?? '') && (
                  <button
                    type="button"
                    className="link gen-rev-history"
                    title="The commit's message, files and diff in the Files area's history"
                    aria-label={`Show commit ${shortRevision(generationRevision(g)!)} in the history`}
                    onClick={() => props.onShowCommit!(generationRevision(g)!)}
                  >
                    in history
                  </button>
                )}
                {g.builtBy && (
                  <button
                    type="button"
                    className="gen-built-by"
                    title={`Built by Flakedeck run #${g.builtBy.runId} (${g.builtBy.host}) from ${g.builtBy.repo}${g.builtBy.flakeLockSha256 ? `; flake.lock sha256 ${g.builtBy.flakeLockSha256.slice(0, 12)}…` : ''}: open its log in Rebuild`}
                    onClick={() => {
                      requestShowRun({ runId: g.builtBy!.runId, repo: g.builtBy!.repo })
                      requestShowArea('rebuild')
                    }}
                  >
                    run #{g.builtBy.runId}
                  </button>
                )}
              </div>
              <div className="gen-line gen-facts">
                <span>{absoluteDate(g.date)}</span>
                {g.closureSize !== null && <span>{formatBytes(g.closureSize)}</span>}
                {g.pathCount !== null && <span>{formatCount(g.pathCount)} paths</span>}
              </div>
              {g.homePackages && g.homePackages.length > 0 && (
                <div
                  className="gen-line gen-facts gen-home-packages"
                  title={g.homePackages.join('\n')}
                  data-testid={`home-packages-${g.number}`}
                >
                  {g.homePackages.length} package{g.homePackages.length === 1 ? '' : 's'}:{' '}
                  {g.homePackages.join(', ')}
                </div>
              )}
              <div className="gen-store-path" title={g.storePath}>
                {storeName(g.storePath)}
              </div>
              {g.problem && (
                <div className="gen-problem" role="note">
                  {g.problem}
                </div>
              )}
            </div>
            <div className="gen-actions">
              <div className="gen-pick" role="group" aria-label={`Compare generation ${g.number}`}>
                <button
                  type="button"
                  className={isFrom ? 'gen-pick-from active' : 'gen-pick-from'}
                  aria-pressed={isFrom}
                  aria-label={`Compare from generation ${g.number}`}
                  title="Compare from this generation"
                  disabled={!usable}
                  onClick={() => props.onPickFrom(g.number)}
                >
                  from
                </button>
                <button
                  type="button"
                  className={isTo ? 'gen-pick-to active' : 'gen-pick-to'}
                  aria-pressed={isTo}
                  aria-label={`Compare to generation ${g.number}`}
                  title="Compare to this generation"
                  disabled={!usable}
                  onClick={() => props.onPickTo(g.number)}
                >
                  to
                </button>
              </div>
              {usable && (
                <button
                  type="button"
                  className="ghost gen-pin"
                  aria-label={g.pin ? `Unpin generation ${g.number}` : `Pin generation ${g.number}`}
                  title={
                    g.pin
                      ? 'Unpin: clean-ups and garbage collection may take it again'
                      : 'Pin: keep it from clean-ups and garbage collection, with a label'
                  }
                  onClick={() => (g.pin ? props.onUnpin(g) : props.onPin(g))}
                >
                  {g.pin ? 'Unpin' : 'Pin…'}
                </button>
              )}
              {props.canSwitch && !g.current && usable && (
                <button
                  type="button"
                  className="gen-switch"
                  aria-label={`Switch to generation ${g.number}`}
                  onClick={() => props.onSwitch(g)}
                >
                  Switch…
                </button>
              )}
            </div>
          </li>
        )
      })}
    </ol>
  )
}
