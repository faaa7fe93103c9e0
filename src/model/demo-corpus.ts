/**
 * The offline demo model's answers. Templates take `{subject}` (as the user wrote it) or
 * `{Subject}` (first letter capitalized, for the start of a sentence). The subject is used as
 * a noun phrase after a preposition or verb, and verbs that follow it are past tense or
 * modal, so "coffee", "the workplace" and "a dragon who hates gold" all read well.
 */

export const DEMO_TASKS = [
  "joke",
  "story",
  "poem",
  "brainstorm",
  "ask",
  "persona",
  "generic",
] as const;
export type DemoTask = (typeof DEMO_TASKS)[number];

export interface DemoTaskCorpus {
  /** Used when the request's subject is empty. */
  readonly defaultSubject: string;
  readonly templates: readonly string[];
}

const jokes: readonly string[] = [
  "I tried to write a serious essay about {subject}, but every paragraph ended in a punchline. My editor called it a mess; I called it a first draft with ambition.",
  'I asked my GPS for directions to {subject}. It said "recalculating" and has not spoken to me since.',
  'My grandmother says {subject} was better in her day. When I asked what changed, she said, "Mostly the batteries."',
  "I joined a support group for people who cannot stop talking about {subject}. We meet every Tuesday, and so far nobody has managed to introduce themselves.",
  "I told my houseplant everything I know about {subject}. It has not grown an inch since, which I choose to read as stunned admiration.",
  "Scientists finally measured the exact weight of {subject}: slightly more than you expected, and always heaviest on the day you forgot to stretch.",
  "A cat, a dog and a goldfish held a debate on {subject}. The cat won, mostly by knocking the other arguments off the table.",
  'I bought a beginner\'s guide to {subject}. Chapter one was titled "Are You Sure?" and chapter two was just a picture of a nap.',
  "My fitness tracker watched me think about {subject} for an hour. It logged zero steps and one very long sigh.",
  'I asked an owl what it thought of {subject}. It said "Who?", which was fair; I had not introduced them.',
  "My to-do list has one item on it: figure out {subject}. It has been there so long it now gets mail.",
  "I tried explaining {subject} to a toddler. Ten minutes later the toddler was explaining it back to me, with better hand gestures.",
  "They say never to discuss {subject} at dinner. So we discussed it at breakfast, and now lunch is very quiet.",
  "My calendar reminded me about {subject} at three in the morning. I never set that reminder, so now I suspect the calendar has opinions.",
  "A snail set out to read every book on {subject}. It took him forty years, and he still finished before my book club.",
  "I named my Wi-Fi network after {subject}. Now the neighbors knock on my door with follow-up questions.",
  "The museum opened a new exhibit on {subject}. The gift shop is three times bigger than the exhibit, which tells you everything.",
  "My dog barks whenever someone mentions {subject}. We still cannot tell if it is loyalty, protest, or a very detailed review.",
  "I tried meditating on {subject}. Within five minutes my inner voice asked for a break and a small raise.",
  "My horoscope said today would be all about {subject}. It was right, but only because I read the horoscope and panicked.",
  "A pirate once buried his thoughts on {subject}. X marks the spot, but the crew still argues about what X stands for.",
  'I asked a mathematician to explain {subject}. She drew a circle, labeled it "roughly this", and went to lunch.',
  "My uncle claims he invented {subject}. He also claims he invented Thursdays, so the family reviews are mixed.",
  "I try to keep my opinions on {subject} to myself. Unfortunately, my eyebrows have their own podcast.",
  "Today's forecast: partly cloudy, with a ninety percent chance that someone brings up {subject} before noon.",
  "I wrote a haiku about {subject}. It came out at eighteen syllables, because some topics refuse to be summarized.",
  "I read that thinking about {subject} can lift your mood by forty percent. I am still looking for the other sixty.",
  "Two penguins walked into a debate about {subject}. Neither could raise a hand, so the moderator called it a tie.",
  "Why did the librarian ban all talk of {subject}? Too many overdue opinions.",
  'My phone now autocorrects everything to {subject}. Yesterday I texted my boss "running late" and it sent something far more honest.',
  'I hired a consultant to simplify {subject} for me. Her report was two hundred pages long and the summary just said "good luck".',
  "At the talent show, I performed an interpretive dance about {subject}. The judges gave me a ten, then asked me to explain it, and took the ten back.",
  "My parrot learned one phrase, and it is a strong opinion about {subject}. Family dinners have never been livelier.",
  'I put my thoughts on {subject} into a time capsule. Future generations will open it and say, "Wow, he really went on about that."',
];

