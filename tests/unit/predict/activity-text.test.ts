// What the prediction shows of nix's current activity: the text of an internal-json `start`
// line, without the colours nix puts on store paths in its messages (JSON or not).
import { describe, expect, it } from 'vitest'
import { activityText } from '../../../src/main/services/predict/toplevel-evaluation'

describe("nix's activity during a prediction", () => {
  it('is the text of a start line, without colours', () => {
    const line = `@nix ${JSON.stringify({
      action: 'start',
      id: 1,
      level: 3,
      type: 100,
      text: "copying '\u001b[35;1m/nix/store/abc-source\u001b[0m' to the store",
      fields: [],
      parent: 0,
    })}`
    expect(activityText(line)).toBe("copying '/nix/store/abc-source' to the store")
  })

  it('is nothing for other lines, an empty text or a text of colours alone', () => {
    expect(activityText('evaluating…')).toBeNull()
    expect(activityText('@nix {"action":"stop","id":1}')).toBeNull()
    expect(activityText('@nix {"action":"start","id":1,"text":""}')).toBeNull()
    expect(activityText('@nix {"action":"start","id":1,"text":"\\u001b[0m"}')).toBeNull()
    expect(activityText('@nix {not json')).toBeNull()
  })
})
