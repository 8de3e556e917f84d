import type { AppErrorData } from '../../../../shared/errors'
import type { NixInfo } from '../../../../shared/contract'
import type { InputsOverview } from '../../../../shared/lockfile/schemas'
import { ErrorNotice } from '../../components/ErrorNotice'

interface Props {
  overview: InputsOverview | null
  readError: AppErrorData | null
  nixProblem: NixInfo['problem']
  busy: boolean
  onUndo(): void
  onCreateLock(): void
  /** Lock inputs flake.nix declares and flake.lock lacks, through a preview like an update. */
  onLock?(names: string[]): void
}

const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ')

/** What is wrong with the flake's inputs as read: each problem in a sentence, with the way out. */
export function OverviewNotices({
  overview,
  readError,
  nixProblem,
  busy,
  onUndo,
  onCreateLock,
  onLock,
}: Props) {
  return (
    <>
      {nixProblem && (
        <ErrorNotice
          error={{
            code: 'unavailable',
            message: `Inputs cannot be updated: ${nixProblem.message}`,
            ...(nixProblem.hint ? { hint: nixProblem.hint } : {}),
          }}
        />
      )}
      {readError && (
        <div className="read-error" data-testid="inputs-read-error">
          <ErrorNotice error={readError} />
          {/flake\.lock/.test(readError.message) && (
            <div className="row">
              <button type="button" className="primary" onClick={onUndo} disabled={busy}>
                Restore flake.lock from the last commit
              </button>
            </div>
          )}
        </div>
      )}
      {overview && overview.undeclared.length > 0 && (
        <div className="notice notice-warning compact" role="note" data-testid="undeclared">
          <div className="notice-body">
            <strong>
              flake.lock still locks {list(overview.undeclared)}, which flake.nix no longer
              declares.
            </strong>
            <p className="notice-hint">
              Run &quot;nix flake lock&quot; to drop{' '}
              {overview.undeclared.length === 1 ? 'it' : 'them'} from flake.lock, or add{' '}
              {overview.undeclared.length === 1 ? 'it' : 'them'} back to flake.nix. Updating{' '}
              {overview.undeclared.length === 1 ? 'it' : 'them'} is refused meanwhile.
            </p>
          </div>
        </div>
      )}
      {overview && overview.unlocked.length > 0 && (
        <div className="notice notice-warning compact" role="note" data-testid="unlocked">
          <div className="notice-body">
            <strong>
              flake.nix declares {list(overview.unlocked)}, which flake.lock does not lock yet.
            </strong>
            <p className="notice-hint">
              Until {overview.unlocked.length === 1 ? 'it is' : 'they are'} locked, nix locks{' '}
              {overview.unlocked.length === 1 ? 'it' : 'them'} afresh on every evaluation.
            </p>
            {onLock && (
              <button type="button" disabled={busy} onClick={() => onLock([...overview.unlocked])}>
                Lock {overview.unlocked.length === 1 ? 'it' : 'them'}…
              </button>
            )}
          </div>
        </div>
      )}
      {overview?.warnings.map((warning) => (
        <div key={warning} className="notice notice-warning compact" role="note">
          <div className="notice-body">
            {warning}
            {!overview.hasLock && warning.includes('no flake.lock') && (
              <div className="row">
                <button type="button" onClick={onCreateLock} disabled={busy || nixProblem !== null}>
                  {busy ? 'Locking…' : 'Create flake.lock'}
                </button>
              </div>
            )}
          </div>
        </div>
      ))}
    </>
  )
}