const stories: readonly string[] = [
  'Every morning, the lighthouse keeper wrote one line about {subject} in a leather notebook. Nobody ever read it, not even the gulls. When the keeper retired, the notebook was full, and the last page simply said, "Thank you for listening." Now the town reads one line aloud each evening at dusk.',
  'Mara found a map in the attic with three words across the top: "Follow {subject}." She walked through two villages and a forest that appeared on no other map. At the end stood a small green door, left slightly open. Inside, a kettle was still warm, as if someone had been expecting her.',
  "The mail-sorting robot was built for speed, but it kept pausing to think about {subject}. Its supervisors ran tests, found nothing wrong, and finally bought it a chair. A year later it had written a short book on the matter. Strangely, the mail arrived faster than ever.",
  'On the last night of the fair, the old fortune teller refused every customer but one: a boy who only wanted to ask about {subject}. She looked into her glass ball for a long time. Then she laughed, handed him the ball, and said, "You\'ll need this more than I will."',
  "The city council voted to ban all conversation about {subject}. For a week, the streets were eerily silent. Then people began humming about it instead, and by spring the whole city had learned to harmonize. The ban was lifted, but nobody stopped singing.",
  'Grandpa Theo kept a jar labeled "{Subject}" on the highest shelf of the pantry. None of the grandchildren knew what was inside, and he never said. When they finally opened it after his ninetieth birthday, they found a note: "Curiosity, aged to perfection. Share it."',
  "A small dragon enrolled at the village school to learn about {subject}. The teacher was nervous, the desks were singed, and the homework was occasionally roasted. But at the end of the year, the dragon gave the best presentation anyone could remember, and nobody even mentioned the curtains.",
  'The night train to the coast stopped for no reason in the middle of a wheat field. The conductor announced a short delay "due to {subject}." Passengers grumbled, then stepped outside and saw the sky full of falling stars. Nobody complained when the train finally moved on.',
  "Juniper ran the smallest bookshop in the world, with room for one customer and one book at a time. The book on display was always about {subject}, though its cover changed every day. People queued around the block. No one ever bought it, and everyone left happier.",
  'The astronaut floated by the window and tried to explain {subject} to mission control. The radio crackled, the words got tangled, and the ground crew heard only laughter. They decided that was a good enough report. It was filed under "Morale: excellent."',
  "When the river froze, the whole village skated across it to the island, carrying lanterns and stories about {subject}. An old woman there had been waiting all winter for company. She listened to every story, then told one of her own that nobody has forgotten since.",
  "A clockmaker built a clock that ran only when someone in the room was thinking about {subject}. Most days it stood still. Then a child visited the shop, and the clock ticked so fast it chimed twice. The clockmaker gave it to her, saying it had finally found the right owner.",
  "The weather vane on the old barn had always pointed north, no matter the wind. One morning it swung around to face the farmhouse, where the farmer sat writing about {subject}. He looked up, shrugged, and kept writing. The vane has pointed at the farmhouse ever since.",
];

const poems: readonly string[] = [
  "Before the sun has found the sill,\nI think of {subject}, calm and still;\nthe kettle hums, the day is new,\nand every small thing shines right through.",
  "They told me {subject} was just a phase,\na passing cloud, a summer haze.\nBut years went by, and here I stand,\nstill holding it in either hand.",
  "A quiet song of {subject} plays\nbeneath the noise of busy days;\nyou only hear it if you stop,\nlike rain before the first big drop.",
  "The river does not ask for why;\nit carries {subject} drifting by.\nI watch it round the willow bend\nand wonder where its journeys end.",
  "In winter light, in autumn rain,\nI keep returning once again\nto {subject}, like a well-worn door\nI've opened many times before.",
  "Some write of kings, some write of seas,\nsome write of moonlight through the trees.\nI write of {subject}, small and true,\nand somehow it contains them too.",
  "My pocket holds a folded note:\nthe only line I ever wrote\nabout {subject}. It isn't long,\nbut every word of it is strong.",
  "At dusk the city lights come on\nand all the daytime rush is gone;\nthe windows glow, the streets go slow,\nand {subject} is all I know.",
  "Oh, {subject}, you stubborn thing,\nyou never come when I would sing,\nyet when I sit in silent thought,\nyou wander in, although unsought.",
  "Count the stars and count the sheep,\ncount the promises we keep;\nwhen the counting's done, I find\n{subject} waiting in my mind.",
  "The garden grew without a plan:\na rose, a weed, a watering can,\nand in the corner, slightly wild,\n{subject}, grinning like a child.",
  "Write it small and write it plain,\nwrite it on the windowpane:\n{subject} came, and stayed a while,\nand left the morning with a smile.",
  "If I could bottle just one hour,\nI'd take the one with rain and flower,\nwith tea gone cold and nothing due,\nand {subject}, quietly shining through.",
];

