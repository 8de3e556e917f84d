// The pty host: a worker thread that owns every program the app runs in a pseudo-terminal and
// reads them as fast as they write (see drained-pty.ts for why this is not the app's thread).
// It only drains and batches; the app's thread parses, stores and sends the output.
import { parentPort } from 'node:worker_threads'
import { DrainedPty } from './drained-pty'
import type { HostReport, HostRequest } from './messages'
import { messageOf } from '../../../shared/errors'

const port = parentPort
if (!port) throw new Error('pty-worker.ts runs as a worker thread')

const programs = new Map<number, DrainedPty>()
const report = (message: HostReport): void => port.postMessage(message)

port.on('message', (request: HostRequest) => {
  switch (request.type) {
    case 'spawn': {
      const { id } = request
      try {
        const program = new DrainedPty({
          ...request,
          onData: (data) => report({ type: 'data', id, data }),
          onExit: (exitCode, signal) => {
            programs.delete(id)
            report({ type: 'exit', id, exitCode, signal })
          },
        })
        programs.set(id, program)
        report({ type: 'spawned', id, pid: program.pid })
      } catch (error) {
        report({
          type: 'spawn-failed',
          id,
          message: messageOf(error),
        })
      }
      return
    }
    case 'write':
      programs.get(request.id)?.write(request.data)
      return
    case 'resize':
      programs.get(request.id)?.resize(request.cols, request.rows)
      return
  }
})
