// A prediction under way: both evaluations side by side while they run (each with what nix said
// last), then the step it is at.
import { phaseText, startingText } from '../../../../shared/predict/phase-text'
import type { PredictionProgress } from './usePrediction'

/** One evaluation's line: what nix said last, or that it is under way. */
function sideText(label: string, activity: string): string {
  return `${label}: ${activity || 'evaluating…'}`
}

export function Running({ progress }: { progress: PredictionProgress | null }) {
  const latest = progress?.latest ?? null
  const evaluating = latest !== null && latest.phase.startsWith('evaluating-')
  return (
    <div className="prediction-running" role="status">
      <span className="spinner" aria-hidden="true" />
      {evaluating ? (
        <span className="prediction-running-sides">
          {progress!.before !== null && (
            <span data-testid="progress-before">
              {sideText('The system as it is', progress!.before)}
            </span>
          )}
          {progress!.after !== null && (
            <span data-testid="progress-after">{sideText('With the change', progress!.after)}</span>
          )}
        </span>
      ) : (
        <>
          <span>{latest ? phaseText[latest.phase] : startingText}</span>
          {latest?.activity && <span className="muted small">{latest.activity}</span>}
        </>
      )}
    </div>
  )
}
