import { describe, expect, it } from 'vitest'
import {
  OutputTail,
  compressOutput,
  decompressOutput,
} from '../../../src/main/services/rebuild/output-tail'

describe('stored output', () => {
  it('keeps everything under the cap', () => {
    const tail = new OutputTail(100)
    tail.append('one\r\n')
    tail.append('two\r\n')
    expect(tail.text()).toBe('one\r\ntwo\r\n')
    expect(tail.truncated).toBe(false)
  })

  it('keeps the newest part, from a line start', () => {
    const tail = new OutputTail(1000)
    for (let i = 0; i < 500; i++) tail.append(`line ${i}\r\n`)
    const text = tail.text()
    expect(tail.truncated).toBe(true)
    expect(text.length).toBeLessThanOrEqual(1000)
    expect(text.startsWith('line ')).toBe(true)
    expect(text.endsWith('line 499\r\n')).toBe(true)
  })

  it('holds no more than about the cap while text keeps coming (dropped chunks are let go)', () => {
    const tail = new OutputTail(10_000)
    const chunk = `${'x'.repeat(999)}\n`
    for (let i = 0; i < 3000; i++) tail.append(chunk)
    // White-box: the text still referenced, which is what memory holds on to.
    const held = (tail as unknown as { chunks: string[] }).chunks.join('').length
    expect(held).toBeLessThanOrEqual(10_000 + chunk.length)
    expect(tail.text()).toBe(chunk.repeat(10))
  })

  it('compresses with gzip and back', () => {
    const text = 'building…\r\n'.repeat(1000)
    const packed = compressOutput(text)
    expect(packed.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
    expect(packed.length).toBeLessThan(text.length / 10)
    expect(decompressOutput(packed)).toBe(text)
  })
})