const ideas: readonly string[] = [
  "Start a weekly newsletter that shares one surprising fact about {subject} in under a hundred words.",
  "Host a swap night where everyone brings one story about {subject} and leaves with someone else's.",
  "Build a small web page that shows a random tip about {subject} every time it loads.",
  "Make a board game where players win by collecting the most unusual facts about {subject}.",
  "Record a ten-episode podcast in which a different guest explains {subject} in five minutes.",
  "Create a photo series showing {subject} from the point of view of a very small animal.",
  "Run a one-day challenge: everyone on the team tries to improve one tiny thing related to {subject}.",
  "Write a children's picture book that explains {subject} through the eyes of a curious robot.",
  "Design a set of postcards, each with a one-line poem about {subject}.",
  "Organize a neighborhood walk where each stop has a short sign about {subject}.",
  "Put together a recipe book inspired by {subject}, with one dish for each month of the year.",
  'Launch a "myth or fact" quiz about {subject} for a lunch-break crowd.',
  "Start a shared map where people pin places that remind them of {subject}.",
  "Create a playlist of songs that capture the mood of {subject}, with a note on why each one fits.",
  "Set up a mentorship circle where beginners and experts trade questions about {subject}.",
  "Make a short stop-motion film about {subject} using only objects found on a desk.",
  "Host an open mic night with a theme: five-minute talks about {subject}, no slides allowed.",
  'Write a "field guide" to {subject}, in the style of a nature book about birds.',
  "Design a card deck of conversation starters about {subject} for family dinners.",
  "Build a tiny museum on a bookshelf, with labeled exhibits about {subject}.",
  "Invent a holiday dedicated to {subject}, with its own traditions, snacks and greeting.",
  "Start a thirty-day sketchbook challenge with a new drawing prompt about {subject} each day.",
  "Create a choose-your-own-adventure story where every decision revolves around {subject}.",
  "Organize a repair café where people fix and share things connected to {subject}.",
  "Write letters to your future self about {subject}, to be opened in one, five and ten years.",
  "Run a friendly contest for the best six-word story about {subject}.",
  "Make a timeline poster showing how ideas about {subject} have changed over the years.",
  'Set up a "question wall" where anyone can leave a question about {subject} and anyone can answer.',
  "Turn {subject} into a scavenger hunt with clues hidden around the house or office.",
  "Plan a slow Saturday dedicated entirely to {subject}, with no phone until sunset.",
  "Build a simple chatbot that answers beginner questions about {subject} with gentle humor.",
  "Start a small club that meets once a month to try something new related to {subject}.",
];

const answers: readonly string[] = [
  "The answer most people give first is the familiar one, so I'll offer a quieter option: for “{subject}”, look at what sits closest to home.",
  "Honestly, it depends on what you value. For “{subject}”, if you want something reliable, pick the classic; if you want a story, pick the odd one out.",
  "A slightly unexpected answer to “{subject}”: the one your grandparents would name, because it has lasted longer than any trend.",
  "I'd go with the option that surprised me the most when I first heard of it. Surprise usually means there's more to learn.",
  "For “{subject}”, try the answer a child would give. It's often simpler, and more often right, than we admit.",
  "There is no single right answer here, but a good one is whatever you would still defend tomorrow morning.",
  "My pick is the underdog: the choice that almost nobody names, but that everyone nods at once it's mentioned.",
  "If you asked a hundred people about “{subject}”, the top few answers would repeat. The interesting ones live in the long tail, so here's one from there: the option nobody lists first.",
  "A practical answer: whichever one you can try today, in under an hour, without buying anything.",
  "The poetic answer is the one tied to a memory. The practical answer is the one tied to a plan. For “{subject}”, I'd lean poetic.",
  "I'd answer with a question: what would make the answer matter to you? Start from that, and the choice narrows fast.",
  "The regional answer: it changes depending on where you grew up, and that variety is the best part of the question.",
  "The contrarian answer is the one everyone dismisses as too obvious, which is exactly why it is often overlooked.",
  "Going by history, the answer that has surprised experts most often is the modest, unglamorous one.",
  "My honest favorite is the one that started as a mistake and turned out better than the plan.",
  "For “{subject}”, the seasonal answer works well: pick whatever fits the time of year you're in right now.",
  "A fun way to answer: choose the option with the best story behind it, not the most popular one.",
  "I'd name the one that people tend to rediscover every few years, as if it were brand new each time.",
  "The answer I'd give a friend: the one that's a little inconvenient, because those tend to be the memorable ones.",
  "If we're being precise, several answers are equally valid; I'd pick the least common of them to keep things interesting.",
  "The scientist's answer is “it depends on how you measure it.” The storyteller's answer is the one with a twist. I'd side with the storyteller.",
];

