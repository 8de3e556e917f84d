import { useEffect, useRef } from 'react'
import type { UpdateSpec } from '../../../../shared/lockfile/schemas'
import { onInputsPreviewRequest } from '../../app/inputs-request'

/**
 * Previews a change the command palette asked for, as the area's own buttons would; `blocked`
 * (nix missing, a preview already open) says why those buttons are off, and the request is
 * dropped for the same reason: the area is on screen, saying it.
 */
export function useInputsPreviewRequests(
  preview: (spec: UpdateSpec) => void,
  blocked: string | null,
): void {
  const latest = useRef({ preview, blocked })
  useEffect(() => {
    latest.current = { preview, blocked }
  })
  useEffect(
    () =>
      onInputsPreviewRequest((spec) => {
        if (latest.current.blocked === null) latest.current.preview(spec)
      }),
    [],
  )
}
