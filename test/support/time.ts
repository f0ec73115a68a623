import { hourStart } from '../../src/intensity/domain/hours.js';
import { MS_PER_HOUR } from '../../src/platform/kernel/time.js';

/** Start of the current UTC hour: the hour Electricity Maps' latest value (and the fake's) is for. */
export function currentHour(): Date {
  return hourStart(new Date());
}

/**
 * Waits until at least `marginMs` before the next UTC hour, if closer: a check that fetches the
 * latest value once and expects it live must not straddle the hour's turn (the new hour is a
 * forecast until the next fetch).
 */
export async function awayFromHourTurn(marginMs = 10_000): Promise<void> {
  const untilTurn = currentHour().getTime() + MS_PER_HOUR - Date.now();
  if (untilTurn < marginMs) await new Promise((resolve) => setTimeout(resolve, untilTurn + 1_000));
}
