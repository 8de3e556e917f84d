// The app's side of the pty host (pty-worker.ts): starts the worker on first use, routes its
// reports to each program, and keeps the process alive only while a program runs.
import { Worker } from 'node:worker_threads'
import workerPath from './pty-worker?modulePath'
import type { HostReport, HostRequest, PtyStart } from './messages'

export interface HostedProgram {
  onData(data: string): void
  onExit(exitCode: number, signal: number | null): void
}

type Pending = {
  resolve: (pid: number) => void
  reject: (error: Error) => void
  program: HostedProgram
}

export class PtyHost {
  /** @param startWorker starts the worker thread (tests give it one that fails). */
  constructor(private readonly startWorker: () => Worker = () => new Worker(workerPath)) {}

  private worker: Worker | null = null
  private nextId = 1
  private readonly starting = new Map<number, Pending>()
  private readonly running = new Map<number, HostedProgram>()

  /** Starts a program; resolves with its pid, or rejects with the reason it could not start. */
  spawn(request: PtyStart, program: HostedProgram): Promise<{ id: number; pid: number }> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.starting.set(id, { resolve: (pid) => resolve({ id, pid }), reject, program })
      this.send({ ...request, type: 'spawn', id })
    })
  }

  /** Starts the worker if it is not running; an idle worker keeps nothing alive. */
  warm(): void {
    if (!this.worker) this.start().unref()
  }

  write(id: number, data: string): void {
    if (this.running.has(id)) this.send({ type: 'write', id, data })
  }

  resize(id: number, cols: number, rows: number): void {
    if (this.running.has(id)) this.send({ type: 'resize', id, cols, rows })
  }

  private send(request: HostRequest): void {
    const worker = this.worker ?? this.start()
    worker.ref()
    worker.postMessage(request)
  }

  private start(): Worker {
    const worker = this.startWorker()
    worker.on('message', (report: HostReport) => this.receive(report))
    // The worker only ends if it failed; every program it held is lost with it.
    const lost = (reason: string) => {
      if (this.worker !== worker) return
      this.worker = null
      for (const [, pending] of this.starting) pending.reject(new Error(reason))
      this.starting.clear()
      for (const [, program] of this.running) {
        program.onData(`\r\nFlakedeck lost this terminal: ${reason}\r\n`)
        program.onExit(1, null)
      }
      this.running.clear()
    }
    worker.on('error', (error) => lost(error.message))
    worker.on('exit', (code) => lost(`the terminal host stopped (exit code ${code})`))
    this.worker = worker
    return worker
  }

  private receive(report: HostReport): void {
    switch (report.type) {
      case 'spawned': {
        const pending = this.starting.get(report.id)
        this.starting.delete(report.id)
        if (!pending) return
        this.running.set(report.id, pending.program)
        pending.resolve(report.pid)
        break
      }
      case 'spawn-failed': {
        const pending = this.starting.get(report.id)
        this.starting.delete(report.id)
        pending?.reject(new Error(report.message))
        break
      }
      case 'data':
        this.running.get(report.id)?.onData(report.data)
        return
      case 'exit': {
        const program = this.running.get(report.id)
        this.running.delete(report.id)
        program?.onExit(report.exitCode, report.signal)
        break
      }
    }
    // An idle worker does not keep the app (or a test, or the CLI) running.
    if (this.starting.size === 0 && this.running.size === 0) this.worker?.unref()
  }
}
