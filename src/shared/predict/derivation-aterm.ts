// A `.drv` file as nix writes it (ATerm: `Derive([outputs],[inputDrvs],[inputSrcs],system,
// builder,[args],[env])`), read into the same shape as `nix derivation show` gives. Reading the
// store's .drv files directly costs a few milliseconds for thousands of derivations, where nix
// must start, read them and print them as JSON; the prediction reads them so when the store is
// local. Anything but the plain format (nix's experimental `DrvWithVersion`, for dynamic
// derivations) is refused, and the caller asks nix instead.
import type { Derivation } from './derivation-graph'

export class DerivationFormatError extends Error {}

/** Parses one .drv file's text; `path` is its store path. */
export function parseDerivationFile(path: string, text: string): Derivation {
  let at = 0
  const fail = (what: string): never => {
    throw new DerivationFormatError(`${path}: ${what} at offset ${at}`)
  }
  const expect = (literal: string) => {
    if (!text.startsWith(literal, at)) fail(`expected ${literal}`)
    at += literal.length
  }
  const string = (): string => {
    if (text.charCodeAt(at) !== 0x22) fail('expected a string')
    at++
    let start = at
    let value = ''
    for (;;) {
      const c = text.charCodeAt(at)
      if (c === 0x22) {
        value += text.slice(start, at)
        at++
        return value
      }
      if (c === 0x5c) {
        value += text.slice(start, at)
        const next = text[at + 1]
        value += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : (next ?? '')
        at += 2
        start = at
        continue
      }
      if (Number.isNaN(c)) fail('unterminated string')
      at++
    }
  }
  /** `[item,item,…]`, each read by `item`. */
  const list = (item: () => void) => {
    expect('[')
    if (text.charCodeAt(at) === 0x5d) {
      at++
      return
    }
    for (;;) {
      item()
      const c = text[at++]
      if (c === ']') return
      if (c !== ',') fail('expected , or ]')
    }
  }
  const strings = (): string[] => {
    const values: string[] = []
    list(() => values.push(string()))
    return values
  }

  expect('Derive(')
  const outputs = new Map<string, string | null>()
  let fixedOutput = false
  list(() => {
    expect('(')
    const name = string()
    expect(',')
    const outPath = string()
    expect(',')
    string() // hash algorithm
    expect(',')
    const hash = string()
    expect(')')
    outputs.set(name, outPath === '' ? null : outPath)
    if (hash !== '') fixedOutput = true
  })
  expect(',')
  const inputDrvs = new Map<string, string[]>()
  list(() => {
    expect('(')
    const drv = string()
    expect(',')
    inputDrvs.set(drv, strings())
    expect(')')
  })
  expect(',')
  const inputSrcs = strings()
  expect(',')
  string() // system
  expect(',')
  const builder = string()
  expect(',')
  const args = strings()
  expect(',')
  const env: Record<string, string> = {}
  list(() => {
    expect('(')
    const name = string()
    expect(',')
    env[name] = string()
    expect(')')
  })
  expect(')')
  return { path, outputs, inputDrvs, inputSrcs, env, args, builder, fixedOutput }
}
