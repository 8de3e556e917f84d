import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { FileTree as FileTreeData } from '../../../../shared/contract'
import { ContextMenu, type MenuItem } from './ContextMenu'
import { buildTree, statusLetter, type TreeNode } from './file-tree-model'
import './tree.css'

interface Props {
  tree: FileTreeData
  active: string | null
  onOpen(path: string): void
  onRename(path: string): void
  onDelete(path: string): void
  /** Back to the last commit (a file with changes; the caller asks first). */
  onDiscard(path: string): void
  /**
   * A file to move the focus to once the tree lists it (a file just renamed from the tree), if
   * the focus is in the tree; a new object each time.
   */
  reveal?: { path: string } | null
}

type FileMenuChoice = 'open' | 'rename' | 'delete' | 'discard'

const fileMenu: MenuItem<FileMenuChoice>[] = [
  { id: 'open', label: 'Open', keys: 'Enter' },
  { id: 'rename', label: 'Rename…', keys: 'F2' },
  { id: 'delete', label: 'Delete…', keys: 'Delete', danger: true },
]
/** Only for a file with changes against the last commit. */
const discardItem: MenuItem<FileMenuChoice> = {
  id: 'discard',
  label: 'Discard changes…',
  danger: true,
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
 * deletes (after the usual question). A file's context menu (right click, Shift+F10 or the menu
 * key) has these and, for a changed file, "Discard changes".
 */
export function FileTree({ tree, active, onOpen, onRename, onDelete, onDiscard, reveal }: Props) {
  const nodes = useMemo(() => buildTree(tree.files, tree.status), [tree])
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set())
  const [focused, setFocused] = useState<string | null>(null)
  const list = useRef<HTMLUListElement>(null)
  const moved = useRef(false)
  const [menu, setMenu] = useState<{ node: TreeNode; at: { x: number; y: number } } | null>(null)
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

  // A renamed file takes the focus from its old name once the tree lists it (when its folder is
  // open), so F2 then Delete or Enter act on it.
  const revealed = useRef<{ path: string } | null>(null)
  useEffect(() => {
    if (!reveal || revealed.current === reveal || !tree.files.includes(reveal.path)) return
    revealed.current = reveal
    const active = document.activeElement
    if (active && active !== document.body && !list.current?.contains(active)) return
    list.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(reveal.path)}"]`)?.focus()
  }, [reveal, tree])

  // The row with the focus went (its file deleted, from here or elsewhere): the focus goes to
  // the row after it, else the one before, not to the page.
  const shownRows = useRef(rows)
  useEffect(() => {
    const before = shownRows.current
    shownRows.current = rows
    if (focused === null || rows.some((r) => r.node.path === focused)) return
    const active = document.activeElement
    if (active && active !== document.body) return
    const at = before.findIndex((r) => r.node.path === focused)
    if (at < 0) return
    const still = (r: Row) => rows.some((s) => s.node.path === r.node.path)
    const next = before.slice(at + 1).find(still) ?? before.slice(0, at).reverse().find(still)
    if (next)
      list.current
        ?.querySelector<HTMLElement>(`[data-path="${CSS.escape(next.node.path)}"]`)
        ?.focus()
  }, [rows, focused])

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

  const rowElement = (path: string) =>
    list.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)

  const openMenu = (node: TreeNode, at: { x: number; y: number }) => {
    if (node.kind !== 'file') return
    setFocused(node.path)
    setMenu({ node, at })
  }

  /** After a choice in the menu the focus is back on the row first, so a dialog the choice
   * opens gives the focus back there too. */
  const choose = (node: TreeNode, choice: FileMenuChoice) => {
    setMenu(null)
    rowElement(node.path)?.focus()
    const act = { open: onOpen, rename: onRename, delete: onDelete, discard: onDiscard }[choice]
    act(node.path)
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (!current) return
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      const box = rowElement(current.node.path)?.getBoundingClientRect()
      if (box) openMenu(current.node, { x: box.left + 24, y: box.top + Math.min(box.height, 22) })
      e.preventDefault()
      return
    }
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
        onContextMenu={(e) => {
          if (node.kind !== 'file') return
          e.preventDefault()
          e.stopPropagation()
          openMenu(node, { x: e.clientX, y: e.clientY })
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
    <>
      <ul className="file-tree" role="tree" aria-label="Files" ref={list} onKeyDown={onKeyDown}>
        {nodes.map((n) => render(n, 0))}
      </ul>
      {menu && (
        <ContextMenu
          label={`Actions for ${menu.node.path}`}
          items={menu.node.status ? [...fileMenu, discardItem] : fileMenu}
          onChoose={(choice) => choose(menu.node, choice)}
          at={menu.at}
          onClose={(returnFocus) => {
            const path = menu.node.path
            setMenu(null)
            if (returnFocus) rowElement(path)?.focus()
          }}
        />
      )}
    </>
  )
}
