/** Polls `probe` until it returns a truthy value; returns that value. Fails after `timeoutMs`. */
export async function waitUntil<T>(
  probe: () => Promise<T> | T,
  timeoutMs = 15000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
}
