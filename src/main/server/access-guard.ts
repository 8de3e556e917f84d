// Who may talk to the loopback server: requests that carry this run's token (in the URL once,
// then in a cookie), addressed to a loopback Host (no DNS rebinding), from our own Origin.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const tokenCookieName = 'flakedeck_token'

export interface AccessGuard {
  /** Why the request is refused, or null when it may pass. */
  refusal(request: IncomingMessage, url: URL): { status: number; message: string } | null
  /** Whether the token came in the query (the first visit), so the cookie should be set. */
  tokenFromQuery(url: URL): boolean
  cookieHeader(): string
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

export function createAccessGuard(token: string, getPort: () => number): AccessGuard {
  const allowedHosts = () => {
    const port = getPort()
    return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
  }
  return {
    refusal(request, url) {
      const hosts = allowedHosts()
      const host = request.headers.host ?? ''
      if (!hosts.has(host)) {
        return {
          status: 403,
          message: 'Refused: this server answers only on its loopback address.',
        }
      }
      const origin = request.headers.origin
      if (origin !== undefined && origin !== 'null') {
        let originHost = ''
        try {
          originHost = new URL(origin).host
        } catch {
          // not a URL: refused below
        }
        if (!hosts.has(originHost)) {
          return { status: 403, message: 'Refused: the request came from another site.' }
        }
      } else if (origin === 'null') {
        return { status: 403, message: 'Refused: the request came from an opaque origin.' }
      }
      const presented =
        url.searchParams.get('token') ?? readCookie(request.headers.cookie, tokenCookieName)
      if (!presented || !sameToken(presented, token)) {
        return {
          status: 401,
          message:
            'Refused: this Flakedeck server needs its token. Open the full URL that "flakedeck serve" printed (it ends in ?token=…).',
        }
      }
      return null
    },
    tokenFromQuery(url) {
      return url.searchParams.has('token')
    },
    cookieHeader() {
      return `${tokenCookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
    },
  }
}
