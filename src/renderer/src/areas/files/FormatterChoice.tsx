import { useEffect, useState } from 'react'
import type { Settings } from '../../../../shared/contract'
import { call } from '../../api/client'

/** The formatter setting (nixfmt or alejandra), beside the Format button it applies to. */
export function FormatterChoice({ onError }: { onError(error: unknown): void }) {
  const [formatter, setFormatter] = useState<Settings['formatter'] | null>(null)
  useEffect(() => {
    call('settings.get', {}).then((s) => setFormatter(s.formatter), onError)
  }, [onError])
  if (!formatter) return null
  return (
    <select
      aria-label="Formatter"
      title="Formatter the Format button runs (a setting)"
      value={formatter}
      onChange={(e) => {
        const next = e.target.value as Settings['formatter']
        setFormatter(next)
        call('settings.set', { formatter: next }).then((s) => setFormatter(s.formatter), onError)
      }}
    >
      <option value="nixfmt">nixfmt</option>
      <option value="alejandra">alejandra</option>
    </select>
  )
}
