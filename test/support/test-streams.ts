// Small test streams for the player tests, made at test time with Debian's ffmpeg (`.ci/run` installs
// it when missing): a test pattern in H.264 with an AAC tone, 160x90, one-second segments, a few
// hundred kilobytes in all.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

export const FFMPEG_PATH = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const run = promisify(execFile);

const SOURCES = (seconds: number): string[] => [
  '-hide_banner',
  '-loglevel',
  'error',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=160x90:rate=25',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:sample_rate=44100',
  '-t',
  String(seconds),
  '-c:v',
  'libx264',
  '-profile:v',
  'baseline',
  '-preset',
  'ultrafast',
  '-pix_fmt',
  'yuv420p',
  // A key frame every second, so every one-second segment starts with one.
  '-g',
  '25',
  '-keyint_min',
  '25',
  '-sc_threshold',
  '0',
  '-c:a',
  'aac',
  '-b:a',
  '32k',
  '-ac',
  '1',
];

/** The CODECS attribute of the stream made here (H.264 Constrained Baseline 1.2, AAC-LC). */
export const TEST_STREAM_CODECS = 'avc1.42c00c,mp4a.40.2';

function ensureFfmpeg(): void {
  if (!existsSync(FFMPEG_PATH)) {
    throw new Error(
      `${FFMPEG_PATH} not found: install Debian's ffmpeg (apt-get install ffmpeg), as .ci/run does`,
    );
  }
}

/** Writes `stream.m3u8` and `seg000.ts`… (one-second MPEG-TS segments) into `directory`. */
export async function makeHlsStream(directory: string, seconds: number): Promise<void> {
  ensureFfmpeg();
  await run(FFMPEG_PATH, [
    ...SOURCES(seconds),
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_filename',
    `${directory}/seg%03d.ts`,
    `${directory}/stream.m3u8`,
  ]);
}

/** Writes `stream.mpd` with `init-*.m4s` and `chunk-*.m4s` (one-second fMP4 segments) into `directory`. */
export async function makeDashStream(directory: string, seconds: number): Promise<void> {
  ensureFfmpeg();
  await run(FFMPEG_PATH, [
    ...SOURCES(seconds),
    '-f',
    'dash',
    '-seg_duration',
    '1',
    '-use_template',
    '1',
    '-use_timeline',
    '0',
    '-init_seg_name',
    'init-$RepresentationID$.m4s',
    '-media_seg_name',
    'chunk-$RepresentationID$-$Number%05d$.m4s',
    `${directory}/stream.mpd`,
  ]);
}

export interface Pathway {
  /** The PATHWAY-ID (HLS) or serviceLocation (DASH). */
  id: string;
  /** Where this pathway's copy of the stream is, ending in "/". */
  baseUrl: string;
}

/**
 * A multivariant playlist that points at a steering server and offers the same variant once per
 * pathway (the HLS Content Steering way to name alternative origins).
 */
export function steeredMultivariantPlaylist(
  steeringUri: string,
  pathways: readonly Pathway[],
  initialPathway: string,
): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-CONTENT-STEERING:SERVER-URI="${steeringUri}",PATHWAY-ID="${initialPathway}"`,
  ];
  for (const pathway of pathways) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=160x90,CODECS="${TEST_STREAM_CODECS}",PATHWAY-ID="${pathway.id}"`,
      `${pathway.baseUrl}stream.m3u8`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * ffmpeg's MPD with a `<ContentSteering>` element (the DASH-IF way to name a steering server) and one
 * `<BaseURL serviceLocation=…>` per pathway, placed before its first `<Period>`.
 */
export function steeredMpd(
  mpd: string,
  steeringUri: string,
  pathways: readonly Pathway[],
  initialPathway: string,
): string {
  const escape = (text: string): string =>
    text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  const steering =
    `<ContentSteering defaultServiceLocation="${escape(initialPathway)}" queryBeforeStart="true">` +
    `${escape(steeringUri)}</ContentSteering>`;
  const baseUrls = pathways
    .map((pathway) => `<BaseURL serviceLocation="${escape(pathway.id)}">${escape(pathway.baseUrl)}</BaseURL>`)
    .join('\n\t');
  const at = mpd.indexOf('<Period');
  if (at < 0) throw new Error('the MPD has no <Period>');
  return `${mpd.slice(0, at)}${steering}\n\t${baseUrls}\n\t${mpd.slice(at)}`;
}
