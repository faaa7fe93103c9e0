import { z } from "zod";
import {
  METHODS,
  type Method,
  PROBABILITY_WORDINGS,
  type ProbabilityWording,
  WEIGHT_MODES,
  type WeightMode,
} from "../engine/types.js";
import { decimal, integer, oneOf } from "./fields.js";
import { defineArea, variable } from "./variable.js";

export interface SamplingConfig {
  readonly method: Method;
  readonly k: number;
  readonly tau: number;
  readonly wording: ProbabilityWording;
  readonly weights: WeightMode;
  readonly weightTemperature: number;
  readonly temperature: number;
  readonly topP: number;
  readonly seed: number | undefined;
  readonly duplicateThreshold: number;
}

/** How Verbalized Sampling asks, weighs and decodes. */
export const samplingArea = defineArea({
  title: "Verbalized Sampling",
  variables: {
    VSBOT_METHOD: variable(oneOf(METHODS, "vs-standard"), {
      help: `Default generation method: ${METHODS.join(", ")}.`,
      example: "vs-standard",
      fallback: "vs-standard",
    }),
    VSBOT_K: variable(integer(5, 1, 20), {
      help: "Candidates per model call (1-20).",
      example: "5",
      fallback: "5",
    }),
    VSBOT_TAU: variable(decimal(0.1, 0, 1, true), {
      help: 'Tail threshold: calls for "more" ask for candidates each below this probability.',
      example: "0.10",
      fallback: "0.1",
    }),
    VSBOT_PROBABILITY_WORDING: variable(oneOf(PROBABILITY_WORDINGS, "explicit"), {
      help: `How the prompt asks for probabilities: ${PROBABILITY_WORDINGS.join(", ")}.`,
      example: "explicit",
      fallback: "explicit",
    }),
    VSBOT_WEIGHTS: variable(oneOf(WEIGHT_MODES, "verbalized"), {
      help: "How stated probabilities become sampling weights: verbalized (as stated), uniform, or temperature (scaled by VSBOT_WEIGHT_TEMPERATURE).",
      example: "verbalized",
      fallback: "verbalized",
    }),
    VSBOT_WEIGHT_TEMPERATURE: variable(decimal(1, 0, 10, true), {
      help: "With VSBOT_WEIGHTS=temperature: below 1 favours the likeliest candidates, above 1 flattens.",
      example: "1.0",
      fallback: "1",
    }),
    VSBOT_TEMPERATURE: variable(decimal(0.7, 0, 2), {
      help: "Decoding temperature sent to the model.",
      example: "0.7",
      fallback: "0.7",
    }),
    VSBOT_TOP_P: variable(decimal(1, 0, 1, true), {
      help: "Decoding top-p sent to the model.",
      example: "1.0",
      fallback: "1",
    }),
    VSBOT_DUPLICATE_THRESHOLD: variable(decimal(0.7, 0, 1, true), {
      help: "Word-level ROUGE-L (case, punctuation, quotes and spacing ignored) at or above which an answer counts as a repeat of one already in its chain and is dropped; 1 drops only exact repeats.",
      example: "0.7",
      fallback: "0.7",
    }),
    VSBOT_SEED: variable(z.coerce.number({ message: "must be a whole number" }).int().optional(), {
      help: "Seed for sampling, for reproducible runs; unset draws fresh randomness.",
      example: "42",
      fallback: "unset",
    }),
  },
  read: (values): { readonly sampling: SamplingConfig } => ({
    sampling: {
      method: values.VSBOT_METHOD,
      k: values.VSBOT_K,
      tau: values.VSBOT_TAU,
      wording: values.VSBOT_PROBABILITY_WORDING,
      weights: values.VSBOT_WEIGHTS,
      weightTemperature: values.VSBOT_WEIGHT_TEMPERATURE,
      temperature: values.VSBOT_TEMPERATURE,
      topP: values.VSBOT_TOP_P,
      seed: values.VSBOT_SEED,
      duplicateThreshold: values.VSBOT_DUPLICATE_THRESHOLD,
    },
  }),
});
