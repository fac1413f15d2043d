/** setTimeout's largest delay (about 24.8 days); a longer deadline is treated as none. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Settles like `work`, or rejects with `onTimeout()`'s error once `timeoutMs` passed. `work` is never left with
 * an unhandled rejection.
 */
export async function withDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  onTimeout: () => Error,
): Promise<T> {
  if (!(timeoutMs <= MAX_TIMER_MS)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  work.catch(() => undefined); // settled by the race below
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
