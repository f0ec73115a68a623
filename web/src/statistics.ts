// Panel 3: statistics for analysts. The analyst key is typed into the page and kept in sessionStorage
// only (gone when the tab closes); without one the panel asks for it and shows no data.
import type { ChartConfiguration } from 'chart.js';
import { api, ApiError, query, type Stats, type StatsGroup } from './api.js';
import { chartCard, SERIES_COLOURS, type ChartCard, type Column } from './chart-card.js';
import { countryName } from './countries.js';
import { byId, el, errorText, fill, message } from './dom.js';
import { withUnit } from './format.js';

const KEY_STORAGE = 'greenstream.analystKey';
const DAY_MS = 86_400_000;

const figureColumns: Column<StatsGroup>[] = [
  {
    label: 'Views',
    attribute: 'views',
    value: (row) => row.views,
    show: (row) => withUnit(row.views, 'views', 0),
  },
  {
    label: 'Hours viewed (h)',
    attribute: 'hours',
    value: (row) => row.hoursViewed,
    show: (row) => withUnit(row.hoursViewed, 'h', 1),
  },
  {
    label: 'Data (GB)',
    attribute: 'data-gb',
    value: (row) => row.dataVolumeGb,
    show: (row) => withUnit(row.dataVolumeGb, 'GB', 1),
  },
  {
    label: 'Energy (kWh)',
    attribute: 'energy-kwh',
    value: (row) => row.energyKwh,
    show: (row) => withUnit(row.energyKwh, 'kWh', 3),
  },
  {
    label: 'Emissions (kgCO2e)',
    attribute: 'emissions-kg',
    value: (row) => row.emissionsKg,
    show: (row) => withUnit(row.emissionsKg, 'kgCO2e', 3),
  },
  {
    label: 'Per hour (gCO2e/h)',
    attribute: 'g-per-hour',
    value: (row) => row.gPerHour,
    show: (row) => withUnit(row.gPerHour, 'gCO2e/h', 1),
  },
];

interface Breakdown {
  name: string;
  title: string;
  groupBy: string;
  limit?: number;
  keyLabel: string;
  keyText?: (key: string) => string;
  chart: 'day' | 'views' | 'emissions';
}

const BREAKDOWNS: Breakdown[] = [
  {
    name: 'per-day',
    title: 'Views and emissions per day',
    groupBy: 'day',
    keyLabel: 'Day (UTC)',
    chart: 'day',
  },
  {
    name: 'top-videos',
    title: 'Top videos by views',
    groupBy: 'video',
    limit: 10,
    keyLabel: 'Video',
    chart: 'views',
  },
  {
    name: 'by-country',
    title: 'Emissions by viewer country (top 15)',
    groupBy: 'viewerCountry',
    limit: 15,
    keyLabel: 'Country',
    keyText: (key) => `${countryName(key)} (${key})`,
    chart: 'emissions',
  },
  {
    name: 'by-region',
    title: 'Emissions by serving region (top 15)',
    groupBy: 'region',
    limit: 15,
    keyLabel: 'Region',
    chart: 'emissions',
  },
  {
    name: 'by-device',
    title: 'Emissions by device',
    groupBy: 'device',
    keyLabel: 'Device',
    chart: 'emissions',
  },
  {
    name: 'by-resolution',
    title: 'Emissions by resolution',
    groupBy: 'resolution',
    keyLabel: 'Resolution',
    chart: 'emissions',
  },
];

function chartOf(breakdown: Breakdown, groups: StatsGroup[]): ChartConfiguration {
  const labels = groups.map((group) => (breakdown.keyText ? breakdown.keyText(group.key) : group.key));
  if (breakdown.chart === 'day') {
    return {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            type: 'bar',
            label: 'Views',
            data: groups.map((group) => group.views),
            backgroundColor: SERIES_COLOURS[0],
            yAxisID: 'views',
          },
          {
            type: 'line',
            label: 'Emissions (kgCO2e)',
            data: groups.map((group) => group.emissionsKg),
            borderColor: SERIES_COLOURS[5],
            backgroundColor: SERIES_COLOURS[5],
            yAxisID: 'emissions',
          },
        ],
      },
      options: {
        scales: {
          views: { position: 'left', beginAtZero: true, title: { display: true, text: 'views' } },
          emissions: {
            position: 'right',
            beginAtZero: true,
            title: { display: true, text: 'kgCO2e' },
            grid: { drawOnChartArea: false },
          },
        },
      },
    };
  }
  const views = breakdown.chart === 'views';
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        views
          ? { label: 'Views', data: groups.map((group) => group.views), backgroundColor: SERIES_COLOURS[0] }
          : {
              label: 'Emissions (kgCO2e)',
              data: groups.map((group) => group.emissionsKg),
              backgroundColor: SERIES_COLOURS[2],
            },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, title: { display: true, text: views ? 'views' : 'kgCO2e' } } },
    },
  };
}

