// A closure as stored: a packed list of store-path ids (little-endian uint32), so hundreds of
// generations share one row per store path and each closure costs 4 bytes a path.

export function encodeIds(ids: readonly number[]): Buffer {
  const buffer = Buffer.allocUnsafe(ids.length * 4)
  ids.forEach((id, i) => buffer.writeUInt32LE(id, i * 4))
  return buffer
}

export function decodeIds(buffer: Buffer): number[] {
  const ids = new Array<number>(buffer.length >>> 2)
  for (let i = 0; i < ids.length; i++) ids[i] = buffer.readUInt32LE(i * 4)
  return ids
}
