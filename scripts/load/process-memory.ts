import { readFileSync } from "node:fs";

/** The peak resident set size of a live process so far (VmHWM), in MB; NaN once it is gone. */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kilobytes = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    return Math.round((kilobytes / 1024) * 10) / 10;
  } catch {
    return Number.NaN;
  }
}
