import { describe, expect, it, vi } from 'vitest'
import { requestChannel } from '../../src/renderer/src/app/request-channel'

describe('requestChannel', () => {
  it('hands each request to every listener until it stops listening', () => {
    const channel = requestChannel<number>()
    const a = vi.fn()
    const b = vi.fn()
    const stopA = channel.listen(a)
    channel.listen(b)
    channel.request(1)
    stopA()
    channel.request(2)
    expect(a.mock.calls).toEqual([[1]])
    expect(b.mock.calls).toEqual([[1], [2]])
  })

  it('drops a request nobody hears when its area is always mounted', () => {
    const channel = requestChannel<number>()
    channel.request(1)
    const late = vi.fn()
    channel.listen(late)
    expect(late).not.toHaveBeenCalled()
  })

  it('keeps the newest unheard request for the first listener of an area that loads later', () => {
    const channel = requestChannel<string>({ keepUntilHeard: true })
    channel.request('old')
    channel.request('new')
    const first = vi.fn()
    const second = vi.fn()
    channel.listen(first)
    channel.listen(second)
    expect(first.mock.calls).toEqual([['new']])
    expect(second).not.toHaveBeenCalled()
  })
})
