// A chart with its numbers: a Chart.js canvas, the same figures in a table (for screen readers, for
// copying and for the browser tests, which compare them with the API through data-* attributes) and a
// CSV download of them.
import type { Chart, ChartConfiguration } from 'chart.js';
import { el } from './dom.js';
import { toCsv, type Column } from './figures.js';

export type { Column };

let chartModule: Promise<typeof import('./charts.js')> | undefined;

/** Colours of the chart series (distinct for the common colour-vision deficiencies; Okabe-Ito). */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

export interface ChartCard<Row> {
  element: HTMLElement;
  update(rows: readonly Row[], chart: ChartConfiguration): void;
}

/**
 * A card titled `title`, whose canvas is described by `summary`, with a table of `columns` and a CSV
 * button (file `name`.csv). `name` is also the card's data-chart attribute.
 */
export function chartCard<Row>(name: string, title: string, columns: readonly Column<Row>[]): ChartCard<Row> {
  const canvas = el('canvas', { role: 'img', 'aria-label': title });
  const table = el('table', { 'data-chart': name });
  const download = el('button', { type: 'button', class: 'secondary' }, 'Download CSV');
  const summary = el('p', { class: 'chart-summary' });
  const element = el(
    'figure',
    { class: 'card chart-card', 'data-chart-card': name },
    el('figcaption', {}, el('h3', {}, title)),
    el('div', { class: 'chart-box' }, canvas),
    summary,
    el('div', { class: 'chart-actions' }, download),
    el(
      'details',
      {},
      el('summary', {}, `Numbers of “${title}”`),
      el(
        'div',
        { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `Numbers of ${title}` },
        table,
      ),
    ),
  );
  let chart: Chart | undefined;
  let current: readonly Row[] = [];
  let draws = 0;
  download.addEventListener('click', () => {
    const blob = new Blob([toCsv(columns, current)], { type: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: `greenstream-${name}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return {
    element,
    update(rows, configuration) {
      current = rows;
      const head = el('tr', {}, ...columns.map((column) => el('th', { scope: 'col' }, column.label)));
      const body = rows.map((row) => {
        const attributes: Record<string, string> = {};
        for (const column of columns)
          attributes[`data-${column.attribute}`] = String(column.value(row) ?? '');
        return el(
          'tr',
          attributes,
          ...columns.map((column) =>
            el('td', {}, column.show ? column.show(row) : String(column.value(row) ?? '—')),
          ),
        );
      });
      table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
      summary.textContent =
        rows.length === 0
          ? 'No data in this range.'
          : `${rows.length} rows; the numbers are in the table below.`;
      download.disabled = rows.length === 0;
      chartModule ??= import('./charts.js');
      const drawn = ++draws;
      void chartModule.then(({ Chart: ChartClass }) => {
        if (drawn !== draws) return; // a later update came first
        chart?.destroy();
        chart = new ChartClass(canvas, {
          ...configuration,
          options: { responsive: true, maintainAspectRatio: false, ...configuration.options },
        });
        element.dataset.drawn = 'true';
      });
    },
  };
}
