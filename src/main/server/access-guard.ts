// Who may talk to the loopback server. Every request must be addressed to a loopback Host (no DNS
// rebinding) and, when it carries an Origin, come from that same loopback origin. Calls also carry
// this run's token in a header; the page keeps the token itself (never in a cookie: cookies ignore
// ports, so any other server on 127.0.0.1 would receive it). Browsers cannot put headers on a
// WebSocket, so the socket presents a short-lived single-use ticket fetched with the token.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export interface Refusal {
  status: number
  message: string
}

export interface AccessGuard {
  /** Why a request from this Host/Origin is refused, or null. Applies to every path. */
  siteRefusal(headers: IncomingHttpHeaders): Refusal | null
  /** Why a call without this run's token (Authorization: Bearer …) is refused, or null. */
  tokenRefusal(headers: IncomingHttpHeaders): Refusal | null
  /** A new WebSocket ticket: valid once, for `ticketLifetimeMs`. */
  issueTicket(): string
  /** Whether the ticket is valid; it is used up either way. */
  redeemTicket(ticket: string | null): boolean
}

export const ticketLifetimeMs = 30_000
/** Unredeemed tickets kept at most; the oldest are dropped first. */
const maxTickets = 64

// Any port: an SSH tunnel or an editor's port forwarding reaches us under another local port.
const loopbackHost = /^(127\.0\.0\.1|localhost|\[::1\])(:(\d{1,5}))?$/

export function isLoopbackHost(host: string): boolean {
  const match = loopbackHost.exec(host.toLowerCase())
  if (!match) return false
  if (match[3] === undefined) return true
  const port = Number(match[3])
  return port >= 1 && port <= 65535
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function bearer(headers: IncomingHttpHeaders): string | null {
  const match = /^Bearer ([^\s]+)$/.exec(headers.authorization ?? '')
  return match?.[1] ?? null
}

export const tokenRefusalMessage =
  'Refused: this Flakedeck server needs its token. Open the full URL that "flakedeck serve" printed (it ends in ?token=…).'

export function createAccessGuard(token: string, now: () => number = Date.now): AccessGuard {
  const tickets = new Map<string, number>()
  return {
    siteRefusal(headers) {
      const host = (headers.host ?? '').toLowerCase()
      if (!isLoopbackHost(host)) {
        return { status: 403, message: 'Refused: this server answers only on a loopback address.' }
      }
      const origin = headers.origin
      if (origin === undefined) return null
      if (origin === 'null') {
        return { status: 403, message: 'Refused: the request came from an opaque origin.' }
      }
      let originUrl: URL | null = null
      try {
        originUrl = new URL(origin)
      } catch {
        // not a URL: refused below
      }
      const sameOrigin =
        originUrl !== null &&
        (originUrl.protocol === 'http:' || originUrl.protocol === 'https:') &&
        originUrl.host === host
      return sameOrigin
        ? null
        : { status: 403, message: 'Refused: the request came from another site.' }
    },
    tokenRefusal(headers) {
      const presented = bearer(headers)
      return presented !== null && sameSecret(presented, token)
        ? null
        : { status: 401, message: tokenRefusalMessage }
    },
    issueTicket() {
      const ticket = randomBytes(24).toString('hex')
      const expires = now() + ticketLifetimeMs
      for (const [old, oldExpires] of tickets) {
        if (oldExpires <= now() || tickets.size >= maxTickets) tickets.delete(old)
      }
      tickets.set(ticket, expires)
      return ticket
    },
    redeemTicket(ticket) {
      if (!ticket) return false
      const expires = tickets.get(ticket)
      tickets.delete(ticket)
      return expires !== undefined && expires > now()
    },
  }
}
