/**
 * The 422 answered when no region may serve a viewer: how many regions each rule left out, and
 * which rule to relax. Pure.
 */
import { UnprocessableError } from '../../platform/kernel/errors.js';
import type { EligibilityRules, ExcludedRegion } from './eligibility.js';

/** @param viewer where the viewer was placed, as the answer shows it (sent back in the details). */
export function noEligibleRegion<V extends { countryCode: string | null }>(
  viewer: V,
  rules: EligibilityRules,
  excluded: readonly ExcludedRegion[],
): UnprocessableError {
  const counts = new Map<string, number>();
  for (const { reason } of excluded) {
    // Latency reasons carry each region's figure: count them under one heading.
    const heading = reason.startsWith('estimated RTT')
      ? `estimated RTT above maxLatencyMs=${rules.maxLatencyMs}`
      : reason;
    counts.set(heading, (counts.get(heading) ?? 0) + 1);
  }
  const reasons = [...counts].sort((a, b) => b[1] - a[1]).map(([reason, regions]) => ({ reason, regions }));
  const where = viewer.countryCode !== null ? `a viewer in ${viewer.countryCode}` : 'this viewer';
  const summary = reasons.map(({ reason, regions }) => `${regions} ${reason}`).join('; ');
  const hint =
    rules.mode === 'latency'
      ? 'a larger maxLatencyMs, includeOptIn=true or fewer provider filters may help'
      : 'eligibility=latency (with a larger maxLatencyMs if needed), includeOptIn=true or fewer provider filters may help';
  return new UnprocessableError(
    `No eligible region for ${where} with eligibility=${rules.mode}: ${summary}. ${hint}`,
    { eligibility: rules.mode, viewer, reasons },
  );
}
