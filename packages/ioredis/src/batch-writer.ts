import { constants } from "node:buffer";
import type { Writable } from "node:stream";

/**
 * Where ioredis' `sendCommand(command, stream)` writes each command of a batch: their bytes are joined here and
 * leave in one socket write (`flush`). Writing each command to the socket while corked cost a stream chunk per
 * command and a writev of as many strings; one joined string is one write of one string (as ioredis' Pipeline
 * does). Buffer arguments make a command's bytes a Buffer: those batches leave as a few chunks in one writev.
 */
export class BatchWriter {
  private text = "";
  private parts: (string | Buffer)[] | undefined;

  /** Called by ioredis with one command's bytes. */
  write(chunk: string | Buffer): void {
    if (typeof chunk === "string" && this.text.length + chunk.length < constants.MAX_STRING_LENGTH) {
      this.text += chunk;
      return;
    }
    if (this.parts === undefined) this.parts = [];
    const parts = this.parts;
    if (this.text !== "") parts.push(this.text);
    this.text = "";
    parts.push(chunk);
  }

  /** Writes what was collected to `stream` in one write. */
  flush(stream: Writable): void {
    const parts = this.parts;
    if (parts === undefined) {
      if (this.text !== "") stream.write(this.text);
      return;
    }
    if (this.text !== "") parts.push(this.text);
    stream.cork();
    for (const part of parts) stream.write(part);
    stream.uncork();
  }
}
