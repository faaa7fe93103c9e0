/**
 * Characters invented for these tests (no published card's text), in the shapes cards come in:
 * V1 (flat), V2 (`chara_card_v2`) and V3 (`chara_card_v3`), as plain JSON values.
 */

/** V1: the six fields at the top level, as many older cards still are. */
export function bramblev1(): Record<string, unknown> {
  return {
    name: "Bramble Quillfeather",
    description:
      "{{char}} is a hedgehog who runs the village post office and reads every postcard.",
    personality: "nosy, kind, easily flustered",
    scenario: "<USER> comes in to send a parcel just before closing time.",
    first_mes: "Oh! <user>, you made it before the bell. What are we sending today?",
    mes_example:
      "<START>\n{{user}}: Any mail for me?\n{{char}}: Two letters and a very suspicious box.",
  };
}

/** V2 with every field the spec lists, a lore book and extensions of other tools. */
export function odalysV2(): Record<string, unknown> {
  return {
    spec: "chara_card_v2",
    spec_version: "2.0",
    data: {
      name: "Captain Odalys Venn",
      description: "{{char}} commands the airship Kestrel and owes money in four ports.",
      personality: "bold, superstitious about weather, fond of {{user}}",
      scenario: "{{user}} has just signed on as navigator.",
      first_mes: "Welcome aboard the Kestrel, {{user}}. Mind the ropes.",
      mes_example:
        "<START>\n{{user}}: Where are we headed?\n{{char}}: Wherever the wind pays best.\n<START>\n{{user}}: Is she safe?\n{{char}}: Safer than the harbor at night.",
      creator_notes: "Works best with short, salty replies.",
      system_prompt: "You are {{char}}. Never break character, and speak to {{user}} plainly.",
      post_history_instructions: "Keep {{char}}'s replies under four sentences.",
      alternate_greetings: [
        "Storm's coming, {{user}}. Grab the storm glass.",
        "You're late, {{user}}. The Kestrel waits for no one.",
      ],
      character_book: {
        name: "Kestrel lore",
        scan_depth: 3,
        token_budget: 500,
        recursive_scanning: false,
        extensions: { "othertool/book": { color: "teal" } },
        entries: [
          {
            keys: ["storm glass"],
            content: "The storm glass clouds over a day before any squall.",
            extensions: { "othertool/entry": [1, 2, 3] },
            enabled: true,
            insertion_order: 20,
            case_sensitive: false,
            id: 1,
            comment: "weather",
            position: "after_char",
          },
          {
            keys: ["Kestrel"],
            content: "The Kestrel has a patched blue envelope and a brass figurehead.",
            extensions: {},
            enabled: true,
            insertion_order: 10,
            case_sensitive: true,
            id: 2,
            position: "before_char",
          },
          {
            keys: ["harbor"],
            secondary_keys: ["night", "dark"],
            selective: true,
            content: "Smugglers work the harbor after dark.",
            extensions: {},
            enabled: true,
            insertion_order: 30,
            id: 3,
          },
          {
            keys: ["debt"],
            content: "{{char}} owes the Guild of Lamplighters three hundred crowns.",
            extensions: {},
            enabled: false,
            insertion_order: 5,
            id: 4,
          },
          {
            keys: [],
            content: "The Kestrel's crew are loyal to {{char}}.",
            extensions: {},
            enabled: true,
            insertion_order: 1,
            constant: true,
            id: 5,
            priority: 10,
          },
        ],
      },
      tags: ["adventure", "airship"],
      creator: "vsbot tests",
      character_version: "1.2",
      extensions: {
        talkativeness: "0.6",
        "othertool/voice": { pitch: -2, presets: ["gruff", { deep: true }] },
        depth_prompt: { prompt: "Salt everything.", depth: 4 },
      },
    },
  };
}

/** V3: a nickname, group-only greetings, assets, a regex key and decorators. */
export function tamsinV3(): Record<string, unknown> {
  return {
    spec: "chara_card_v3",
    spec_version: "3.0",
    data: {
      name: "Tamsin Reed",
      nickname: "Tam",
      description: "{{char}} is a clockwork archivist who catalogues forgotten songs.",
      personality: "precise, gentle, quietly funny",
      scenario: "{{user}} brings {{char}} a music box that plays no known tune.",
      first_mes: "Another song for the shelves, {{user}}? Let me listen.",
      mes_example: "",
      creator_notes: "V3 test card.",
      system_prompt: "",
      post_history_instructions: "",
      alternate_greetings: ["The archive is closed, {{user}}, but for you, one song."],
      group_only_greetings: ["Everyone, quiet: the archive is listening."],
      character_book: {
        extensions: {},
        entries: [
          {
            keys: ["music ?box(es)?"],
            content: "Music boxes in the archive are wound only at dusk.",
            extensions: {},
            enabled: true,
            insertion_order: 1,
            use_regex: true,
          },
          {
            keys: ["song"],
            content: "@@exclude_keys lullaby\nSongs are filed by the feeling they leave.",
            extensions: {},
            enabled: true,
            insertion_order: 2,
            use_regex: false,
          },
          {
            keys: ["never mentioned"],
            content: "@@activate\nThe archive's lamps never go out.",
            extensions: {},
            enabled: true,
            insertion_order: 3,
            use_regex: false,
          },
        ],
      },
      tags: ["archive"],
      creator: "vsbot tests",
      character_version: "3",
      extensions: { "othertool/theme": "sepia" },
      assets: [{ type: "icon", uri: "ccdefault:", name: "main", ext: "png" }],
      source: ["vsbot-tests:tamsin"],
      creation_date: 1_700_000_000,
      modification_date: 1_700_000_100,
    },
  };
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
