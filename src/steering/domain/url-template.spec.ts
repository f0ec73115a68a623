import { InvalidInputError } from '../../platform/kernel/errors.js';
import { compileUrlTemplate, expandUrl } from './url-template.js';

describe('origin URL templates', () => {
  it.each([
    [
      'https://cdn.test/vod/{videoId}/{path}',
      { videoId: 'abc', region: 'aws:eu-west-3', path: 'hls/master.m3u8' },
      'https://cdn.test/vod/abc/hls/master.m3u8',
    ],
    [
      'https://cdn.test/{region}/{videoId}.mp4',
      { videoId: 'a b', region: 'aws:eu-west-3' },
      'https://cdn.test/aws%3Aeu-west-3/a%20b.mp4',
    ],
    [
      'http://127.0.0.1:8080/{videoId}?r={region}',
      { videoId: 'x', region: 'gcp:europe-west9' },
      'http://127.0.0.1:8080/x?r=gcp%3Aeurope-west9',
    ],
    ['https://cdn.test/{videoId}/{path}', { videoId: 'abc', region: 'r' }, 'https://cdn.test/abc/'],
  ])('%s expands to the video URL', (template, values, expected) => {
    expect(expandUrl(compileUrlTemplate(template), values)).toBe(expected);
  });

  it.each([
    ['https://cdn.test/video.mp4', 'must contain {videoId}'],
    ['https://cdn.test/{videoId}/{bitrate}', 'unknown placeholder {bitrate}'],
    ['https://cdn.test/{videoId', 'unbalanced'],
    ['https://cdn.test/videoId}', 'unbalanced'],
    ['ftp://cdn.test/{videoId}', 'http or https'],
    ['/relative/{videoId}', 'absolute http or https URL'],
    ['https://{region}.cdn.test/{videoId}', 'scheme or host'],
    ['https://user:secret@cdn.test/{videoId}', 'credentials'],
    ['', '1 to 2048'],
  ])('refuses %s, naming urlTemplate (%s)', (template, message) => {
    let error: unknown;
    try {
      compileUrlTemplate(template);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).errors[0]?.field).toBe('urlTemplate');
    expect((error as InvalidInputError).message).toContain(message);
  });
});
