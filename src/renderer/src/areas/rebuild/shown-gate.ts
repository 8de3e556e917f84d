// Whether a terminal is on screen: the Rebuild area stays mounted while another area is shown
// (hidden), and a page can be hidden (another tab, a minimized window). A terminal nobody sees
// reads no output, so the page does not parse a build's log on the cores the build uses; once
// shown it reads on, and the core skips it to the newest lines.

/** Resolves once the page is visible (at once when it is). */
export function whileHidden(): Promise<void> {
  if (document.visibilityState !== 'hidden') return Promise.resolve()
  return new Promise((resolve) => {
    const shown = () => {
      if (document.visibilityState === 'hidden') return
      document.removeEventListener('visibilitychange', shown)
      resolve()
    }
    document.addEventListener('visibilitychange', shown)
  })
}

export interface ShownGate {
  /** Resolves once the element is on screen and the page visible (at once when they are). */
  wait(): Promise<void>
  dispose(): void
}

/** Watches `element` (taken as shown where IntersectionObserver is missing). */
export function shownGate(element: Element): ShownGate {
  let onScreen = true
  let waiters: (() => void)[] = []
  const observer =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver((entries) => {
          const last = entries[entries.length - 1]
          if (!last) return
          onScreen = last.isIntersecting
          if (!onScreen) return
          const woken = waiters
          waiters = []
          for (const wake of woken) wake()
        })
  observer?.observe(element)
  return {
    async wait() {
      if (!onScreen) await new Promise<void>((resolve) => waiters.push(resolve))
      await whileHidden()
    },
    dispose() {
      observer?.disconnect()
      // A reader still waiting goes on (and finds its feed stopped).
      const woken = waiters
      waiters = []
      for (const wake of woken) wake()
    },
  }
}
