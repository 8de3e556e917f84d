import type { Settings } from '../../../../shared/contract'
import { useSettings } from '../../data/useSettings'

/** The formatter setting (nixfmt or alejandra), beside the Format button it applies to. */
export function FormatterChoice({ onError }: { onError(error: unknown): void }) {
  const { settings, change } = useSettings()
  if (!settings) return null
  return (
    <select
      aria-label="Formatter"
      title="Formatter the Format button runs (a setting)"
      value={settings.formatter}
      onChange={(e) => {
        change({ formatter: e.target.value as Settings['formatter'] }).catch(onError)
      }}
    >
      <option value="nixfmt">nixfmt</option>
      <option value="alejandra">alejandra</option>
    </select>
  )
}
