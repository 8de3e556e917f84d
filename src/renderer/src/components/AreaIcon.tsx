// Inline SVG icons: they render the same everywhere, with no icon font to ship or fetch.
const paths: Record<string, string> = {
  files: 'M6 2h8l4 4v16H6z M14 2v4h4',
  inputs:
    'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1 M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  rebuild: 'M4 20l9-9 M14 4l6 6-3 3-6-6z',
  generations: 'M12 7v5l3 2 M12 3a9 9 0 1 0 0.01 0',
}

export function AreaIcon({ name }: { name: keyof typeof paths | string }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={paths[name] ?? ''} />
    </svg>
  )
}
