import { inspect } from "node:util";

/**
 * Every text an error shows when it is thrown, logged or serialized: its message, `String(error)`, its stack,
 * `JSON.stringify(error)`, and `util.inspect` with hidden fields (what `console.log(error)` prints, own fields and
 * the whole `cause` chain included), plus the same for each cause.
 */
export function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    texts.push(String(current), inspect(current, { depth: 20, showHidden: true }), json(current));
    if (current instanceof Error) texts.push(current.message, current.stack ?? "");
    current = (current as { cause?: unknown }).cause;
  }
  return texts;
}

/**
 * The places in `texts` where a secret shows: as is, URL-encoded (`encodeURIComponent`) or in base64. Each finding
 * names the secret's form and quotes the text around it. Empty when nothing leaks.
 */
export function findSecrets(texts: readonly string[], secrets: readonly string[]): string[] {
  const forms = secrets.flatMap((secret) => [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString("base64"),
  ]);
  const found: string[] = [];
  for (const text of texts) {
    for (const form of new Set(forms)) {
      const at = text.indexOf(form);
      if (at >= 0) found.push(`${JSON.stringify(form)} in …${text.slice(Math.max(0, at - 80), at + 80)}…`);
    }
  }
  return found;
}

/** What a test process printed, collected by {@link captureOutput}. */
export interface CapturedOutput {
  /** Everything passed to `console.*`, written to stdout/stderr or emitted as a process warning so far. */
  texts(): string[];
  /** Restores console, stdout, stderr and the warning listener. */
  stop(): void;
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/** Records (and still prints) whatever this process writes to the console, stdout or stderr, and its warnings. */
export function captureOutput(): CapturedOutput {
  const texts: string[] = [];
  const restore: (() => void)[] = [];
  for (const name of CONSOLE_METHODS) {
    const original = console[name];
    console[name] = (...args: unknown[]) => {
      texts.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 20 }))).join(" "));
      original.apply(console, args);
    };
    restore.push(() => {
      console[name] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      texts.push(String(chunk));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  const onWarning = (warning: Error) => texts.push(...errorTexts(warning));
  process.on("warning", onWarning);
  restore.push(() => process.off("warning", onWarning));
  return {
    texts: () => [...texts],
    stop: () => {
      for (const undo of restore.splice(0)) undo();
    },
  };
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return `(not serializable: ${String(error)})`;
  }
}
