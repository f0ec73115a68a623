// Statistics and formatting of the results.

/** Median of a non-empty list of numbers (mean of the two middle values for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Medians over rounds, per target. Each metric's median is taken on its own, so the p99 median
 * may come from another round than the req/s median.
 * @param {import('./load.js').LoadSummary[]} runs
 */
export function medians(runs) {
  return {
    reqPerSec: median(runs.map((run) => run.reqPerSec)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
  };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
// Latency percentiles are whole milliseconds over ~1 ms; fractions appear below that and in
// medians of an even number of rounds.
const milliseconds = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });

/** ISO 8601 basic format (no colons, so it is a portable file name): 20250101T120000Z. */
export function fileStamp(date) {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export const formatReqPerSec = (value) => integer.format(value);
export const formatRatio = (value) => value.toFixed(2);
export const formatMs = (value) => milliseconds.format(value);
export const formatDuration = (seconds) =>
  seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;

/** One progress line for a finished run. */
export function describeRun(summary) {
  return (
    `${formatReqPerSec(summary.reqPerSec).padStart(8)} req/s  ` +
    `p50 ${formatMs(summary.p50)} ms  p99 ${formatMs(summary.p99)} ms  ` +
    `non-2xx ${summary.non2xx}  errors ${summary.errors}`
  );
}

/** Left-aligned first column, right-aligned others. */
export function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
        )
        .join('   '),
    )
    .join('\n');
}

/** The row to paste under the table header given in bench/README.md. */
export function markdownRow({ date, scenario, connections, app, baseline, ratio }) {
  const cells = [
    date,
    scenario,
    connections,
    formatReqPerSec(app.reqPerSec),
    formatReqPerSec(baseline.reqPerSec),
    formatRatio(ratio),
    `${formatMs(app.p50)} / ${formatMs(app.p99)}`,
    `${formatMs(baseline.p50)} / ${formatMs(baseline.p99)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}
