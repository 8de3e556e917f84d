// Reads a call's JSON body under a size limit. A body over the limit is read to its end and thrown
// away before the answer goes out: closing a socket the client is still writing to resets the
// connection, and the client would see "cannot be reached" instead of the 413.
import type { IncomingMessage } from 'node:http'
import { maxEditableBytes } from '../services/files/file-content'

/**
 * Large enough for any file the Files area opens as editable, saved as JSON: one byte of the file
 * takes at most 6 characters (a control character written as \u0001), and 1 MiB is left for the
 * other fields and for growth while editing.
 */
export const maxBodyBytes = maxEditableBytes * 6 + 1024 * 1024

/** Past this much, a client still sending an oversized body is cut off. */
const maxDrainBytes = 256 * 1024 * 1024

export class BodyTooLargeError extends Error {
  constructor(readonly received: number) {
    super('too-large')
  }
}

export function readBody(request: IncomingMessage, limit = maxBodyBytes): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxDrainBytes) {
        request.destroy()
        return
      }
      if (size <= limit) chunks.push(chunk)
      else chunks.length = 0
    })
    request.on('end', () => {
      if (size > limit) reject(new BodyTooLargeError(size))
      else resolve(Buffer.concat(chunks).toString('utf8'))
    })
    request.on('error', reject)
    request.on('close', () => {
      if (!request.complete) reject(new Error('The client closed the connection mid-request.'))
    })
  })
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
