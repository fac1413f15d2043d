/** What is wrong with a pool namespace, as a sentence for `ConfigError`, or `undefined` when it is fine. @internal */
export function checkNamespace(namespace: unknown): string | undefined {
  if (typeof namespace !== "string" || namespace === "")
    return `the namespace must be a non-empty string, got ${typeof namespace === "string" ? '""' : typeof namespace}`;
  if (/[{}]/.test(namespace))
    return `the namespace "${namespace}" must not contain { or }: Redis Cluster would hash it as the keys' hash tag`;
  if (/[\s\p{Cc}]/u.test(namespace))
    return `the namespace ${JSON.stringify(namespace)} must not contain blanks or control characters`;
  return undefined;
}
