// The shape of a handler: a function from a method's validated input (the contract's parsed
// type) to its output. Each area's module answers the methods under its prefix.
import type { MethodName, ShellMethodName } from '../../shared/channels'
import type { contract, MethodOutput } from '../../shared/contract'

export type CoreMethod = Exclude<MethodName, ShellMethodName>

export type Handlers<M extends MethodName> = {
  [K in M]: (
    input: (typeof contract)[K]['input']['_output'],
  ) => Promise<MethodOutput<K>> | MethodOutput<K>
}

/** The handlers of every core method whose name starts with `Prefix.` */
export type HandlersOf<Prefix extends string> = Handlers<Extract<CoreMethod, `${Prefix}.${string}`>>

/** Methods the desktop shell answers itself (a folder picker, opening a link). */
export type ShellHandlers = Handlers<ShellMethodName>
