// What the editor may open: text under a size limit. Binary and large files open read-only with
// a note instead of being loaded into the editor.
import { createHash } from 'node:crypto'

export const maxEditableBytes = 2 * 1024 * 1024

export function contentVersion(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8000)
  if (head.includes(0)) return true
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return false
  } catch {
    return true
  }
}

export { languageFor } from '../../../shared/file-language'
