// Predictions kept in SQLite by (host, derivation before, derivation after): two derivation
// paths fix both closures, so reopening a preview answers from here without evaluating the
// comparison again. Stored as JSON text; `predictionFormat` is bumped when the shape changes, so
// an old answer is recomputed rather than misread.
import type Database from 'better-sqlite3'
import type { Prediction } from '../../../shared/predict/types'

export const predictionFormat = 1

/** Rows kept; the oldest go first. */
const rowsKept = 200

export class PredictionStore {
  constructor(private readonly db: Database.Database) {}

  get(host: string, beforeDrv: string, afterDrv: string): Prediction | null {
    const row = this.db
      .prepare(
        `SELECT result FROM predictions
         WHERE host = ? AND before_drv = ? AND after_drv = ? AND format = ?`,
      )
      .get(host, beforeDrv, afterDrv, predictionFormat) as { result: string } | undefined
    if (!row) return null
    // Written by put() in this format (the query checks it), so read without a schema: a
    // prediction of thousands of lines answers in a few milliseconds.
    return { ...(JSON.parse(row.result) as Prediction), cached: true }
  }

  put(prediction: Prediction): void {
    const { host, beforeDrv, afterDrv } = prediction
    this.db
      .prepare(
        `INSERT OR REPLACE INTO predictions (host, before_drv, after_drv, format, result, computed_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        host,
        beforeDrv,
        afterDrv,
        predictionFormat,
        JSON.stringify({ ...prediction, cached: false }),
        prediction.computedAt,
      )
    this.db
      .prepare(
        `DELETE FROM predictions WHERE rowid NOT IN
         (SELECT rowid FROM predictions ORDER BY computed_at DESC LIMIT ?)`,
      )
      .run(rowsKept)
  }
}
