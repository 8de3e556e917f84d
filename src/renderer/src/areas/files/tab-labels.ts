// Tab labels as VS Code shows them: the file name, and for names open more than once the end of
// their folder path, as much as tells them apart (`default.nix  alpha`, `default.nix  beta`).

export interface TabLabel {
  name: string
  /** Null when the name is unique among the open tabs. `./` is the repo's top folder. */
  folder: string | null
}

export function tabLabels(paths: readonly string[]): Map<string, TabLabel> {
  const split = (path: string) => {
    const slash = path.lastIndexOf('/')
    return { name: path.slice(slash + 1), dirs: slash < 0 ? [] : path.slice(0, slash).split('/') }
  }
  const byName = new Map<string, string[]>()
  for (const path of paths) {
    const { name } = split(path)
    byName.set(name, [...(byName.get(name) ?? []), path])
  }
  const labels = new Map<string, TabLabel>()
  for (const [name, group] of byName) {
    if (group.length === 1) {
      labels.set(group[0]!, { name, folder: null })
      continue
    }
    const dirs = group.map((p) => split(p).dirs)
    const deepest = Math.max(...dirs.map((d) => d.length))
    // The fewest trailing folders that make every label in the group different.
    let depth = 1
    for (; depth < deepest; depth++) {
      const suffixes = dirs.map((d) => d.slice(-depth).join('/'))
      if (new Set(suffixes).size === suffixes.length) break
    }
    group.forEach((path, i) => {
      const folder = dirs[i]!.slice(-depth).join('/')
      const whole = dirs[i]!.length <= depth
      labels.set(path, { name, folder: folder === '' ? './' : whole ? folder : `…/${folder}` })
    })
  }
  return labels
}
