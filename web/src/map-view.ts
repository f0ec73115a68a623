// Panel 1: the map of regions coloured by their zone's current intensity, refreshed on an interval;
// a click on a region shows its zone's forecast and the best start window.
import {
  api,
  eachLimited,
  enabledRegions,
  query,
  type BestWindow,
  type Region,
  type ZoneIntensity,
} from './api.js';
import { chartCard, SERIES_COLOURS } from './chart-card.js';
import { byId, el, errorText, fill, message } from './dom.js';
import { age, hourOf, SOURCE_WORDS, utc, withUnit } from './format.js';
import { INTENSITY_BANDS, UNKNOWN_COLOUR, WorldMap } from './map.js';

export class MapView {
  readonly map: WorldMap;
  regions: Region[] = [];
  private readonly intensities = new Map<string, ZoneIntensity>();
  private selected: Region | undefined;
  private readonly forecastCard = chartCard<{ datetime: string; gCo2ePerKwh: number }>(
    'forecast',
    'Forecast intensity of the zone',
    [
      {
        label: 'Hour (UTC)',
        attribute: 'datetime',
        value: (row) => row.datetime,
        show: (row) => utc(row.datetime),
      },
      { label: 'Intensity (gCO2e/kWh)', attribute: 'g-per-kwh', value: (row) => row.gCo2ePerKwh },
    ],
  );

