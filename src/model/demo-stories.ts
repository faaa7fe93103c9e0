import { composeTriples } from "./demo-compose.js";

/**
 * The offline demo's very short stories: an opening that brings in the subject, a turn and an
 * ending, combined so that no two stories share more than one of the three (121 in all).
 * Turns and endings speak of "they", so any opening's hero fits any of them.
 */
const OPENINGS = [
  "Every morning, the lighthouse keeper Ines wrote one line about {subject} in a leather notebook, though nobody had ever read it, not even the gulls that kept her company.",
  'Mara found a map in her grandmother\'s attic with three words across the top: "Follow {subject}." The paper was still warm, as if someone had only just put it down.',
  "The mail-sorting robot at Platform Nine had been built for speed, but lately it kept pausing in the middle of a parcel to think about {subject}.",
  "On the last night of the autumn fair, the old fortune teller Zora turned away every customer except one boy, who only wanted to ask her about {subject}.",
  "Theo ran the smallest bookshop in the world, with room for one customer and one book, and the book in the window was always about {subject}.",
  'The night train to the coast stopped in the middle of a wheat field, and the conductor, Mr. Okafor, announced a short delay "due to {subject}."',
  "In a village where it had not rained for a year, a clockmaker named Pell built a clock that ticked only while someone nearby was thinking about {subject}.",
  "A small dragon named Ember enrolled at the village school, determined to learn everything there was to know about {subject}.",
  "When the river froze, Agnes skated across it to the island with a lantern, a flask of soup and a head full of questions about {subject}.",
  "The astronaut Lin floated past the station window and tried, for the third time that week, to explain {subject} to mission control.",
  "Nobody on Harrow Street knew why the retired baker Mr. Quill had painted his front door with scenes of {subject}, and nobody dared to ask.",
];

const TURNS = [
  "Then, one stormy evening, a stranger in a yellow coat knocked at the door, soaked to the bone, and asked politely whether they could spare a cup of courage.",
  "The next day everything that could go wrong did: the kettle sang off-key, the cat learned to open drawers, and the town's only bridge quietly floated away.",
  'Halfway through the week a letter arrived with no stamp and no return address, holding nothing but a pressed flower and a single word: "Soon."',
  "At noon the bells of the old church rang thirteen times, and every pigeon in the square turned, as one, to stare straight at them.",
  "That winter a fox began to visit each night at the same hour, sitting just out of reach and watching with the patience of someone who knows a secret.",
  "Then the power failed across the whole valley, and in the dark they heard, very faintly, someone humming a tune they had not heard since childhood.",
  "Weeks passed without anything unusual, until a child pointed out that their shadow had begun arriving a few seconds late.",
  "One afternoon a hot-air balloon landed in the garden, and its pilot, an elderly woman with excellent boots, said she had been looking for them for forty years.",
  "Soon a rumor spread that whoever solved the riddle carved above the well would be granted one small and very specific wish.",
  "By the end of the month the whole neighborhood had an opinion, three committees had been formed, and a brass band was rehearsing on the corner.",
  "Late one night a radio that had been broken for years crackled to life and read out their name, followed by a weather forecast for a town that did not exist.",
];

const ENDINGS = [
  "Nothing was ever quite explained, but the next morning the town woke to find every window washed, and people smiled at strangers for a week.",
  "In the end they understood that some questions are better carried than answered, and they walked home lighter, whistling all the way.",
  "Years later, when children asked how it all began, the grown-ups only winked and said it started with a kettle and a very stubborn idea.",
  "So they wrote it all down, sealed the pages in a biscuit tin and buried it under the apple tree, where, as far as anyone knows, it still keeps the roots warm.",
  "By spring the matter was settled: there would be a festival every year on that date, with lanterns, bad poetry and far too many pies.",
  "It turned out the answer had been written on the back of the map all along, in pencil, faint, and slightly misspelled.",
  "Nobody ever found out who was behind it, and that, everyone agreed, was the best part; the mystery became the town's favorite possession.",
  'When at last they opened the small green door at the end of it all, they found a kitchen, a warm kettle and a note that said, "Took you long enough."',
  "Afterwards they kept one thing from that season on the mantelpiece, a smooth grey pebble, and told anyone who asked that it was the most valuable thing they owned.",
  'The local paper printed the story under the headline "Nothing Happens, Again," and it was by far the most-read article of the year.',
  "They never spoke of it again, except once, very late at a wedding, when they laughed so hard that the band had to stop playing.",
];

export const STORIES: readonly string[] = composeTriples(OPENINGS, TURNS, ENDINGS, (parts) =>
  parts.join("\n\n"),
);
