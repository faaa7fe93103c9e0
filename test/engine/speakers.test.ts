import { afterEach, describe, expect, it } from "vitest";
import { createEngineHarness, promptText } from "../helpers/engine-harness.js";

type Harness = Awaited<ReturnType<typeof createEngineHarness>>;
let harness: Harness;

afterEach(async () => {
  await harness?.close();
});

describe("a task with speakers (a scene's next line)", () => {
  it("asks for a speaker per response, with the names in the schema, and keeps it on every candidate of the tail", async () => {
    harness = await createEngineHarness();
    harness.fake.enqueue({
      content: JSON.stringify({
        responses: [
          { speaker: "Mira", text: "The tide turns at dusk.", probability: 0.4 },
          { speaker: "Captain Reed", text: "We sail anyway.", probability: 0.35 },
          { speaker: "Mira", text: "Then bring a lantern.", probability: 0.25 },
        ],
      }),
    });
    const first = await harness.engine.start(
      harness.spec({ k: 3, speakers: ["Captain Reed", "Mira"] }),
    );
    const request = harness.fake.requests[0];
    expect(promptText(request)).toContain('"speaker"');
    expect(promptText(request)).toContain('"Captain Reed", "Mira"');
    const format = request?.body.response_format as
      | { json_schema: { schema: { properties: { responses: { items: unknown } } } } }
      | undefined;
    expect(format?.json_schema.schema.properties.responses.items).toMatchObject({
      properties: { speaker: { enum: ["Captain Reed", "Mira"] } },
    });
    const lines = [first.candidates[0]];
    lines.push((await harness.engine.more(first.tailId)).candidates[0]);
    lines.push((await harness.engine.more(first.tailId)).candidates[0]);
    expect(lines.map((line) => `${line?.speaker}: ${line?.text}`).sort()).toEqual([
      "Captain Reed: We sail anyway.",
      "Mira: The tide turns at dusk.",
      "Mira: Then bring a lantern.",
    ]);
    expect(harness.fake.requests).toHaveLength(1);
  });
});
