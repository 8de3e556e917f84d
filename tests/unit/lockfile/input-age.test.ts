import { describe, expect, test } from 'vitest'
import {
  ageInDays,
  formatAge,
  isStale,
  isStaleAfterDays,
  parseStaleAfterDays,
} from '../../../src/shared/lockfile/input-age'

const now = Date.UTC(2024, 5, 1)
const daysBefore = (days: number) => now / 1000 - days * 86_400

describe('formatAge', () => {
  test('reads like a person would say it', () => {
    expect(formatAge(null)).toBe('')
    expect(formatAge(0)).toBe('today')
    expect(formatAge(1)).toBe('1 day')
    expect(formatAge(13)).toBe('13 days')
    expect(formatAge(14)).toBe('2 weeks')
    expect(formatAge(21)).toBe('3 weeks')
    expect(formatAge(59)).toBe('8 weeks')
    expect(formatAge(60)).toBe('2 months')
    expect(formatAge(95)).toBe('3 months')
    expect(formatAge(364)).toBe('12 months')
    expect(formatAge(365)).toBe('1 year')
    expect(formatAge(400)).toBe('1 year 1 month')
    expect(formatAge(1000)).toBe('2 years 9 months')
  })
})

describe('isStale', () => {
  test('older than the threshold, to the second, as the core counts it', () => {
    const row = (days: number) => ({ follows: null, lastModified: daysBefore(days) })
    expect(isStale(row(91), 90, now)).toBe(true)
    expect(isStale(row(90), 90, now)).toBe(false)
    expect(isStale({ follows: null, lastModified: daysBefore(90) - 1 }, 90, now)).toBe(true)
    expect(isStale(row(10), 7, now)).toBe(true)
    expect(isStale(row(10), 3650, now)).toBe(false)
  })

  test('a follows row, or one without a date, is never stale itself', () => {
    expect(isStale({ follows: 'nixpkgs', lastModified: daysBefore(500) }, 90, now)).toBe(false)
    expect(isStale({ follows: null, lastModified: null }, 90, now)).toBe(false)
  })
})

describe('parseStaleAfterDays', () => {
  test('whole days from 1 to 3650, as the settings accept', () => {
    expect(parseStaleAfterDays('90')).toBe(90)
    expect(parseStaleAfterDays(' 30 ')).toBe(30)
    expect(parseStaleAfterDays('1')).toBe(1)
    expect(parseStaleAfterDays('3650')).toBe(3650)
    for (const bad of ['', '0', '3651', '-5', '1.5', 'ten', '1e3']) {
      expect(parseStaleAfterDays(bad)).toBeNull()
    }
  })
})

describe('isStaleAfterDays', () => {
  test('the stored values the settings accept', () => {
    expect(isStaleAfterDays(90)).toBe(true)
    for (const bad of [0, 3651, 1.5, '90', null, undefined])
      expect(isStaleAfterDays(bad)).toBe(false)
  })
})

describe('ageInDays', () => {
  test('whole days, never negative, null without a date', () => {
    expect(ageInDays(daysBefore(3) - 10, now)).toBe(3)
    expect(ageInDays(now / 1000 + 500, now)).toBe(0)
    expect(ageInDays(null, now)).toBeNull()
  })
})
