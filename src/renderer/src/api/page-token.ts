// Browser mode: the token `flakedeck serve` printed arrives once in the address (?token=…). The
// page keeps it in sessionStorage (this tab, this origin only, so reloads keep working) and takes
// it out of the address bar, so it does not linger in history, bookmarks or screen shares. It is
// never a cookie: cookies ignore ports, and every other server on 127.0.0.1 would receive it.

const storageKey = 'flakedeck.token'

function remember(token: string) {
  try {
    sessionStorage.setItem(storageKey, token)
  } catch {
    // Storage disabled: the token lives in memory until the page is reloaded.
  }
}

/** The token of the address (then removed from it), else the one this tab kept, else null. */
export function takePageToken(): string | null {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    remember(fromUrl)
    url.searchParams.delete('token')
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`)
    return fromUrl
  }
  try {
    return sessionStorage.getItem(storageKey)
  } catch {
    return null
  }
}

/**
 * The token in a URL a new server printed (its host may differ from this page's when the page is
 * reached through a tunnel), or a bare token. Errors are sentences for the user.
 */
export function tokenFromPrintedUrl(text: string): { token: string } | { error: string } {
  const trimmed = text.trim()
  let token: string | null = /^[A-Za-z0-9_-]{16,256}$/.test(trimmed) ? trimmed : null
  if (!token) {
    try {
      token = new URL(trimmed).searchParams.get('token')
    } catch {
      return { error: 'That is not a URL. Paste the whole URL "flakedeck serve" printed.' }
    }
  }
  if (!token) return { error: 'That URL has no ?token=… part.' }
  remember(token)
  return { token }
}
