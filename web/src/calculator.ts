// Panel 4: the footprint of one view under every model side by side (GET /footprint?model=all) as
// stacked bars by segment, the intensities used with their sources, and the what-if simulation
// (POST /simulate) ranked, with yearly figures.
import {
  api,
  nowToTheMinute,
  query,
  type Footprint,
  type Region,
  type ScenarioResult,
  type Simulation,
  type WindowIntensity,
} from './api.js';
import { chartCard, SERIES_COLOURS } from './chart-card.js';
import { COUNTRIES } from './countries.js';
import { byId, el, errorText, fill, message } from './dom.js';
import { age, significant, SOURCE_WORDS, utc, withUnit } from './format.js';

const SEGMENTS = [
  { key: 'dataCentre', label: 'Data centre' },
  { key: 'network', label: 'Network' },
  { key: 'device', label: 'Device' },
  { key: 'embodied', label: 'Embodied (manufacturing)' },
] as const;

const footprintCard = chartCard<Footprint>(
  'footprint',
  'Emissions of one view by model and segment (gCO2e)',
  [
    { label: 'Model', attribute: 'model', value: (row) => row.model },
    ...SEGMENTS.map((segment) => ({
      label: `${segment.label} (gCO2e)`,
      attribute: `segment-${segment.key}`,
      value: (row: Footprint) => row.emissionsG[segment.key],
      show: (row: Footprint) => significant(row.emissionsG[segment.key], 'gCO2e'),
    })),
    {
      label: 'Total (gCO2e)',
      attribute: 'total-g',
      value: (row) => row.emissionsG.total,
      show: (row) => significant(row.emissionsG.total, 'gCO2e'),
    },
    {
      label: 'Energy (kWh)',
      attribute: 'energy-kwh',
      value: (row) => row.energyKwh.total,
      show: (row) => withUnit(row.energyKwh.total, 'kWh', 4),
    },
    {
      label: 'Data (GB)',
      attribute: 'data-gb',
      value: (row) => row.dataVolumeGb,
      show: (row) => withUnit(row.dataVolumeGb, 'GB', 3),
    },
  ],
);

const simulationCard = chartCard<ScenarioResult>(
  'simulation',
  'What-if scenarios: change in emissions over a year (kgCO2e)',
  [
    { label: 'Scenario', attribute: 'name', value: (row) => row.name },
    {
      label: 'Changes',
      attribute: 'changes',
      value: (row) =>
        Object.entries(row.changes)
          .map(([name, value]) => `${name}=${String(value)}`)
          .join('; '),
    },
    {
      label: 'Per view (gCO2e)',
      attribute: 'total-g',
      value: (row) => row.footprint.emissionsG.total,
      show: (row) => significant(row.footprint.emissionsG.total, 'gCO2e'),
    },
    {
      label: 'Change per view (gCO2e)',
      attribute: 'delta-g',
      value: (row) => row.deltaG,
      show: (row) => significant(row.deltaG, 'gCO2e'),
    },
    {
      label: 'Change (%)',
      attribute: 'delta-percent',
      value: (row) => row.deltaPercent,
      show: (row) => withUnit(row.deltaPercent, '%', 1),
    },
    {
      label: 'Change per year (kgCO2e)',
      attribute: 'yearly-kg',
      value: (row) => row.yearlyDeltaKg,
      show: (row) => withUnit(row.yearlyDeltaKg, 'kgCO2e', 3),
    },
  ],
);

function intensityRow(label: string, value: WindowIntensity): HTMLElement {
  return el(
    'tr',
    { 'data-zone': value.zone, 'data-g-per-kwh': String(value.gCo2ePerKwh), 'data-source': value.source },
    el('th', { scope: 'row' }, label),
    el('td', {}, value.zone),
    el('td', {}, withUnit(value.gCo2ePerKwh, 'gCO2e/kWh', 0)),
    el('td', {}, value.sources.map((source) => SOURCE_WORDS[source] ?? source).join(', ')),
    el('td', {}, age(value.ageSeconds)),
  );
}

export class CalculatorView {
  private readonly form = byId<HTMLFormElement>('calculator-form');

