// Parts of the page that load when first shown: the workspace, each area, and with them Monaco,
// xterm and uPlot. The first screen then paints from a small script while the rest is fetched.
// A part that cannot be fetched (the server stopped, or restarted with a new build) says so in
// its place with a way to try again, instead of emptying the whole page.
import {
  Component,
  lazy,
  Suspense,
  type ComponentType,
  type LazyExoticComponent,
  type ReactNode,
} from 'react'
import { ErrorNotice } from './ErrorNotice'
import { messageOf } from '../../../shared/errors'

/** The code of a part could not be fetched; other errors are not this boundary's to show. */
class PartLoadError extends Error {}

/**
 * React.lazy for a module's named export: `lazyNamed(() => import('./X'), 'X')`. `any` props as
 * in React.lazy's own signature: the component keeps its real props type through `M[K]`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(() =>
    load().then(
      (module) => ({ default: module[name] }),
      (error: unknown) => {
        throw new PartLoadError(messageOf(error))
      },
    ),
  )
}

interface Props {
  /** What is loading, for the words on screen: "the Files area". */
  what: string
  children: ReactNode
}

/** Shows `children` once their code has arrived; until then a quiet line, on failure why. */
export function OnDemand({ what, children }: Props) {
  return (
    <LoadBoundary what={what}>
      <Suspense
        fallback={
          <div className="centered" aria-busy="true">
            <p className="muted">Loading {what}…</p>
          </div>
        }
      >
        {children}
      </Suspense>
    </LoadBoundary>
  )
}

class LoadBoundary extends Component<{ what: string; children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null }

  static getDerivedStateFromError(error: unknown) {
    return { error }
  }

  override render() {
    const { error } = this.state
    if (error === null) return this.props.children
    // Anything but a failed fetch goes on up, as if this boundary were not there.
    if (!(error instanceof PartLoadError)) throw error
    const detail = error.message
    return (
      <div className="centered">
        <div>
          <ErrorNotice
            error={{
              code: 'unavailable',
              message: `Flakedeck could not load ${this.props.what}.`,
              hint: 'The app may have stopped or been updated. Reload the page to load it again.',
              ...(detail ? { details: detail } : {}),
            }}
          />
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    )
  }
}
