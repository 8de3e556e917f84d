// Areas that hold unsaved work register here, so leaving a repo can ask first.
const sources = new Set<() => string[]>()

export function registerUnsavedWork(source: () => string[]): () => void {
  sources.add(source)
  return () => sources.delete(source)
}

/** Names of everything unsaved right now (file paths). */
export function unsavedWork(): string[] {
  return [...sources].flatMap((source) => source())
}
