import type { IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';

/** Window averages already computed for one request, by zone and window. */
export type WindowAverages = Map<string, WindowIntensityValue>;

/** Default start of viewing: now, to the whole second (answers within one second are identical). */
export function currentSecond(nowMs = Date.now()): Date {
  return new Date(nowMs - (nowMs % 1000));
}

/**
 * A zone's intensity averaged over a window, computed once per request: a simulation evaluates
 * many footprints over one window and a handful of zones.
 */
export function windowAverage(
  intensity: IntensityService,
  windows: WindowAverages,
  zone: string,
  from: Date,
  to: Date,
): WindowIntensityValue {
  const key = `${zone}|${from.getTime()}|${to.getTime()}`;
  let window = windows.get(key);
  if (!window) {
    window = intensity.window(zone, from, to);
    windows.set(key, window);
  }
  return window;
}
