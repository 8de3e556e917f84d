// Turns git's flat list of paths into a folder tree, folders first, each sorted by name.
import type { GitFileStatus } from '../../../../shared/contract'

export interface TreeNode {
  name: string
  path: string
  kind: 'file' | 'folder'
  children: TreeNode[]
  status: GitFileStatus['kind'] | null
}

export function buildTree(files: readonly string[], status: readonly GitFileStatus[]): TreeNode[] {
  const byPath = new Map(status.map((s) => [s.path, s.kind]))
  const root: TreeNode = { name: '', path: '', kind: 'folder', children: [], status: null }
  const folders = new Map<string, TreeNode>([['', root]])
  const folderFor = (path: string): TreeNode => {
    const existing = folders.get(path)
    if (existing) return existing
    const slash = path.lastIndexOf('/')
    const parent = folderFor(slash < 0 ? '' : path.slice(0, slash))
    const node: TreeNode = {
      name: path.slice(slash + 1),
      path,
      kind: 'folder',
      children: [],
      status: null,
    }
    parent.children.push(node)
    folders.set(path, node)
    return node
  }
  for (const file of files) {
    const slash = file.lastIndexOf('/')
    const parent = folderFor(slash < 0 ? '' : file.slice(0, slash))
    parent.children.push({
      name: file.slice(slash + 1),
      path: file,
      kind: 'file',
      children: [],
      status: byPath.get(file) ?? null,
    })
  }
  const sort = (node: TreeNode) => {
    node.children.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1,
    )
    node.children.forEach(sort)
    if (node.kind === 'folder' && node.path && node.children.some((c) => c.status))
      node.status = 'modified'
  }
  sort(root)
  return root.children
}

export const statusLetter: Record<GitFileStatus['kind'], string> = {
  untracked: 'U',
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  conflicted: '!',
}
