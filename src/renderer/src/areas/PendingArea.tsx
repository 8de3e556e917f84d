/** An area whose feature has not landed yet says so, and what it will do. */
export function PendingArea({
  title,
  summary,
  points,
}: {
  title: string
  summary: string
  points: string[]
}) {
  return (
    <section className="area pending-area" aria-labelledby="area-title">
      <h1 id="area-title">{title}</h1>
      <p>{summary}</p>
      <p className="muted">Not built yet. It will:</p>
      <ul>
        {points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </section>
  )
}
