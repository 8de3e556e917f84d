// One task at a time per key: a task waits for the tasks queued before it under the same key,
// whether they succeeded or failed, and tasks under other keys run alongside. Git refuses a
// second index writer in a repo (index.lock), two fetches into one cached clone trip over each
// other, and two lock changes of one flake must never start from the same flake.lock; each of
// those owners keeps one of these.
export class KeyedQueue<K = string> {
  /** The last task queued per key; a key is dropped once its last task has settled. */
  private readonly tails = new Map<K, Promise<unknown>>()

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(task)
    this.tails.set(key, next)
    void next
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key)
      })
      .catch(() => undefined)
    return next
  }
}
