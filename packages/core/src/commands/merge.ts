/** Each part's properties, later parts winning, typed as the intersection of the parts. */
type Merged<T extends readonly object[]> = T extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? Head & Merged<Rest>
  : unknown;

/**
 * Merges command families into one object. Call it as `/* @__PURE__ *\/ merge(...)`: unlike an object spread at
 * the top of a module, a pure call is dropped by bundlers when its result is unused (see `LiteRegistry`).
 * @internal
 */
export function merge<T extends readonly object[]>(...parts: T): Merged<T> {
  return Object.assign({}, ...parts);
}
