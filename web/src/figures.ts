// The dashboard's pure computations (no DOM): CSV of a chart's rows, the figures read from /metrics,
// the saving rows of a recommendation. Unit-tested in test/unit/dashboard-figures.spec.ts.
import type { Recommendation, SavingFigure } from './api.js';

export interface Column<Row> {
  /** Header, with the unit: "Emissions (kgCO2e)". */
  label: string;
  /** The data-* attribute name the cell's exact value is written to (e.g. "emissions-kg"). */
  attribute: string;
  value: (row: Row) => string | number | null;
  /** How the cell shows the value (default: as is). */
  show?: (row: Row) => string;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV (RFC 4180), a header line first. */
export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvField(column.label)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const DEGRADED_SOURCES = new Set(['stored', 'profile', 'reference']);

export interface MetricsFigures {
  /** Intensity values served since start, by source. */
  answersBySource: Map<string, number>;
  /** gCO2e avoided by recommendations since start (all models). */
  avoidedG: number;
  recommendations: number;
}

/** The dashboard's figures from the Prometheus text of GET /metrics. */
export function parseMetrics(text: string): MetricsFigures {
  const figures: MetricsFigures = { answersBySource: new Map(), avoidedG: 0, recommendations: 0 };
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^(\w+)(?:\{([^}]*)\})?\s+([0-9.eE+-]+)/.exec(line);
    if (!match) continue;
    const [, name, labels = '', valueText] = match;
    const value = Number(valueText);
    if (name === 'greenstream_intensity_answers_total') {
      const source = /source="([^"]*)"/.exec(labels)?.[1] ?? 'unknown';
      figures.answersBySource.set(source, (figures.answersBySource.get(source) ?? 0) + value);
    } else if (name === 'greenstream_co2e_avoided_grams_total') figures.avoidedG += value;
    else if (name === 'greenstream_recommendations_total') figures.recommendations += value;
  }
  return figures;
}

/** The share (0..1) of intensity answers that were degraded, with the count; undefined before any. */
export function degradedShare(figures: MetricsFigures): { share: number; total: number } | undefined {
  let total = 0;
  let degraded = 0;
  for (const [source, count] of figures.answersBySource) {
    total += count;
    if (DEGRADED_SOURCES.has(source)) degraded += count;
  }
  return total === 0 ? undefined : { share: degraded / total, total };
}

/**
 * The saving figures shown, in order. Today `savings` carries one figure at its top level, the data
 * centre's; an answer that adds per-scope figures (objects with emissionsG and percent under these keys)
 * gets a row for each, with no other change here.
 */
export const SAVING_SCOPES: readonly { key: string; label: string }[] = [
  { key: 'dataCentre', label: 'Data centre' },
  { key: 'wholeView', label: 'Whole view (data centre, network, device)' },
];

function isFigure(value: unknown): value is SavingFigure {
  return (
    typeof value === 'object' && value !== null && typeof (value as SavingFigure).emissionsG === 'number'
  );
}

/** The saving rows of an answer: each scope it carries, else its top-level (data-centre) figure. */
export function savingRows(
  savings: Recommendation['savings'],
): { scope: string; label: string; figure: SavingFigure }[] {
  const scoped = SAVING_SCOPES.flatMap(({ key, label }) => {
    const figure = savings[key];
    return isFigure(figure) ? [{ scope: key, label, figure }] : [];
  });
  return scoped.length > 0 ? scoped : [{ scope: 'dataCentre', label: 'Data centre', figure: savings }];
}
