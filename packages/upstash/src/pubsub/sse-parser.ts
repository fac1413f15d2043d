/**
 * Server-Sent Events, as the format defines them (html.spec.whatwg.org, "Parsing an event stream"): lines end in
 * CRLF, LF or CR; a blank line ends an event; its `data:` lines are joined with "\n"; lines starting with ":"
 * are comments (heartbeats); other fields (`event:`, `id:`, `retry:`) say nothing a subscription needs.
 */
export class SseParser {
  private pending = "";
  private data: string | undefined;

  /** Takes the next piece of decoded text; returns the data of every event it completed, in order. */
  push(text: string): string[] {
    const input = this.pending + text;
    const events: string[] = [];
    let start = 0;
    // What was pending holds no line break, but maybe a trailing CR: only that one is looked at again.
    for (let i = Math.max(0, this.pending.length - 1); i < input.length; i++) {
      const char = input.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      // A CR at the very end may be the first half of a CRLF: wait for the next piece.
      if (char === 13 && i === input.length - 1) break;
      this.line(input.slice(start, i), events);
      if (char === 13 && input.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.pending = input.slice(start);
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === "") {
      if (this.data !== undefined) events.push(this.data);
      this.data = undefined;
      return;
    }
    const colon = line.indexOf(":");
    if (colon === 0 || (colon === -1 ? line : line.slice(0, colon)) !== "data") return;
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }
}
