import { duration, integer } from "./fields.js";
import { defineArea, variable } from "./variable.js";

/** Scenes: several personas in one channel or thread, talking among themselves. */
export const scenesArea = defineArea({
  title: "Scenes",
  variables: {
    VSBOT_SCENE_MAX: variable(integer(3, 2, 10), {
      help: "Most personas in one scene (one channel or thread), the one started there included.",
      example: "3",
      fallback: "3",
    }),
    VSBOT_SCENE_TURNS: variable(integer(10, 1, 200), {
      help: "Most lines an unattended scene runs before it stops by itself; also the default of /persona scene start's turns.",
      example: "10",
      fallback: "10",
    }),
    VSBOT_SCENE_PAUSE: variable(duration("3s"), {
      help: 'Pause between two lines of an unattended scene, so people can read along and stop it; "0" for none.',
      example: "3s",
      fallback: "3s",
    }),
  },
  read: (values) => ({
    scenes: {
      maxPersonas: values.VSBOT_SCENE_MAX,
      turnLimit: values.VSBOT_SCENE_TURNS,
      pauseMs: values.VSBOT_SCENE_PAUSE ?? 0,
    },
  }),
});