export class StatisticsView {
  private readonly cards = new Map<string, ChartCard<StatsGroup>>();

  constructor() {
    const form = byId<HTMLFormElement>('key-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = byId<HTMLInputElement>('analyst-key');
      const key = input.value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY_STORAGE, key);
      input.value = '';
      void this.load();
    });
    byId('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY_STORAGE);
      void this.load();
    });
    byId<HTMLFormElement>('range-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    byId<HTMLInputElement>('stats-from').value = new Date(today - 29 * DAY_MS).toISOString().slice(0, 10);
    byId<HTMLInputElement>('stats-to').value = new Date(today).toISOString().slice(0, 10);
    for (const breakdown of BREAKDOWNS) {
      this.cards.set(
        breakdown.name,
        chartCard<StatsGroup>(breakdown.name, breakdown.title, [
          {
            label: breakdown.keyLabel,
            attribute: 'key',
            value: (row) => row.key,
            show: (row) => (breakdown.keyText ? breakdown.keyText(row.key) : row.key),
          },
          ...figureColumns,
        ]),
      );
    }
  }

  private key(): string | null {
    return sessionStorage.getItem(KEY_STORAGE);
  }

  /** Shows the key form alone without a key; with one, the totals and every chart of the range. */
  async load(): Promise<void> {
    const key = this.key();
    const content = byId('stats-content');
    const prompt = byId('stats-key-state');
    byId('forget-key').hidden = key === null;
    if (key === null) {
      fill(
        prompt,
        message(
          'Statistics need an analyst API key (one of ANALYST_API_KEYS). Type it above: it is kept in this tab only.',
          'info',
        ),
      );
      prompt.dataset.state = 'needs-key';
      content.hidden = true;
      fill(byId('stats-charts'));
      fill(byId('stats-totals'));
      return;
    }
    prompt.dataset.state = 'has-key';
    fill(prompt, message('Using the analyst key of this tab (kept in session storage only).'));
    content.hidden = false;
    const from = byId<HTMLInputElement>('stats-from').value;
    const lastDay = byId<HTMLInputElement>('stats-to').value;
    const to = lastDay ? new Date(Date.parse(lastDay) + DAY_MS).toISOString().slice(0, 10) : undefined;
    const charts = byId('stats-charts');
    fill(charts, ...BREAKDOWNS.map((breakdown) => this.cards.get(breakdown.name)?.element));
    try {
      const totals = await api<Stats>(`/stats?${query({ from, to })}`, { key });
      this.showTotals(totals);
      await Promise.all(
        BREAKDOWNS.map(async (breakdown) => {
          const search = query({ from, to, groupBy: breakdown.groupBy, limit: breakdown.limit });
          const answer = await api<Stats>(`/stats?${search}`, { key });
          const card = this.cards.get(breakdown.name);
          if (!card) return;
          card.element.dataset.query = search;
          card.update(answer.groups ?? [], chartOf(breakdown, answer.groups ?? []));
        }),
      );
      content.dataset.loaded = 'true';
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        sessionStorage.removeItem(KEY_STORAGE);
        fill(
          prompt,
          message(`The key was refused (${error.status}): ${error.message}. Type an analyst key.`, 'error'),
        );
        prompt.dataset.state = 'needs-key';
        content.hidden = true;
        return;
      }
      fill(byId('stats-totals'), message(`Could not load the statistics: ${errorText(error)}`, 'error'));
    }
  }

  private showTotals(stats: Stats): void {
    const totals = stats.totals;
    const items: [string, string, string, number | null][] = [
      ['views', 'Views', withUnit(totals.views, 'views', 0), totals.views],
      ['hours', 'Hours viewed', withUnit(totals.hoursViewed, 'h', 1), totals.hoursViewed],
      ['data-gb', 'Data', withUnit(totals.dataVolumeGb, 'GB', 1), totals.dataVolumeGb],
      ['energy-kwh', 'Energy', withUnit(totals.energyKwh, 'kWh', 2), totals.energyKwh],
      ['emissions-kg', 'Emissions', withUnit(totals.emissionsKg, 'kgCO2e', 3), totals.emissionsKg],
      ['g-per-hour', 'Per hour viewed', withUnit(totals.gPerHour, 'gCO2e/h', 1), totals.gPerHour],
    ];
    fill(
      byId('stats-totals'),
      el(
        'p',
        { class: 'muted' },
        `From ${stats.from.slice(0, 10)} to ${stats.to.slice(0, 10)} (exclusive, UTC).`,
      ),
      el(
        'dl',
        { class: 'totals' },
        ...items.flatMap(([attribute, label, text, value]) => [
          el('dt', {}, label),
          el('dd', { [`data-${attribute}`]: String(value ?? '') }, text),
        ]),
      ),
    );
  }
}