  constructor() {
    const country = byId<HTMLSelectElement>('calc-country');
    for (const entry of COUNTRIES)
      country.append(el('option', { value: entry.alpha2 }, `${entry.name} (${entry.alpha2})`));
    country.value = 'FR';
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.calculate();
    });
  }

  /** Offers the enabled regions as serving regions (default: the nearest one, chosen by the API). */
  setRegions(regions: readonly Region[]): void {
    const select = byId<HTMLSelectElement>('calc-region');
    const chosen = select.value;
    select.replaceChildren(
      el('option', { value: '' }, 'Nearest enabled region (default)'),
      ...[...regions]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((region) => el('option', { value: region.id }, `${region.id}, ${region.displayName}`)),
    );
    select.value = chosen;
  }

  private baseline(): Record<string, string | number> {
    const value = (id: string): string => byId<HTMLInputElement | HTMLSelectElement>(id).value;
    const baseline: Record<string, string | number> = {
      durationMinutes: Number(value('calc-duration')),
      resolution: value('calc-resolution'),
      device: value('calc-device'),
      connection: value('calc-connection'),
      viewerCountry: value('calc-country'),
      startAt: nowToTheMinute(),
    };
    if (value('calc-region')) baseline.region = value('calc-region');
    return baseline;
  }

  async calculate(): Promise<void> {
    const result = byId('calculator-result');
    const baseline = this.baseline();
    const search = query({ ...baseline, model: 'all' });
    fill(result, message('Calculating…'));
    try {
      const viewsPerWeek = Number(byId<HTMLInputElement>('calc-views').value);
      const model = byId<HTMLSelectElement>('calc-model').value;
      const [all, simulation] = await Promise.all([
        api<{ results: Footprint[] }>(`/footprint?${search}`),
        api<Simulation>('/simulate', { body: { baseline: { ...baseline, model }, viewsPerWeek } }),
      ]);
      const first = all.results[0];
      footprintCard.element.dataset.query = search;
      fill(
        result,
        el(
          'p',
          { class: 'muted' },
          `${withUnit(Number(baseline.durationMinutes), 'min', 0)} starting ${utc(first.startAt)}, ${withUnit(first.dataVolumeGb, 'GB', 3)} served from ` +
            `${first.region ?? first.dataCentreZone} to a viewer in zone ${first.viewerZone}.`,
        ),
        first.degraded
          ? message(
              'Degraded: an intensity used is a stored, profile or reference value, not live or forecast.',
              'warning',
            )
          : null,
        footprintCard.element,
        el(
          'div',
          { class: 'card' },
          el('h3', {}, 'Intensities used'),
          el(
            'div',
            { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Intensities used' },
            el(
              'table',
              { 'data-intensities': '' },
              el('caption', {}, 'Average grid intensity over the viewing window, with its sources'),
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ...['Where', 'Zone', 'Intensity (gCO2e/kWh)', 'Sources', 'Age of the value'].map((header) =>
                    el('th', { scope: 'col' }, header),
                  ),
                ),
              ),
              el(
                'tbody',
                {},
                intensityRow('Data centre', first.intensity.dataCentre),
                intensityRow('Viewer', first.intensity.viewer),
              ),
            ),
          ),
        ),
        el(
          'p',
          { class: 'muted' },
          `Simulation on the ${simulation.baseline.model} model at ${withUnit(simulation.viewsPerWeek, 'views/week', 0)}: baseline ${significant(simulation.baseline.emissionsG.total, 'gCO2e')} per view; ` +
            (simulation.best ? `best scenario: ${simulation.best}.` : 'no scenario saves.'),
        ),
        simulationCard.element,
      );
      footprintCard.update(all.results, {
        type: 'bar',
        data: {
          labels: all.results.map((footprint) => footprint.model),
          datasets: SEGMENTS.map((segment, index) => ({
            label: `${segment.label} (gCO2e)`,
            data: all.results.map((footprint) => footprint.emissionsG[segment.key]),
            backgroundColor: SERIES_COLOURS[index],
          })),
        },
        options: {
          indexAxis: 'y',
          scales: {
            x: { stacked: true, beginAtZero: true, title: { display: true, text: 'gCO2e per view' } },
            y: { stacked: true },
          },
        },
      });
      simulationCard.update(simulation.scenarios, {
        type: 'bar',
        data: {
          labels: simulation.scenarios.map((scenario) => scenario.name),
          datasets: [
            {
              label: 'Change per year (kgCO2e)',
              data: simulation.scenarios.map((scenario) => scenario.yearlyDeltaKg),
              backgroundColor: SERIES_COLOURS[2],
            },
          ],
        },
        options: {
          indexAxis: 'y',
          plugins: { legend: { display: false } },
          scales: { x: { title: { display: true, text: 'kgCO2e per year (negative: saved)' } } },
        },
      });
    } catch (error) {
      fill(result, message(`Could not calculate: ${errorText(error)}`, 'error'));
    }
  }
}
