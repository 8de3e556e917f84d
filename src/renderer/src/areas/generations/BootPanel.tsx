import { useState } from 'react'
import { formatBytes } from '../../../../shared/generations/format'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useBoot, useBootFit } from './useBoot'
import './care.css'

const loaderNames = {
  'systemd-boot': 'systemd-boot',
  grub: 'GRUB',
  none: 'no systemd-boot entries or GRUB menu',
}

/**
 * The boot menu as the boot loader will show it: which generations have entries, the default,
 * entries whose files are missing, and how full the boot folder is. The folder is a setting.
 */
export function BootPanel() {
  const { state, failure, setBootDir } = useBoot()
  const [editing, setEditing] = useState<string | null>(null)

  const save = async (bootDir: string) => {
    if (await setBootDir(bootDir)) setEditing(null)
  }

  if (!state && !failure) return null
  const used =
    state?.totalBytes != null && state.freeBytes != null ? state.totalBytes - state.freeBytes : null
  const fullness = used !== null && state?.totalBytes ? used / state.totalBytes : null
  return (
    <section className="gen-boot" aria-label="Boot menu" data-testid="boot-panel">
      <div className="gen-line">
        <strong>Boot menu</strong>
        {state && (
          <>
            <span className="muted">
              {loaderNames[state.loader]} in <code>{state.bootDir}</code>
            </span>
            {state.loader !== 'none' && used !== null && state.totalBytes !== null && (
              <span data-testid="boot-space" title={`${formatBytes(state.freeBytes ?? 0)} free`}>
                <meter
                  className="gen-boot-meter"
                  min={0}
                  max={1}
                  low={0.7}
                  high={0.9}
                  optimum={0}
                  value={fullness ?? 0}
                  aria-label="Boot folder use"
                />{' '}
                {formatBytes(used)} of {formatBytes(state.totalBytes)} used,{' '}
                {formatBytes(state.freeBytes ?? 0)} free
              </span>
            )}
          </>
        )}
        {editing === null ? (
          <button
            type="button"
            className="link"
            onClick={() => setEditing(state?.bootDir ?? '/boot')}
          >
            Boot folder…
          </button>
        ) : (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault()
              if (editing.trim().startsWith('/')) void save(editing.trim())
            }}
          >
            <input
              aria-label="Boot folder"
              value={editing}
              spellCheck={false}
              onChange={(e) => setEditing(e.target.value)}
            />
            <button type="submit" disabled={!editing.trim().startsWith('/')}>
              Use
            </button>
            <button type="button" className="ghost" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        )}
      </div>
      {failure && <ErrorNotice error={failure} />}
      {state?.problem && <p className="gen-problem">{state.problem}</p>}
      {state && state.loader !== 'none' && (
        <ul className="gen-boot-entries" aria-label="Boot entries">
          {state.entries.length === 0 && <li className="muted">no entries</li>}
          {state.entries.map((entry) => (
            <li
              key={entry.id}
              className={[entry.isDefault ? 'default' : '', entry.problem ? 'broken' : ''].join(
                ' ',
              )}
              title={entry.problem ?? entry.title}
            >
              {entry.generation !== null ? `#${entry.generation}` : entry.title}
              {entry.isDefault ? ' (default)' : ''}
              {entry.problem ? ' ⚠ files missing' : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The warning before a switch or boot when the system's kernel and initrd would not fit. */
export function BootFitWarning({ storePath }: { storePath: string }) {
  const fit = useBootFit(storePath)
  if (!fit || fit.fits) return null
  return (
    <div className="notice notice-warning compact" role="alert" data-testid="boot-fit-warning">
      <div className="notice-body">
        <strong>The boot folder is too full for this system.</strong>
        <p className="notice-hint">{fit.warning}</p>
      </div>
    </div>
  )
}
