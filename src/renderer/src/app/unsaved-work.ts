// Areas that hold unsaved work register here, so leaving a repo can ask first, and drop the work
// (and the drafts kept of it) when the user chooses to leave without saving.
interface Source {
  list(): string[]
  discard(): void
}

const sources = new Set<Source>()

export function registerUnsavedWork(
  list: () => string[],
  discard: () => void = () => {},
): () => void {
  const source = { list, discard }
  sources.add(source)
  return () => sources.delete(source)
}

/** Names of everything unsaved right now (file paths). */
export function unsavedWork(): string[] {
  return [...sources].flatMap((source) => source.list())
}

/** The user chose to leave without saving: nothing of it is offered back later. */
export function discardUnsavedWork(): void {
  for (const source of sources) source.discard()
}
