import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import type { Diagnostic } from '../../../../shared/contract'
import type { AppErrorData } from '../../../../shared/errors'
import { describeVersions, formatCount } from '../../../../shared/generations/format'
import type { ChangeKind } from '../../../../shared/generations/types'
import type { RevisionChange } from '../../../../shared/lockfile/schemas'
import { buildOnlySummary, predictionHeadline } from '../../../../shared/predict/headline'
import { overridesFromChanges } from '../../../../shared/predict/overrides'
import type {
  PredictChange,
  PredictionResult,
  PredictProgress,
} from '../../../../shared/predict/types'
import { call, errorData, subscribe } from '../../api/client'
import { ErrorNotice } from '../../components/ErrorNotice'
import { ChangeList } from '../generations/ChangeList'
import {
  changeKinds,
  emptyFilter,
  filterChanges,
  kindCounts,
  kindLabels,
  type ChangeFilter,
} from '../generations/generations-view'
import './prediction.css'

const phaseText: Record<PredictProgress['phase'], string> = {
  'evaluating-before': 'Evaluating the system as it is…',
  'evaluating-after': 'Evaluating the system with this change…',
  'reading-derivations': 'Reading both derivation closures…',
  'reading-store': 'Asking the store what is built already…',
  'dry-run': 'Asking nix what must be built or fetched…',
  comparing: 'Comparing…',
}

type HostsState = { hosts: string[]; error: string | null } | null
/** How a run ended, for the request it answers (`key`: host, attempt and overrides). */
type Outcome = { key: string } & (
  | { kind: 'done'; result: PredictionResult }
  | { kind: 'failed'; error: AppErrorData }
  | { kind: 'cancelled' }
)

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
  const [hosts, setHosts] = useState<HostsState>(null)
  const [chosenHost, setHost] = useState<string | null>(null)
  const host = fixedHost ?? chosenHost
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [progress, setProgress] = useState<{ key: string; progress: PredictProgress } | null>(null)
  const [attempt, setAttempt] = useState(0)
  const requestRef = useRef<string | null>(null)
  const change = request.ok ? request.change : null
  const key = host && change ? JSON.stringify([host, attempt, change]) : null

  useEffect(() => {
    let live = true
    call('nix.hosts', { repo }).then(
      (found) => {
        if (!live) return
        setHosts({ hosts: found.hosts, error: found.error?.message ?? null })
        setHost((current) => current ?? found.hosts[0] ?? null)
      },
      (error: unknown) => live && setHosts({ hosts: [], error: errorData(error).message }),
    )
    return () => {
      live = false
    }
  }, [repo])

  useEffect(() => {
    if (!key || !host || !change) return
    const requestId = `predict-${Date.now()}-${Math.random().toString(36).slice(2)}`
    requestRef.current = requestId
    let live = true
    const stop = subscribe('predict.progress', (event) => {
      if (live && event.requestId === requestId) setProgress({ key, progress: event })
    })
    call('predict.run', {
      repo,
      host,
      change,
      requestId,
    }).then(
      (result) => live && setOutcome({ key, kind: 'done', result }),
      (error: unknown) => {
        if (!live) return
        const data = errorData(error)
        setOutcome(
          data.code === 'cancelled'
            ? { key, kind: 'cancelled' }
            : { key, kind: 'failed', error: data },
        )
      },
    )
    return () => {
      live = false
      stop()
      void call('predict.cancel', { requestId }).catch(() => undefined)
    }
    // `key` stands for host, attempt and change (by value, so a new but equal object is no rerun).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [repo, key])

  const run = key && outcome?.key === key ? outcome : null
  const running = key !== null && run === null

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
        {!fixedHost && hosts && hosts.hosts.length > 1 && (
          <select aria-label="Host" value={host ?? ''} onChange={(e) => setHost(e.target.value)}>
            {hosts.hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        )}
        {(fixedHost || hosts?.hosts.length === 1) && <span className="muted">host {host}</span>}
        <span className="status-spacer" />
        {running && (
          <button
            type="button"
            onClick={() => {
              const requestId = requestRef.current
              if (requestId) void call('predict.cancel', { requestId }).catch(() => undefined)
            }}
          >
            Stop
          </button>
        )}
      </header>
      {hosts?.error && (
        <p className="muted">The flake&apos;s hosts could not be read: {hosts.error}</p>
      )}
      {hosts && !hosts.error && hosts.hosts.length === 0 && (
        <p className="muted">
          This flake defines no nixosConfigurations, so there is no system to predict.
        </p>
      )}
      {running && <Running progress={progress?.key === key ? progress.progress : null} />}
      {run?.kind === 'cancelled' && (
        <p className="muted">
          Stopped.{' '}
          <button type="button" className="link" onClick={() => setAttempt((n) => n + 1)}>
            Predict again
          </button>
        </p>
      )}
      {run?.kind === 'failed' && <ErrorNotice error={run.error} />}
      {run?.kind === 'done' && <PredictionView result={run.result} />}
    </section>
  )
}

function Running({ progress }: { progress: PredictProgress | null }) {
  return (
    <div className="prediction-running" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{progress ? phaseText[progress.phase] : 'Starting…'}</span>
      {progress?.activity && <span className="muted small">{progress.activity}</span>}
    </div>
  )
}

function PredictionView({ result }: { result: PredictionResult }) {
  const [filter, setFilter] = useState<ChangeFilter>(emptyFilter)
  const deferred = useDeferredValue(filter)
  const changes = useMemo(() => (result.ok ? result.prediction.system.changes : []), [result])
  const shown = useMemo(() => filterChanges(changes, deferred), [changes, deferred])
  const counts = useMemo(() => kindCounts(changes), [changes])

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
                  <code>{where(d)}</code>
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
  const toggleKind = (kind: ChangeKind) =>
    setFilter((f) => {
      const kinds = new Set(f.kinds)
      if (kinds.has(kind)) kinds.delete(kind)
      else kinds.add(kind)
      return { ...f, kinds }
    })
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
          <div className="gen-filters" role="group" aria-label="Filter predicted changes">
            {changeKinds.map((kind) => (
              <button
                key={kind}
                type="button"
                className={`gen-kind-chip gen-kind-${kind}${filter.kinds.has(kind) ? ' active' : ''}`}
                aria-pressed={filter.kinds.has(kind)}
                disabled={counts.byKind[kind] === 0}
                onClick={() => toggleKind(kind)}
              >
                {kindLabels[kind]}{' '}
                <span className="gen-chip-count">{formatCount(counts.byKind[kind])}</span>
              </button>
            ))}
            <label
              className="checkbox inline"
              title="Only the packages you chose, not their dependencies"
            >
              <input
                type="checkbox"
                checked={filter.selectedOnly}
                onChange={(e) => setFilter((f) => ({ ...f, selectedOnly: e.target.checked }))}
              />
              ★ Chosen only ({formatCount(counts.selected)})
            </label>
            <span className="status-spacer" />
            <input
              type="search"
              className="gen-search"
              placeholder="Search packages or versions"
              aria-label="Search predicted packages"
              value={filter.query}
              onChange={(e) => setFilter((f) => ({ ...f, query: e.target.value }))}
            />
          </div>
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
