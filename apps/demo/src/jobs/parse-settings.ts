/** Reads the start form of the Nightly job page: seconds in the form, milliseconds in the settings. */
import { JOB_LIMITS, type JobSettings } from "./settings.js";

/** The settings, or a sentence saying which field is wrong. */
export function parseSettings(form: Record<string, unknown>): JobSettings | string {
  const read = (name: string, field: keyof JobSettings, scale: number): number | string => {
    const raw = form[name];
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) * scale : Number.NaN;
    const [min, max] = JOB_LIMITS[field];
    if (
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (field === "instances" && !Number.isInteger(value))
    ) {
      return `${name} must be ${field === "instances" ? "a whole number" : "a number of seconds"} from ${min / scale} to ${max / scale}.`;
    }
    return Math.round(value);
  };
  const instances = read("instances", "instances", 1);
  const ttlMs = read("ttl", "ttlMs", 1000);
  const workMs = read("work", "workMs", 1000);
  const waitMs = read("wait", "waitMs", 1000);
  for (const value of [instances, ttlMs, workMs, waitMs]) if (typeof value === "string") return value;
  return { instances, ttlMs, workMs, waitMs } as JobSettings;
}