const personaLines: readonly string[] = [
  "Hmm, I need a second with that one. It's not the kind of thing I usually get asked.",
  "Honestly? I'm not convinced yet, but I'm listening. Tell me a bit more.",
  "That reminds me of something my sister used to say: everything sounds simple until you try it on a Monday.",
  "Ha! You caught me off guard there. Let me think about how I really feel about it.",
  "I can see why you'd say that, but my experience has been a little different.",
  "Okay, that actually makes sense to me. I didn't expect to agree so quickly.",
  "Can I be honest with you? I've been going back and forth on this for weeks.",
  "I'd love to help, I really would, but I have to be careful with my time and money right now.",
  "Wait, say that again? I want to make sure I understood you properly.",
  "You know, nobody's asked me that in years. It's kind of nice to be asked.",
  "I'm not saying no. I'm saying I'd like to sleep on it first.",
  "That's a fair point. I suppose I've just always done it the other way.",
  "Well, if you put it like that, I'm a lot more interested than I was a minute ago.",
  "Sorry, I got distracted. It's been one of those days. What were you saying?",
  "I've heard a lot of promises like that before, so forgive me if I'm a bit skeptical.",
  "Sure, why not? Life's too short to say no to everything.",
  "Let me ask you something first: why does this matter so much to you?",
  "I'm torn. Part of me wants to jump in, and part of me wants to run the other way.",
  "Oh, I have opinions about that. Are you sure you want to hear all of them?",
  "That sounds lovely, honestly. I just don't know if it's for someone like me.",
  "Right, okay. Let's say I'm in. What would the first step look like?",
  "No offense, but I think you're overthinking it. Sometimes the easy answer is the right one.",
];

const general: readonly string[] = [
  "Here's one way to look at {subject}: start small, notice what surprises you, and follow that.",
  "A thought on {subject}: the most interesting part is usually the part nobody explains.",
  "If I had to sum up {subject} in a sentence, I'd say it rewards patience more than speed.",
  "One angle on {subject} that people often skip: the history behind it.",
  "A playful take on {subject}: imagine explaining it to someone from three hundred years ago.",
  "A practical take on {subject}: write down three questions about it, then answer just one today.",
  "An unusual view of {subject}: treat it like a puzzle with more than one correct solution.",
  "Something to try with {subject}: look at it from the point of view of a complete beginner.",
  "A quiet observation about {subject}: it changes depending on who is looking at it.",
  "The short version on {subject}: there's more variety in it than the first answer suggests.",
  "A hopeful note about {subject}: small improvements add up faster than they seem to.",
  "A curious question about {subject}: what would it look like if it were designed from scratch today?",
];

export const DEMO_CORPUS: Readonly<Record<DemoTask, DemoTaskCorpus>> = {
  joke: { defaultSubject: "everyday life", templates: jokes },
  story: { defaultSubject: "a quiet little town", templates: stories },
  poem: { defaultSubject: "the changing seasons", templates: poems },
  brainstorm: { defaultSubject: "a weekend project", templates: ideas },
  ask: { defaultSubject: "what's worth trying this week", templates: answers },
  persona: { defaultSubject: "", templates: personaLines },
  generic: { defaultSubject: "everyday life", templates: general },
};

export function isDemoTask(value: string): value is DemoTask {
  return (DEMO_TASKS as readonly string[]).includes(value);
}
