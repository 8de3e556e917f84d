import { useState } from 'react'
import { parseStaleAfterDays } from '../../../../shared/lockfile/input-age'

/** "Stale after [90] days": the setting, applied as the user types a valid number. */
export function AgeThresholdField({ days, onChange }: { days: number; onChange(d: number): void }) {
  const [text, setText] = useState(String(days))
  const valid = parseStaleAfterDays(text) !== null
  return (
    <label className="threshold-field" title="Inputs locked longer ago than this are marked stale">
      Stale after
      <input
        type="number"
        inputMode="numeric"
        min={1}
        max={3650}
        value={text}
        aria-invalid={!valid}
        aria-label="Stale after (days)"
        onChange={(e) => {
          setText(e.target.value)
          const parsed = parseStaleAfterDays(e.target.value)
          if (parsed !== null) onChange(parsed)
        }}
        onBlur={() => {
          if (!valid) setText(String(days))
        }}
      />
      days
    </label>
  )
}
