import { csvField, csvLine } from './csv.js';

describe('CSV', () => {
  it('quotes only what needs it and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(null)).toBe('');
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 2, 'c,d'])).toBe('a,2,"c,d"\r\n');
  });
});
