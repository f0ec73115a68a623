import { dayPartition, expiredPartitions, partitionsAround, retentionCutoff } from './day-partitions.js';

describe('daily partitions of the decision log', () => {
  it('names a day by its UTC date, from midnight to midnight', () => {
    expect(dayPartition(new Date('2026-12-01T23:59:59.999Z'))).toEqual({
      name: 'steering_decisions_20261201',
      from: new Date('2026-12-01T00:00:00.000Z'),
      to: new Date('2026-12-02T00:00:00.000Z'),
    });
  });

  it('keeps yesterday to three days ahead ready', () => {
    expect(partitionsAround(new Date('2026-12-31T12:00:00Z'), 3).map((day) => day.name)).toEqual([
      'steering_decisions_20261230',
      'steering_decisions_20261231',
      'steering_decisions_20270101',
      'steering_decisions_20270102',
      'steering_decisions_20270103',
    ]);
  });

  it('drops the days wholly before the retention cutoff, and nothing else', () => {
    const cutoff = retentionCutoff(new Date('2026-12-10T08:00:00Z'), 7);
    expect(cutoff).toEqual(new Date('2026-12-03T00:00:00Z'));
    expect(
      expiredPartitions(
        [
          'steering_decisions_20261203',
          'steering_decisions_20261202',
          'steering_decisions_20261130',
          'steering_decisions_default',
          'views_2026_11',
        ],
        cutoff,
      ),
    ).toEqual(['steering_decisions_20261130', 'steering_decisions_20261202']);
  });
});
