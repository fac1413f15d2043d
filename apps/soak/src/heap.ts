/** @module The heap in use, after a full collection when the process runs with `--expose-gc` (vitest.config.ts). */

/** Whether the figure follows a forced gc (otherwise it includes garbage and is only indicative). */
export const canForceGc = typeof globalThis.gc === "function";

/** `heapUsed` in bytes, after two full collections when possible (the second catches what finalizers freed). */
export function heapUsedBytes(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}
