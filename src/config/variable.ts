import type { z } from "zod";

/** One environment variable: how it is parsed and how it is documented. */
export interface Variable<Schema extends z.ZodType = z.ZodType> {
  readonly schema: Schema;
  /** What it does, in a sentence or two; shown on config errors and in the docs. */
  readonly help: string;
  /** An example value, used in "Fix: set NAME=example". */
  readonly example: string;
  /** The default as the docs state it. */
  readonly fallback: string;
  /** Secrets are never echoed back in error messages and are scrubbed from logs. */
  readonly secret?: boolean;
}

export type Variables = Readonly<Record<string, Variable>>;

/** The parsed values of an area's variables, by name. */
export type ValuesOf<Vars extends Variables> = {
  readonly [Name in keyof Vars]: z.output<Vars[Name]["schema"]>;
};

/**
 * One area of the configuration (model, store, a platform...): its variables and how their
 * parsed values become its part of the Config. `read` may throw ConfigError for problems
 * that span several variables.
 */
export interface ConfigArea<Vars extends Variables, Part> {
  /** The heading of this area in .env.example. */
  readonly title: string;
  readonly variables: Vars;
  readonly read: (values: ValuesOf<Vars>, given: ReadonlySet<string>) => Part;
}

export function variable<Schema extends z.ZodType>(
  schema: Schema,
  docs: Omit<Variable<Schema>, "schema">,
): Variable<Schema> {
  return { schema, ...docs };
}

export function defineArea<Vars extends Variables, Part>(
  area: ConfigArea<Vars, Part>,
): ConfigArea<Vars, Part> {
  return area;
}
