// Workers run plain JavaScript; this registers tsx so the TypeScript sender can load.
import { register } from "tsx/esm/api";

register();
await import("./sender.ts");
