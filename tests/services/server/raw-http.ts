// Raw HTTP over node:net, for requests no HTTP client would send (broken request-targets,
// bodies over the limit), and to see how the server ended the connection.
import { connect } from 'node:net'

export interface RawAnswer {
  /** Everything the server sent, as text. */
  text: string
  /** The status code of the first response line, or 0 when none came. */
  status: number
  /** The socket error (ECONNRESET, EPIPE), or null when the server closed cleanly. */
  error: string | null
}

/** Sends `head` (and `body`) on a new connection and waits until the server closes it. */
export function rawRequest(port: number, head: string, body?: Buffer): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let error: string | null = null
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message))
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      resolve({ text, status, error })
    })
    socket.write(head)
    if (body) socket.write(body)
  })
}

/** The JSON body of a raw answer. */
export function rawJson(answer: RawAnswer): unknown {
  const start = answer.text.indexOf('\r\n\r\n')
  return JSON.parse(answer.text.slice(start + 4))
}
