// An open file of the Files area as the UI sees it (the text itself is in its Monaco model).
export interface Tab {
  path: string
  language: string
  /** Version on disk that the buffer was last loaded from or saved as. */
  version: string
  readOnlyReason: 'binary' | 'too-large' | null
  size: number
  dirty: boolean
  /** The file changed on disk while the buffer had unsaved edits. */
  conflict: boolean
  deletedOnDisk: boolean
}
