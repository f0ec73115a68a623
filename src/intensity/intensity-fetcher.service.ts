import { Inject, Injectable } from '@nestjs/common';
import type { IntensityObservation } from './domain/intensity.types.js';
import type { ElectricityMapsClient } from './adapters/electricity-maps/electricity-maps.client.js';
import { ELECTRICITY_MAPS_CLIENT } from './adapters/electricity-maps/electricity-maps.provider.js';
import { IntensityStore } from './persistence/intensity.store.js';

export type IntensityCall = 'latest' | 'forecast' | 'history';

export type FetchOutcome = { ok: true; observations: IntensityObservation[] } | { ok: false; error: string };

/**
 * One upstream call for one zone, as both the background refresh and an on-demand fetch make it:
 * the answer becomes observations, which are stored, and the attempt (success or failure) is
 * recorded in the shared refresh state. Putting them in the in-memory snapshot is the caller's.
 */
@Injectable()
export class IntensityFetcherService {
  constructor(
    @Inject(ELECTRICITY_MAPS_CLIENT) private readonly client: ElectricityMapsClient,
    private readonly store: IntensityStore,
  ) {}

  async fetchAndStore(zone: string, call: IntensityCall): Promise<FetchOutcome> {
    const fetchedAt = new Date();
    try {
      const observations = await this.fetch(zone, call, fetchedAt);
      await this.store.saveObservations(observations);
      await this.store.recordAttempt(zone, call, fetchedAt, undefined);
      return { ok: true, observations };
    } catch (error) {
      const message = describe(error);
      await this.store.recordAttempt(zone, call, fetchedAt, message).catch(() => undefined);
      return { ok: false, error: message };
    }
  }

  private async fetch(
    zone: string,
    call: IntensityCall,
    fetchedAt: Date,
  ): Promise<(IntensityObservation & { upstreamUpdatedAt: Date | null })[]> {
    if (call === 'forecast') {
      const forecast = await this.client.forecast(zone, 24);
      return forecast.points.map((point) => ({
        zone,
        kind: 'forecast' as const,
        datetime: point.datetime,
        gCo2ePerKwh: point.gCo2ePerKwh,
        isEstimated: true,
        fetchedAt,
        upstreamUpdatedAt: forecast.updatedAt,
      }));
    }
    const points = call === 'latest' ? [await this.client.latest(zone)] : await this.client.history(zone);
    return points.map((point) => ({
      zone,
      kind: 'measured' as const,
      datetime: point.datetime,
      gCo2ePerKwh: point.gCo2ePerKwh,
      isEstimated: point.isEstimated,
      fetchedAt,
      upstreamUpdatedAt: point.updatedAt,
    }));
  }
}

/** Error kind and message, for the refresh state and the health report (never the token). */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const kind = (error as Error & { kind?: string }).kind;
    return kind ? `${kind}: ${error.message}` : error.message;
  }
  return String(error);
}
