/** A Lua script kept as data, with its SHA-1 computed by the web-standard `crypto.subtle`. */
export class Script {
  private shaPromise: Promise<string> | undefined;

  /**
   * @param lua the script source.
   * @param sha its SHA-1 in hex, when known ahead (checked against SCRIPT LOAD by a test).
   */
  constructor(
    readonly lua: string,
    sha?: string,
  ) {
    if (sha !== undefined) this.shaPromise = Promise.resolve(sha);
  }

  /** The script's SHA-1 in lower-case hex, as EVALSHA expects it. */
  sha(): Promise<string> {
    this.shaPromise ??= sha1Hex(this.lua);
    return this.shaPromise;
  }
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