  constructor(
    onCountry: (alpha2: string) => void,
    private readonly onRefreshed: () => void,
  ) {
    this.map = new WorldMap(byId('map-tooltip'), {
      onRegion: (region) => void this.showZone(region),
      onCountry,
      describe: (region) => this.describe(region),
    });
    byId('map-frame').prepend(this.map.element);
    this.drawLegend();
    byId<HTMLFormElement>('zone-form').addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.selected) void this.showZone(this.selected);
    });
  }

  intensityOf(zone: string): ZoneIntensity | undefined {
    return this.intensities.get(zone);
  }

  /** Loads the enabled regions and draws their markers (grey until their zone's value arrives). */
  async loadRegions(): Promise<void> {
    try {
      this.regions = await enabledRegions();
      this.map.setRegions(this.regions);
      this.map.colour((zone) => this.intensities.get(zone)?.latest.gCo2ePerKwh);
    } catch (error) {
      fill(byId('map-status'), message(`Could not load the regions: ${errorText(error)}`, 'error'));
    }
  }

  /** Reads every zone's current intensity, recolouring the markers as the values arrive. */
  async refresh(): Promise<void> {
    const status = byId('map-status');
    if (this.regions.length === 0) await this.loadRegions();
    if (this.regions.length === 0) return;
    const zones = [...new Set(this.regions.map((region) => region.zone))];
    const failed: string[] = [];
    await eachLimited(zones, 6, async (zone) => {
      try {
        this.intensities.set(zone, await api<ZoneIntensity>(`/intensity/${encodeURIComponent(zone)}`));
        this.map.colour((key) => this.intensities.get(key)?.latest.gCo2ePerKwh);
      } catch {
        failed.push(zone);
      }
    });
    const time = new Date().toISOString();
    fill(
      status,
      `${this.regions.length} enabled regions in ${zones.length} zones; intensities as of ${utc(time)}.`,
      failed.length ? ` No value for ${failed.join(', ')}.` : '',
    );
    status.dataset.refreshedAt = time;
    this.onRefreshed();
  }

  private describe(region: Region): { label: string; lines: string[] } {
    const zone = this.intensities.get(region.zone);
    const value = zone?.latest;
    const figure = value ? withUnit(value.gCo2ePerKwh, 'gCO2e/kWh', 0) : 'intensity not known yet';
    const lines = [
      `${region.displayName} (${region.id})`,
      `${region.city}, zone ${region.zone}`,
      `Intensity: ${figure}`,
      value ? `Source: ${SOURCE_WORDS[value.source] ?? value.source}` : '',
      value ? `Age of the value: ${age(value.ageSeconds)}` : '',
    ].filter(Boolean);
    return { label: `${lines.join('. ')}. Press Enter for the forecast.`, lines };
  }

  private drawLegend(): void {
    const legend = byId('map-legend');
    fill(
      legend,
      el('span', { class: 'legend-title' }, 'Grid intensity now (gCO2e/kWh):'),
      ...INTENSITY_BANDS.map((band) =>
        el(
          'span',
          { class: 'legend-item' },
          el('span', { class: `swatch band-${band.colour.slice(1)}` }),
          `${band.label} gCO2e/kWh`,
        ),
      ),
      el(
        'span',
        { class: 'legend-item' },
        el('span', { class: `swatch band-${UNKNOWN_COLOUR.slice(1)}` }),
        'not known',
      ),
    );
  }

  /** The zone's forecast for the coming hours and the best start window for work of the given length. */
  async showZone(region: Region): Promise<void> {
    this.selected = region;
    this.map.select(region.id);
    const panel = byId('zone-panel');
    panel.hidden = false;
    byId('zone-title').textContent = `${region.displayName} (${region.id}), zone ${region.zone}`;
    const result = byId('zone-result');
    fill(result, message('Loading the forecast…'));
    const duration = Number(byId<HTMLInputElement>('zone-duration').value) || 60;
    const within = byId<HTMLSelectElement>('zone-within').value;
    try {
      const [zone, window] = await Promise.all([
        api<ZoneIntensity>(`/intensity/${encodeURIComponent(region.zone)}`),
        api<BestWindow>(
          `/recommend/window?${query({ region: region.id, durationMinutes: duration, within })}`,
        ),
      ]);
      this.intensities.set(region.zone, zone);
      const now = zone.latest;
      const best = window.best;
      const summary = el(
        'div',
        { class: 'zone-summary', 'data-best-start': best.startAt, 'data-zone': zone.zone },
        el(
          'p',
          {},
          `Now: ${withUnit(now.gCo2ePerKwh, 'gCO2e/kWh', 0)} (${SOURCE_WORDS[now.source] ?? now.source}, ${age(now.ageSeconds)} old).`,
        ),
        el(
          'p',
          { class: 'best-window' },
          window.waitMinutes === 0
            ? `Best start for ${withUnit(duration, 'min', 0)} of work: now, averaging ${withUnit(best.intensity.gCo2ePerKwh, 'gCO2e/kWh', 0)}.`
            : `Best start for ${withUnit(duration, 'min', 0)} of work: ${utc(best.startAt)} (in ${age(window.waitMinutes * 60)}), averaging ` +
                `${withUnit(best.intensity.gCo2ePerKwh, 'gCO2e/kWh', 0)} against ${withUnit(window.now.intensity.gCo2ePerKwh, 'gCO2e/kWh', 0)} now: ` +
                `${withUnit(window.saving.gCo2ePerKwh, 'gCO2e/kWh', 0)} (${withUnit(window.saving.percent, '%', 1)}) less.`,
        ),
        window.degraded
          ? message(
              'Degraded: part of this window is valued from stored, profile or reference data, not live or forecast.',
              'warning',
            )
          : null,
        zone.forecast.length === 0
          ? message('No forecast for this zone: the best window uses the values known.', 'warning')
          : null,
      );
      fill(result, summary, zone.forecast.length ? this.forecastCard.element : null);
      if (zone.forecast.length) {
        this.forecastCard.update(zone.forecast, {
          type: 'line',
          data: {
            labels: zone.forecast.map((point) => hourOf(point.datetime)),
            datasets: [
              {
                label: 'Forecast (gCO2e/kWh)',
                data: zone.forecast.map((point) => point.gCo2ePerKwh),
                borderColor: SERIES_COLOURS[0],
                backgroundColor: SERIES_COLOURS[0],
              },
            ],
          },
          options: {
            scales: {
              y: { title: { display: true, text: 'gCO2e/kWh' }, beginAtZero: true },
              x: { title: { display: true, text: 'Hour (UTC)' } },
            },
          },
        });
      }
    } catch (error) {
      fill(result, message(`Could not load the forecast: ${errorText(error)}`, 'error'));
    }
  }
}
