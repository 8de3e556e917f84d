// Every host of a flake with several: each host's headline, predicted one host after the other
// (each evaluates the flake twice, and a small machine has few cores), with a way to see one
// host's packages. A host that fails or is stopped lets the next one start.
import { useEffect, useState } from 'react'
import { predictionHeadline } from '../../../../shared/predict/headline'
import type { PredictChange } from '../../../../shared/predict/types'
import { Running } from './PredictionRunning'
import { usePrediction } from './usePrediction'

export function PredictionHosts({
  repo,
  hosts,
  change,
  onPick,
}: {
  repo: string
  hosts: readonly string[]
  change: PredictChange
  onPick(host: string): void
}) {
  /** How many hosts, in order, have finished: the next one is running. */
  const [finished, setFinished] = useState(0)
  return (
    <>
      <ul className="prediction-hosts" aria-label="Every host">
        {hosts.map((host, index) => (
          <HostLine
            key={host}
            repo={repo}
            host={host}
            change={change}
            started={index <= finished}
            onSettled={() => setFinished((n) => Math.max(n, index + 1))}
            onPick={() => onPick(host)}
          />
        ))}
      </ul>
      <p className="muted small">Pick a host to see its packages.</p>
    </>
  )
}

function HostLine({
  repo,
  host,
  change,
  started,
  onSettled,
  onPick,
}: {
  repo: string
  host: string
  change: PredictChange
  started: boolean
  onSettled(): void
  onPick(): void
}) {
  const { run, running, progress, stop } = usePrediction(repo, started ? host : null, change)
  const settled = run !== null
  useEffect(() => {
    if (settled) onSettled()
  }, [settled, onSettled])

  let text: string
  if (!started) text = 'waiting for the host before'
  else if (run === null) text = ''
  else if (run.kind === 'cancelled') text = 'stopped'
  else if (run.kind === 'failed') text = `could not be predicted: ${run.error.message}`
  else if (run.result.ok) text = predictionHeadline(run.result.prediction)
  else {
    const side = run.result.error.side === 'before' ? 'as it is' : 'with the change'
    text = `does not evaluate ${side}: ${run.result.error.message}`
  }
  return (
    <li className="prediction-host" data-testid={`host-${host}`}>
      <button type="button" className="link" onClick={onPick} title="Show this host's packages">
        {host}
      </button>
      {running ? (
        <>
          <Running progress={progress} />
          <button type="button" onClick={stop}>
            Stop
          </button>
        </>
      ) : (
        <span className={run?.kind === 'done' && run.result.ok ? '' : 'muted'}>{text}</span>
      )}
    </li>
  )
}
