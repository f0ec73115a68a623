/** Samples of the Prometheus text format: `name{labels}` → value. */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const separator = line.lastIndexOf(' ');
    samples.set(line.slice(0, separator), Number(line.slice(separator + 1)));
  }
  return samples;
}

/** The value of one series (`name{labels}`) of the text format, or undefined when it is absent. */
export function metricSample(text: string, series: string): number | undefined {
  return parseMetrics(text).get(series);
}
