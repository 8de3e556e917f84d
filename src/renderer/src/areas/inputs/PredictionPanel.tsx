import { useMemo, useState } from 'react'
import type { Diagnostic } from '../../../../shared/contract'
import { describeVersions } from '../../../../shared/generations/format'
import type { RevisionChange } from '../../../../shared/lockfile/schemas'
import { buildOnlySummary, predictionHeadline } from '../../../../shared/predict/headline'
import { overridesFromChanges } from '../../../../shared/predict/overrides'
import type { PredictChange, PredictionResult } from '../../../../shared/predict/types'
import { ChangeFilters } from '../../components/ChangeFilters'
import { ChangeList } from '../../components/ChangeList'
import { emptyFilter } from '../../components/change-filter'
import { requestOpenFile } from '../../app/navigation'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useChangeFilter } from '../../components/useChangeFilter'
import { useHosts } from '../../data/useHosts'
import { PredictionHosts } from './PredictionHosts'
import { Running } from './PredictionRunning'
import { usePrediction } from './usePrediction'
import './prediction.css'

function where(d: Diagnostic): string {
  return d.file ? `${d.file}${d.line ? `:${d.line}` : ''}${d.column ? `:${d.column}` : ''}` : ''
}

/** What to predict: a change, or why the change cannot be predicted. */
export type PredictRequest = { ok: true; change: PredictChange } | { ok: false; reason: string }

/** An Inputs preview's lock changes as a prediction request (null: nothing changes). */
export function requestFromLockChanges(changes: readonly RevisionChange[]): PredictRequest | null {
  const found = overridesFromChanges(changes)
  if (!found.ok) return found
  return found.overrides.length > 0
    ? { ok: true, change: { kind: 'overrides', overrides: found.overrides } }
    : null
}

/**
 * What a change does to a host, before it is applied or built: the packages of the system that
 * change (the Generations comparison's list and filters), the reboot-bound ones named first,
 * what changes only to build it, and how much nix must build or fetch. `host` fixes the host;
 * otherwise the flake's first, with a choice when it has several.
 */
export function PredictionPanel({
  repo,
  request,
  host: fixedHost,
}: {
  repo: string
  request: PredictRequest
  host?: string
}) {
  const { hosts, error: hostsError } = useHosts(repo)
  const [chosenHost, setHost] = useState<string | null>(null)
  // Several hosts and none picked: every host's headline, one after the other.
  const everyHost = !fixedHost && hosts !== null && hosts.length > 1 && chosenHost === null
  const host = fixedHost ?? chosenHost ?? (everyHost ? null : (hosts?.[0] ?? null))
  const { run, running, progress, again, stop } = usePrediction(
    repo,
    host,
    request.ok ? request.change : null,
  )

  if (!request.ok) {
    return (
      <section className="prediction" aria-label="What this changes">
        <h3>What this changes in the system</h3>
        <p className="muted">{request.reason}</p>
      </section>
    )
  }

  return (
    <section className="prediction" aria-label="What this changes">
      <header className="prediction-head">
        <h3>What this changes in the system</h3>
        {!fixedHost && hosts && hosts.length > 1 && (
          <select
            aria-label="Host"
            value={host ?? ''}
            onChange={(e) => setHost(e.target.value || null)}
          >
            <option value="">Every host</option>
            {hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        )}
        {(fixedHost || hosts?.length === 1) && <span className="muted">host {host}</span>}
        <span className="status-spacer" />
        {running && (
          <button type="button" onClick={stop}>
            Stop
          </button>
        )}
      </header>
      {hostsError && (
        <p className="muted">The flake&apos;s hosts could not be read: {hostsError.message}</p>
      )}
      {hosts && !hostsError && hosts.length === 0 && (
        <p className="muted">
          This flake defines no nixosConfigurations, so there is no system to predict.
        </p>
      )}
      {everyHost && request.ok && (
        <PredictionHosts
          key={JSON.stringify(request.change)}
          repo={repo}
          hosts={hosts}
          change={request.change}
          onPick={setHost}
        />
      )}
      {running && <Running progress={progress} />}
      {run?.kind === 'cancelled' && (
        <p className="muted">
          Stopped.{' '}
          <button type="button" className="link" onClick={again}>
            Predict again
          </button>
        </p>
      )}
      {run?.kind === 'failed' && <ErrorNotice error={run.error} />}
      {run?.kind === 'done' && <PredictionView result={run.result} />}
    </section>
  )
}

function PredictionView({ result }: { result: PredictionResult }) {
  const changes = useMemo(() => (result.ok ? result.prediction.system.changes : []), [result])
  // Same-version rebuilds show here: the headline counts them, and a prediction is short.
  const { filter, setFilter, shown, counts } = useChangeFilter(changes, emptyFilter)

  if (!result.ok) {
    const { error } = result
    return (
      <div className="notice notice-error" role="alert">
        <div className="notice-body">
          <strong>
            The {error.side === 'before' ? 'current' : 'updated'} configuration does not evaluate:
          </strong>{' '}
          {error.message}
          <ul>
            {error.diagnostics
              .filter((d) => d.severity === 'error' && d.file)
              .map((d) => (
                <li key={`${where(d)}${d.message}`}>
                  {d.inRepo ? (
                    <button
                      type="button"
                      className="link"
                      title="Open it in the editor"
                      onClick={() =>
                        requestOpenFile({ path: d.file!, line: d.line ?? 1, column: d.column ?? 1 })
                      }
                    >
                      {where(d)}
                    </button>
                  ) : (
                    <code>{where(d)}</code>
                  )}
                </li>
              ))}
          </ul>
        </div>
      </div>
    )
  }
  const { prediction } = result
  const reboot = changes.filter((c) => c.reboot)
  const unsure = changes.filter((c) => !c.sure)
  const build = buildOnlySummary(prediction, 4)
  return (
    <div className="prediction-body">
      <p className="prediction-headline" data-testid="prediction-headline">
        {predictionHeadline(prediction)}
      </p>
      {reboot.length > 0 && (
        <p className="prediction-reboot" role="note">
          Needs a reboot: {reboot.map((c) => `${c.name} ${describeVersions(c)}`).join(', ')}
        </p>
      )}
      {changes.length > 0 && (
        <>
          <ChangeFilters
            filter={filter}
            onChange={setFilter}
            counts={counts}
            label="Filter predicted changes"
            searchLabel="Search predicted packages"
            sortable={false}
          />
          {shown.length === 0 ? (
            <p className="muted gen-empty-line">No package matches the filter.</p>
          ) : (
            <ChangeList changes={shown} sizes={false} />
          )}
        </>
      )}
      {unsure.length > 0 && (
        <p className="muted small">
          Not built yet, so a guess until it is: whether {unsure.map((c) => c.name).join(', ')}{' '}
          {unsure.length === 1 ? 'stays' : 'stay'} in the system (nix keeps what a build&apos;s
          output refers to). Sizes are known only for what is built.
        </p>
      )}
      {build && <p className="prediction-build">{build.replace(/^to build/, 'To build')}</p>}
      {prediction.realise.fetchUnknownReason && (
        <p className="muted small">{prediction.realise.fetchUnknownReason}.</p>
      )}
    </div>
  )
}
