import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { FileTree as FileTreeData } from '../../../../shared/contract'
import { buildTree, statusLetter, type TreeNode } from './file-tree-model'
import './tree.css'

interface Props {
  tree: FileTreeData
  active: string | null
  onOpen(path: string): void
  onRename(path: string): void
  onDelete(path: string): void
}

interface Row {
  node: TreeNode
  depth: number
  parent: string | null
}

/** The rows shown, in order: folders' children only when the folder is open. */
function visibleRows(nodes: TreeNode[], collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = []
  const walk = (list: TreeNode[], depth: number, parent: string | null) => {
    for (const node of list) {
      rows.push({ node, depth, parent })
      if (node.kind === 'folder' && !collapsed.has(node.path))
        walk(node.children, depth + 1, node.path)
    }
  }
  walk(nodes, 0, null)
  return rows
}

/**
 * The repo's files as a tree for mouse and keyboard (the WAI-ARIA tree pattern): one Tab stop,
 * arrows move, Right/Left open and close folders, Home/End, Enter opens, F2 renames, Delete
 * deletes (after the usual question).
 */
export function FileTree({ tree, active, onOpen, onRename, onDelete }: Props) {
  const nodes = useMemo(() => buildTree(tree.files, tree.status), [tree])
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set())
  const [focused, setFocused] = useState<string | null>(null)
  const list = useRef<HTMLUListElement>(null)
  const moved = useRef(false)
  const rows = useMemo(() => visibleRows(nodes, collapsed), [nodes, collapsed])
  // The Tab stop: the row last moved to, else the open file, else the first row.
  const current =
    rows.find((r) => r.node.path === focused) ??
    rows.find((r) => r.node.path === active) ??
    rows[0] ??
    null

  useEffect(() => {
    if (!moved.current || !current) return
    moved.current = false
    list.current
      ?.querySelector<HTMLElement>(`[data-path="${CSS.escape(current.node.path)}"]`)
      ?.focus()
  }, [current])

  const setOpen = (path: string, open: boolean) =>
    setCollapsed((now) => {
      const next = new Set(now)
      if (open) next.delete(path)
      else next.add(path)
      return next
    })
  const moveTo = (path: string) => {
    moved.current = true
    setFocused(path)
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (!current) return
    const index = rows.indexOf(current)
    const { node } = current
    const isOpenFolder = node.kind === 'folder' && !collapsed.has(node.path)
    switch (e.key) {
      case 'ArrowDown':
        if (rows[index + 1]) moveTo(rows[index + 1]!.node.path)
        break
      case 'ArrowUp':
        if (index > 0) moveTo(rows[index - 1]!.node.path)
        break
      case 'Home':
        moveTo(rows[0]!.node.path)
        break
      case 'End':
        moveTo(rows[rows.length - 1]!.node.path)
        break
      case 'ArrowRight':
        if (node.kind !== 'folder') return
        if (!isOpenFolder) setOpen(node.path, true)
        else if (node.children[0]) moveTo(node.children[0].path)
        break
      case 'ArrowLeft':
        if (isOpenFolder) setOpen(node.path, false)
        else if (current.parent !== null) moveTo(current.parent)
        break
      case 'Enter':
      case ' ':
        if (node.kind === 'folder') setOpen(node.path, !isOpenFolder)
        else onOpen(node.path)
        break
      case 'F2':
        if (node.kind === 'file') onRename(node.path)
        break
      case 'Delete':
        if (node.kind === 'file') onDelete(node.path)
        break
      default:
        return
    }
    e.preventDefault()
  }

  const render = (node: TreeNode, depth: number) => {
    const isOpen = !collapsed.has(node.path)
    const isCurrent = current?.node.path === node.path
    return (
      <li
        key={node.path}
        role="treeitem"
        data-path={node.path}
        aria-level={depth + 1}
        aria-expanded={node.kind === 'folder' ? isOpen : undefined}
        aria-selected={node.path === active}
        tabIndex={isCurrent ? 0 : -1}
        onFocus={(e) => {
          if (e.target === e.currentTarget) setFocused(node.path)
        }}
      >
        <div
          className={`tree-row${node.path === active ? ' active' : ''}${isCurrent ? ' current' : ''}`}
          style={{ paddingLeft: 8 + depth * 14 }}
        >
          <button
            type="button"
            tabIndex={-1}
            className={`tree-item status-${node.status ?? 'clean'}`}
            title={node.path}
            onClick={() => {
              setFocused(node.path)
              if (node.kind === 'folder') setOpen(node.path, !isOpen)
              else onOpen(node.path)
            }}
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
                tabIndex={-1}
                className="ghost icon"
                title={`Rename ${node.path} (F2)`}
                aria-label={`Rename ${node.path}`}
                onClick={() => onRename(node.path)}
              >
                ✎
              </button>
              <button
                type="button"
                tabIndex={-1}
                className="ghost icon"
                title={`Delete ${node.path} (Delete)`}
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
    <ul className="file-tree" role="tree" aria-label="Files" ref={list} onKeyDown={onKeyDown}>
      {nodes.map((n) => render(n, 0))}
    </ul>
  )
}
