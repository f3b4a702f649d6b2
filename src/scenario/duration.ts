/** What a duration written as text looks like: 500ms, 2s, 1.5m, 30 (seconds). */
export const DURATION = /^\s*\d+(?:\.\d+)?\s*(?:ms|s|m)?\s*$/;

/** "500ms", "2s", "1m", or a bare number of seconds → milliseconds; undefined when malformed. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return value >= 0 ? value * 1000 : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n : unit === 'm' ? n * 60_000 : n * 1000;
}
