import { monthPartition, partitionsAhead, partitionsCovering } from './partitions.js';

describe('monthly partitions', () => {
  it('names a month and bounds it in UTC', () => {
    expect(monthPartition(new Date('2026-12-31T23:59:59Z'))).toEqual({
      name: 'views_2026_12',
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('covers every month a range touches', () => {
    expect(
      partitionsCovering(new Date('2026-11-30T00:00:00Z'), new Date('2027-02-01T00:00:00Z')).map(
        (p) => p.name,
      ),
    ).toEqual(['views_2026_11', 'views_2026_12', 'views_2027_01', 'views_2027_02']);
  });

  it('keeps the previous month, this one and the next ones ready', () => {
    expect(partitionsAhead(new Date('2026-11-22T12:00:00Z'), 3).map((p) => p.name)).toEqual([
      'views_2026_10',
      'views_2026_11',
      'views_2026_12',
      'views_2027_01',
      'views_2027_02',
    ]);
  });
});
