import { useMemo, useState } from 'react'
import type { FileTree as FileTreeData } from '../../../../shared/contract'
import { buildTree, statusLetter, type TreeNode } from './file-tree-model'

interface Props {
  tree: FileTreeData
  active: string | null
  onOpen(path: string): void
  onRename(path: string): void
  onDelete(path: string): void
}

export function FileTree({ tree, active, onOpen, onRename, onDelete }: Props) {
  const nodes = useMemo(() => buildTree(tree.files, tree.status), [tree])
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set())
  const toggle = (path: string) =>
    setCollapsed((current) => {
      const next = new Set(current)
      if (next.has(path)) next.delete(path)
      else next.add(path)
      return next
    })

  const render = (node: TreeNode, depth: number) => {
    const isOpen = !collapsed.has(node.path)
    return (
      <li
        key={node.path}
        role="treeitem"
        aria-expanded={node.kind === 'folder' ? isOpen : undefined}
        aria-selected={node.path === active}
      >
        <div
          className={`tree-row${node.path === active ? ' active' : ''}`}
          style={{ paddingLeft: 8 + depth * 14 }}
        >
          <button
            type="button"
            className={`tree-item status-${node.status ?? 'clean'}`}
            title={node.path}
            onClick={() => (node.kind === 'folder' ? toggle(node.path) : onOpen(node.path))}
          >
            <span className="tree-twisty" aria-hidden="true">
              {node.kind === 'folder' ? (isOpen ? '▾' : '▸') : ''}
            </span>
            <span className="tree-name">{node.name}</span>
          </button>
          {node.kind === 'file' && (
            <span className="tree-actions">
              <button
                type="button"
                className="ghost icon"
                title={`Rename ${node.path}`}
                aria-label={`Rename ${node.path}`}
                onClick={() => onRename(node.path)}
              >
                ✎
              </button>
              <button
                type="button"
                className="ghost icon"
                title={`Delete ${node.path}`}
                aria-label={`Delete ${node.path}`}
                onClick={() => onDelete(node.path)}
              >
                ×
              </button>
            </span>
          )}
          {node.status && node.kind === 'file' && (
            <span className={`tree-status status-${node.status}`} title={node.status}>
              {statusLetter[node.status]}
            </span>
          )}
        </div>
        {node.kind === 'folder' && isOpen && (
          <ul role="group">{node.children.map((c) => render(c, depth + 1))}</ul>
        )}
      </li>
    )
  }

  return (
    <ul className="file-tree" role="tree" aria-label="Files">
      {nodes.map((n) => render(n, 0))}
    </ul>
  )
}
