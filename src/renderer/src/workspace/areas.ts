export const areas = [
  { id: 'files', label: 'Files', icon: '📄', key: '1' },
  { id: 'inputs', label: 'Inputs', icon: '🔗', key: '2' },
  { id: 'rebuild', label: 'Rebuild', icon: '🔨', key: '3' },
  { id: 'generations', label: 'Generations', icon: '🕓', key: '4' },
] as const

export type AreaId = (typeof areas)[number]['id']

export function isAreaId(value: string | null): value is AreaId {
  return areas.some((a) => a.id === value)
}
