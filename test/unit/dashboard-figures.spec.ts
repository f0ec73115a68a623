import { degradedShare, parseMetrics, savingRows, toCsv, type Column } from '../../web/src/figures.js';
import { age, significant, utc, withUnit } from '../../web/src/format.js';

describe('the dashboard figures (web/src/figures.ts, format.ts)', () => {
  it('writes a chart’s rows as RFC 4180 CSV with the units in the header, quoting what needs it', () => {
    const columns: Column<{ key: string; kg: number | null }>[] = [
      { label: 'Video', attribute: 'key', value: (row) => row.key },
      { label: 'Emissions (kgCO2e)', attribute: 'kg', value: (row) => row.kg },
    ];
    const csv = toCsv(columns, [
      { key: 'plain', kg: 1.5 },
      { key: 'with, comma', kg: null },
      { key: 'say "hi"', kg: 0 },
    ]);
    expect(csv).toBe('Video,Emissions (kgCO2e)\r\nplain,1.5\r\n"with, comma",\r\n"say ""hi""",0\r\n');
  });

  it('reads intensity answers by source, avoided CO2e and recommendations from the Prometheus text', () => {
    const figures = parseMetrics(
      [
        '# HELP greenstream_intensity_answers_total Intensity values served',
        '# TYPE greenstream_intensity_answers_total counter',
        'greenstream_intensity_answers_total{source="live"} 90',
        'greenstream_intensity_answers_total{source="forecast"} 6',
        'greenstream_intensity_answers_total{source="stored"} 3',
        'greenstream_intensity_answers_total{source="reference"} 1',
        'greenstream_co2e_avoided_grams_total{model="1byte"} 12.5',
        'greenstream_co2e_avoided_grams_total{model="iea"} 2.5',
        'greenstream_recommendations_total{model="1byte"} 4',
        'greenstream_views_ingested_total 7',
      ].join('\n'),
    );
    expect(figures.avoidedG).toBe(15);
    expect(figures.recommendations).toBe(4);
    expect(degradedShare(figures)).toEqual({ share: 0.04, total: 100 });
    expect(degradedShare(parseMetrics(''))).toBeUndefined();
  });

  it('shows the top-level saving as the data centre’s, and one row per scope once the answer has them', () => {
    const today = { versusRegionId: 'aws:eu-central-1', basis: 'nearest', emissionsG: 2.5, percent: 36.2 };
    expect(savingRows(today)).toEqual([{ scope: 'dataCentre', label: 'Data centre', figure: today }]);
    const scoped = {
      ...today,
      dataCentre: { emissionsG: 2.5, percent: 36.2 },
      wholeView: { emissionsG: 2.5, percent: 4.1 },
    };
    expect(savingRows(scoped).map((row) => [row.scope, row.figure.percent])).toEqual([
      ['dataCentre', 36.2],
      ['wholeView', 4.1],
    ]);
  });

  it('puts a unit on every number', () => {
    expect(withUnit(1234.567, 'gCO2e/kWh', 0)).toBe('1,235 gCO2e/kWh');
    expect(withUnit(null, 'kWh')).toBe('—');
    expect(significant(0.004215, 'gCO2e')).toBe('0.00422 gCO2e');
    expect(significant(71.64, 'gCO2e')).toBe('71.6 gCO2e');
    expect(age(42)).toBe('42 s');
    expect(age(125 * 60)).toBe('2 h 5 min');
    expect(age(3 * 86_400)).toBe('3 d');
    expect(utc('2026-11-22T14:00:00.000Z')).toBe('2026-11-22 14:00 UTC');
  });
});
