export const areas = [
  { id: 'files', label: 'Files', key: '1' },
  { id: 'inputs', label: 'Inputs', key: '2' },
  { id: 'rebuild', label: 'Rebuild', key: '3' },
  { id: 'generations', label: 'Generations', key: '4' },
] as const

export type AreaId = (typeof areas)[number]['id']

export function isAreaId(value: string | null): value is AreaId {
  return areas.some((a) => a.id === value)
}
