/**
 * A lock that crosses requests, as a serverless function uses it: one request takes the lock and answers its
 * handle; a later request (another isolate, another invocation) resumes it from the handle and releases it.
 */
import { type LockHandle, type Registry, Second } from "@beeredis/core";

/** The first request: takes lock `key` for 30 s and answers its handle (null when it is held). */
export async function takeLock(registry: Registry, key: string): Promise<{ handle: LockHandle | null }> {
  const validated = await registry.validate();
  try {
    const lock = await validated
      .createEngine()
      .getRedis()
      .getLocker()
      .obtain(key, 30 * Second, 0);
    return { handle: lock?.handle() ?? null };
  } finally {
    await validated.close();
  }
}

/** The later request: resumes the lock from its handle and releases it. */
export async function releaseLock(
  registry: Registry,
  handle: LockHandle,
): Promise<{ resumed: boolean; released: boolean; heldAfter: boolean }> {
  const validated = await registry.validate();
  try {
    const locker = validated.createEngine().getRedis().getLocker();
    const lock = await locker.resume(handle);
    const released = lock ? await lock.release() : false;
    const { held } = await locker.inspect(handle.key);
    return { resumed: lock !== null, released, heldAfter: held };
  } finally {
    await validated.close();
  }
}
