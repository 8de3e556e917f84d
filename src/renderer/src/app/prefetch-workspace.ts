// The workspace and the Files area (with Monaco) are asked for together as soon as a repo is
// open or opening, instead of one after the other as React reaches each lazy part: the editor's
// chunk used to be requested only once the workspace's chunk had arrived and rendered.
let started = false

export function prefetchWorkspace(): void {
  if (started) return
  started = true
  Promise.all([import('../workspace/Workspace'), import('../areas/files/FilesArea')]).catch(() => {
    // The lazy part that needs it reports the failure where it would show; a later open may
    // try again.
    started = false
  })
}
