import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { formatBytes, formatCount } from '../../../../shared/generations/format'
import { axisBytes, paddedRange, type ChartSeries } from './generations-view'

interface Props {
  series: ChartSeries
  /** The compared pair, marked on the chart. */
  from: number | null
  to: number | null
  /** A click on a generation: compare it with the one before. */
  onPick(number: number): void
}

const colors = {
  size: '#7eb6ff',
  sizeFill: 'rgba(126, 182, 255, 0.12)',
  paths: '#f0a35e',
  axis: '#9a9ca6',
  grid: 'rgba(255, 255, 255, 0.06)',
  current: '#73c991',
  pin: '#e2c08d',
  from: '#c586c0',
  to: '#7eb6ff',
}

const height = 140

/** Marks the current generation and the compared pair with labelled vertical lines. */
function markersPlugin(series: ChartSeries, from: number | null, to: number | null): uPlot.Plugin {
  const current = series.currentIndex >= 0 ? series.numbers[series.currentIndex] : undefined
  const marks: { number: number; label: string; color: string; dash: number[] }[] = []
  if (current !== undefined) {
    marks.push({ number: current, label: 'current', color: colors.current, dash: [] })
  }
  for (const pin of series.pins) {
    marks.push({
      number: pin.number,
      label: `pinned: ${pin.label}`,
      color: colors.pin,
      dash: [2, 3],
    })
  }
  if (from !== null)
    marks.push({ number: from, label: `from #${from}`, color: colors.from, dash: [4, 4] })
  if (to !== null) marks.push({ number: to, label: `to #${to}`, color: colors.to, dash: [4, 4] })
  return {
    hooks: {
      draw: [
        (u) => {
          const ctx = u.ctx
          const { top, left, width, height: h } = u.bbox
          const ratio = window.devicePixelRatio || 1
          ctx.save()
          ctx.font = `${11 * ratio}px system-ui, sans-serif`
          ctx.textBaseline = 'top'
          // Labels of marks on the same generation stack instead of overlapping.
          const rows = new Map<number, number>()
          for (const mark of marks) {
            const x = Math.round(u.valToPos(mark.number, 'x', true))
            ctx.strokeStyle = mark.color
            ctx.lineWidth = (mark.label === 'current' ? 2 : 1) * ratio
            ctx.setLineDash(mark.dash.map((d) => d * ratio))
            ctx.beginPath()
            ctx.moveTo(x, top)
            ctx.lineTo(x, top + h)
            ctx.stroke()
            const row = rows.get(mark.number) ?? 0
            rows.set(mark.number, row + 1)
            const textWidth = ctx.measureText(mark.label).width
            const gap = 4 * ratio
            const textX = x + gap + textWidth > left + width ? x - gap - textWidth : x + gap
            ctx.fillStyle = mark.color
            ctx.fillText(mark.label, textX, top + (2 + row * 13) * ratio)
          }
          ctx.restore()
        },
      ],
    },
  }
}

/** The newest value of a series: the legend shows it while no point is hovered. */
function latest(values: readonly (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]
    if (v !== null && v !== undefined) return v
  }
  return 0
}

/** Says when an axis does not start at zero, so small changes do not read as large ones. */
function axisNote(series: ChartSeries): string {
  const lowest = (values: readonly (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null)
    return known.length === 0 ? 0 : paddedRange(Math.min(...known), Math.max(...known))[0]
  }
  const sizeFromZero = lowest(series.sizes) === 0
  const pathsFromZero = lowest(series.pathCounts) === 0
  if (sizeFromZero && pathsFromZero) return ' (both axes start at zero)'
  if (!sizeFromZero && !pathsFromZero)
    return ' (neither axis starts at zero: they span the values shown)'
  return sizeFromZero
    ? ' (the paths axis does not start at zero)'
    : ' (the size axis does not start at zero)'
}

/**
 * Closure size (left axis) and path count (right axis) over the generations, with uPlot. The
 * chart is rebuilt when its data changes and resized with its box.
 */
export function SizeChart({ series, from, to, onPick }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const pick = useRef(onPick)
  useEffect(() => {
    pick.current = onPick
  }, [onPick])

  useEffect(() => {
    const element = host.current
    if (!element) return
    const showPoints = series.numbers.length <= 60
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      plugins: [markersPlugin(series, from, to)],
      scales: {
        x: { time: false },
        bytes: { range: (_u, min, max) => paddedRange(min, max) },
        paths: { range: (_u, min, max) => paddedRange(min, max) },
      },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
      legend: { show: true, live: true },
      axes: [
        {
          stroke: colors.axis,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid, width: 1 },
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
          values: (_u, values) => values.map((v) => `#${v}`),
          space: 36,
          size: 30,
        },
        {
          scale: 'bytes',
          stroke: colors.axis,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid, width: 1 },
          values: (_u, values, _axis, _space, step) => axisBytes(values, step),
          size: 82,
        },
        {
          scale: 'paths',
          side: 1,
          stroke: colors.axis,
          grid: { show: false },
          ticks: { stroke: colors.grid, width: 1 },
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000],
          values: (_u, values) => values.map((v) => formatCount(Math.round(v))),
          size: 56,
        },
      ],
      series: [
        {
          label: 'Generation',
          value: (_u, v) => (v === null ? `#${latest(series.numbers)} (latest)` : `#${v}`),
        },
        {
          label: 'Closure size',
          scale: 'bytes',
          stroke: colors.size,
          fill: colors.sizeFill,
          width: 2,
          points: { show: showPoints, size: 5, fill: colors.size },
          value: (_u, v) => formatBytes(v ?? latest(series.sizes)),
        },
        {
          label: 'Paths',
          scale: 'paths',
          stroke: colors.paths,
          width: 1.5,
          dash: [5, 4],
          points: { show: false },
          value: (_u, v) => formatCount(v ?? latest(series.pathCounts)),
        },
      ],
    }
    const data: uPlot.AlignedData = [series.numbers, series.sizes, series.pathCounts]
    const plot = new uPlot(options, data, element)
    const onClick = () => {
      const index = plot.cursor.idx
      const number = index === null || index === undefined ? undefined : series.numbers[index]
      if (number !== undefined) pick.current(number)
    }
    plot.over.addEventListener('click', onClick)
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(element.clientWidth, 200), height })
    })
    resize.observe(element)
    return () => {
      resize.disconnect()
      plot.over.removeEventListener('click', onClick)
      plot.destroy()
    }
  }, [series, from, to])

  return (
    <figure className="gen-chart" aria-label="Closure size and path count by generation">
      <div ref={host} className="gen-chart-plot" data-testid="size-chart" />
      <figcaption className="muted">
        Closure size and path count by generation{axisNote(series)}. Click a generation to compare
        it with the one before.
      </figcaption>
    </figure>
  )
}
