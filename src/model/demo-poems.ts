import { composeTriples } from "./demo-compose.js";

/**
 * The offline demo's short poems: three rhyming couplets, the first bringing in the subject,
 * combined so that no two poems share more than one couplet (121 in all).
 */
const FIRST = [
  "Before the sun has found the sill,\nI think of {subject}, calm and still;",
  "They told me {subject} was a phase,\na passing cloud, a summer haze;",
  "A quiet song of {subject} plays\nbeneath the noise of busy days;",
  "The river never tells me why\nit carries {subject} drifting by;",
  "Some write of kings and some of seas;\nI write of {subject}, if you please;",
  "Oh, {subject}, you stubborn thing,\nyou never come when I would sing;",
  "At dusk, when all the lamps come on,\nI find that {subject} has not gone;",
  "My pocket holds a folded note,\nthe only line on {subject} I wrote;",
  "In winter light, in autumn rain,\nI come to {subject} once again;",
  "The garden grew without a plan,\nand {subject} crept in where it began;",
  "If I could bottle just one hour,\nit would be {subject} in full flower;",
];

const MIDDLE = [
  "the kettle hums, the morning's new,\nand every small thing shines right through;",
  "the years went by, and here I stand,\nstill holding it in either hand;",
  "you only hear it if you stop,\nlike rain before its very first drop;",
  "I watch it round the willow bend\nand wonder where its journeys end;",
  "it is not grand, it is not loud,\nit drifts like shadow under cloud;",
  "yet when I sit in silent thought,\nit wanders in, although unsought;",
  "the windows glow, the streets go slow,\nthe last bus hums its way below;",
  "it isn't long, it isn't wise,\nbut still it brightens tired eyes;",
  "the way a well-worn door swings wide\nwhen someone waits for you inside;",
  "a rose, a weed, a watering can,\na sparrow with a stubborn plan;",
  "with tea gone cold and nothing due,\nthe hours stretch and the light comes through;",
];

const CLOSING = [
  "and when the counting's done, I find\nit waiting, patient, in my mind.",
  "So write it small and write it plain\nacross the foggy windowpane.",
  "It came, it stayed a little while,\nand left the morning with a smile.",
  "I'll keep it like a pressed green leaf\nbetween the pages of belief.",
  "And if the world should ask me how,\nI'll say: it's here, it's here, and now.",
  "The stars come out to see it through;\nthey know a thing or two, they do.",
  "I do not need to understand\nto feel it warm against my hand.",
  "So let the clocks forget the time;\nsome things are better kept in rhyme.",
  "And every road I take leads back\nto it, along the same old track.",
  "Tomorrow it may not be here,\nbut oh, tonight, it's very near.",
  "That's all, and somehow that's enough:\na simple thing, of simple stuff.",
];

export const POEMS: readonly string[] = composeTriples(FIRST, MIDDLE, CLOSING, (parts) =>
  parts.join("\n"),
);
