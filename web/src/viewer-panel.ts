// Panel 2: where would a viewer be served. A country (picked or clicked on the map) and a latency budget
// give GET /recommend: the recommendation, its ranked candidates (drawn as lines on the map), the saving
// against the nearest eligible region, and closeCall/degraded said plainly.
import { api, nowToTheMinute, query, type Candidate, type Recommendation } from './api.js';
import { savingRows } from './figures.js';
import { COUNTRIES, countryName } from './countries.js';
import { byId, el, errorText, fill, message } from './dom.js';
import { SOURCE_WORDS, significant, utc, withUnit } from './format.js';
import type { WorldMap } from './map.js';

export class ViewerPanel {
  private readonly form = byId<HTMLFormElement>('viewer-form');
  private readonly country = byId<HTMLSelectElement>('viewer-country');

  constructor(private readonly map: WorldMap) {
    for (const country of COUNTRIES)
      this.country.append(el('option', { value: country.alpha2 }, `${country.name} (${country.alpha2})`));
    this.country.value = 'FR';
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.recommend();
    });
  }

  /** A country clicked on the map: pick it and recommend. */
  pickCountry(alpha2: string): void {
    this.country.value = alpha2;
    void this.recommend();
  }

  async recommend(): Promise<void> {
    const result = byId('viewer-result');
    const parameters = {
      viewerCountry: this.country.value,
      durationMinutes: Number(byId<HTMLInputElement>('viewer-duration').value),
      eligibility: 'latency',
      maxLatencyMs: Number(byId<HTMLInputElement>('viewer-latency').value),
      model: byId<HTMLSelectElement>('viewer-model').value,
      startAt: nowToTheMinute(),
    };
    const search = query(parameters);
    fill(result, message('Asking GET /recommend…'));
    try {
      const answer = await api<Recommendation>(`/recommend?${search}`);
      this.map.showViewer(
        answer.viewer,
        answer.candidates.map((candidate) => candidate.regionId),
      );
      fill(result, this.render(answer, search));
    } catch (error) {
      this.map.showViewer(undefined, []);
      fill(
        result,
        message(
          `No recommendation for a viewer in ${countryName(parameters.viewerCountry)}: ${errorText(error)}`,
          'error',
        ),
      );
    }
  }

  private render(answer: Recommendation, search: string): HTMLElement {
    const best = answer.recommendation;
    const versus = answer.candidates.find(
      (candidate) => candidate.regionId === answer.savings.versusRegionId,
    );
    const flags = el(
      'div',
      { class: 'flags' },
      el(
        'p',
        { class: answer.closeCall ? 'flag warning' : 'flag', 'data-close-call': String(answer.closeCall) },
        answer.closeCall
          ? 'Close call: the runner-up scores within 5 % of the recommendation; either serves this viewer about as well.'
          : 'Clear choice: no other region scores within 5 % of the recommendation.',
      ),
      el(
        'p',
        { class: answer.degraded ? 'flag warning' : 'flag', 'data-degraded': String(answer.degraded) },
        answer.degraded
          ? 'Degraded: at least one region was valued from stored, profile or reference data, not live or forecast intensities.'
          : 'Not degraded: every region was valued from live or forecast intensities.',
      ),
    );
    const savings = el(
      'ul',
      { class: 'savings' },
      ...savingRows(answer.savings).map(({ scope, label, figure }) =>
        el(
          'li',
          {
            'data-saving-scope': scope,
            'data-emissions-g': String(figure.emissionsG),
            'data-percent': String(figure.percent),
          },
          `${label}: ${figure.emissionsG >= 0 ? 'saves' : 'emits'} ${significant(Math.abs(figure.emissionsG), 'gCO2e')} ` +
            `(${withUnit(Math.abs(figure.percent), '%', 1)} ${figure.emissionsG >= 0 ? 'less' : 'more'}) against ${answer.savings.versusRegionId}` +
            `${versus ? ` (${versus.displayName})` : ''}, the eligible region nearest the viewer.`,
        ),
      ),
    );
    return el(
      'div',
      { class: 'recommendation', 'data-query': search, 'data-recommended': best.regionId },
      el(
        'p',
        { class: 'headline' },
        `Serve a viewer in ${countryName(answer.viewer.countryCode)} from `,
        el('strong', {}, `${best.displayName} (${best.regionId})`),
        `: ${significant(best.emissionsG, 'gCO2e')} in the data centre for this ${withUnit(answer.dataVolumeGb, 'GB', 2)} view, ` +
          `${withUnit(best.estimatedRttMs, 'ms', 1)} estimated round trip.`,
      ),
      savings,
      flags,
      el(
        'p',
        { class: 'muted' },
        `${answer.eligibleCount} eligible regions within ${withUnit(answer.maxLatencyMs, 'ms', 0)}; window ${utc(answer.window.startAt)} to ${utc(answer.window.endAt)}; model ${answer.model}; ranked by ${answer.ranking.by}.`,
      ),
      this.candidateTable(answer.candidates, best.regionId),
    );
  }

  private candidateTable(candidates: Candidate[], recommended: string): HTMLElement {
    const headers = [
      'Rank',
      'Region',
      'Zone',
      'Distance (km)',
      'Round trip (ms)',
      'Intensity (gCO2e/kWh)',
      'Data-centre emissions (gCO2e)',
      'Egress cost (USD)',
    ];
    return el(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Candidates' },
      el(
        'table',
        { class: 'candidates', 'data-candidates': '' },
        el('caption', {}, 'Candidates, best first'),
        el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', { scope: 'col' }, header)))),
        el(
          'tbody',
          {},
          ...candidates.map((candidate, index) =>
            el(
              'tr',
              {
                'data-region-id': candidate.regionId,
                'data-emissions-g': String(candidate.emissionsG),
                class: candidate.regionId === recommended ? 'recommended' : undefined,
              },
              el('td', {}, String(index + 1)),
              el('th', { scope: 'row' }, `${candidate.displayName} (${candidate.regionId})`),
              el('td', {}, candidate.zone),
              el('td', {}, withUnit(candidate.distanceKm, 'km', 0)),
              el('td', {}, withUnit(candidate.estimatedRttMs, 'ms', 1)),
              el(
                'td',
                {},
                `${withUnit(candidate.intensity.gCo2ePerKwh, 'gCO2e/kWh', 0)} (${SOURCE_WORDS[candidate.intensity.source] ?? candidate.intensity.source})`,
              ),
              el('td', {}, significant(candidate.emissionsG, 'gCO2e')),
              el('td', {}, candidate.costUsd === null ? 'unknown' : withUnit(candidate.costUsd, 'USD', 4)),
            ),
          ),
        ),
      ),
    );
  }
}
