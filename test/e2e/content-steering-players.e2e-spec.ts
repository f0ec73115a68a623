// A real player follows GreenStream (issue 16's acceptance): hls.js and the DASH-IF reference player,
// in headless Chromium, play a small test stream offered by two local origins as two pathways; the
// stream points at GreenStream's steering URL. Segments come from the origin GreenStream ranks first and
// move to the other one after the next steering reload once the fake Electricity Maps favours it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { StreamOrigin, type ServedFile } from '../fakes/stream-origin.js';
import { launchBrowser, offLoopbackRequests, type TestBrowser } from '../support/browser.js';
import { liveEnv } from '../support/live-env.js';
import { PlayerPage, type PlayerKind } from '../support/player-page.js';
import { asAdmin, startTestApp, type TestApp } from '../support/test-app.js';
import {
  makeDashStream,
  makeHlsStream,
  steeredMpd,
  steeredMultivariantPlaylist,
  type Pathway,
} from '../support/test-streams.js';
import { waitUntil } from '../support/wait.js';

const VIDEO = 'abc';
/** Long enough to play through the whole scenario; the player keeps only ~2 s ahead. */
const STREAM_SECONDS = 90;

describe('players follow GreenStream content steering (e2e, Chromium)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;
  let appUrl: string;
  let streams: string;
  const origins: Record<string, StreamOrigin> = {};

  /** Scripts the fake so that one pathway is the cleaner, then waits until GreenStream values both so. */
  async function favour(pathway: 'paris' | 'dublin'): Promise<void> {
    const expected: Record<string, number> = pathway === 'paris' ? { FR: 30, IE: 500 } : { FR: 600, IE: 20 };
    fake.setIntensity('FR', expected.FR);
    fake.setIntensity('IE', expected.IE);
    await waitUntil(
      async () => {
        const response = await fetch(`${appUrl}/video/${VIDEO}?service=vod-eu&viewerCountry=FR&dryRun=true`);
        const decision = (await response.json()) as {
          locations?: { intensity: { zone: string; gCo2ePerKwh: number } | null }[];
        };
        return decision.locations?.every(
          (location) => location.intensity?.gCo2ePerKwh === expected[location.intensity?.zone ?? ''],
        );
      },
      20000,
      `GreenStream ranking ${pathway} first`,
    );
  }

  beforeAll(async () => {
    streams = mkdtempSync(join(tmpdir(), 'greenstream-streams-'));
    mkdirSync(join(streams, 'hls', VIDEO), { recursive: true });
    mkdirSync(join(streams, 'dash', VIDEO), { recursive: true });
    await Promise.all([
      makeHlsStream(join(streams, 'hls', VIDEO), STREAM_SECONDS),
      makeDashStream(join(streams, 'dash', VIDEO), STREAM_SECONDS),
    ]);
    origins.paris = await StreamOrigin.start('paris', streams);
    origins.dublin = await StreamOrigin.start('dublin', streams);
    fake = await FakeElectricityMaps.start();
    fake.setIntensity('FR', 30);
    fake.setIntensity('IE', 500);
    app = await startTestApp({
      env: liveEnv(fake, {
        STEERING_TTL_SECONDS: '1',
        INTENSITY_REFRESH_SECONDS: '1',
        FORECAST_REFRESH_SECONDS: '1',
      }),
    });
    await app.app.listen(0, '127.0.0.1');
    appUrl = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    await app.http.post('/services').set(asAdmin).send({ id: 'vod-eu', name: 'EU catalogue' }).expect(201);
    for (const [id, region] of [
      ['paris', 'aws:eu-west-3'],
      ['dublin', 'aws:eu-west-1'],
    ]) {
      await app.http
        .post('/services/vod-eu/origins')
        .set(asAdmin)
        .send({ id, region, pathway: id, urlTemplate: `${origins[id].baseUrl}/hls/{videoId}/stream.m3u8` })
        .expect(201);
    }
  });

  afterAll(async () => {
    await app?.close();
    await fake?.stop();
    for (const origin of Object.values(origins)) await origin.stop();
    if (streams) rmSync(streams, { recursive: true, force: true });
  });

  async function playAndSteer(kind: PlayerKind): Promise<void> {
    await favour('paris');
    const pathways: Pathway[] = ['paris', 'dublin'].map((id) => ({
      id,
      baseUrl: `${origins[id].baseUrl}/${kind}/${VIDEO}/`,
    }));
    const steeringUri = `${appUrl}/steering/${kind}/vod-eu/${VIDEO}?viewerCountry=FR`;
    const page = await PlayerPage.start(kind);
    // The stream's own default is the dirtier pathway: GreenStream's first manifest must move it.
    page.setManifest(
      kind === 'hls'
        ? steeredMultivariantPlaylist(steeringUri, pathways, 'dublin')
        : steeredMpd(
            readFileSync(join(streams, 'dash', VIDEO, 'stream.mpd'), 'utf8'),
            steeringUri,
            pathways,
            'dublin',
          ),
    );
    const browser: TestBrowser = await launchBrowser();
    const started = Date.now();
    const segments = (origin: string, since: number): ServedFile[] =>
      origins[origin].segments(since).filter((file) => file.path.startsWith(`/${kind}/`));
    try {
      const tab = await browser.newPage();
      await tab.goto(page.baseUrl);
      // Segments come from the pathway GreenStream ranks first…
      await waitUntil(() => segments('paris', started).length >= 3, 60000, `${kind}: segments from paris`);
      const settled = Date.now();
      await waitUntil(
        () => segments('paris', settled).length >= 3,
        30000,
        `${kind}: more segments from paris`,
      );
      expect(segments('dublin', settled)).toEqual([]);
      // …and move to the other one after the next steering reload once the intensities favour it.
      await favour('dublin');
      const switched = Date.now();
      await waitUntil(() => segments('dublin', switched).length >= 3, 30000, `${kind}: segments from dublin`);
      const moved = segments('dublin', switched)[1].at;
      expect(segments('paris', moved + 1)).toEqual([]);
      // The player reports its new pathway on its next steering reload, which may come after the
      // segments above: wait for it rather than race it.
      const reported = kind === 'hls' ? '_HLS_pathway' : '_DASH_pathway';
      await waitUntil(
        () =>
          browser.requests.some(
            (url) =>
              url.startsWith(`${appUrl}/steering/${kind}/`) &&
              new URL(url).searchParams.get(reported)?.includes('dublin') === true,
          ),
        30000,
        `${kind}: a steering reload reporting the dublin pathway`,
      );

      const steeringRequests = browser.requests.filter((url) =>
        url.startsWith(`${appUrl}/steering/${kind}/`),
      );
      const sessionIds = steeringRequests.map((url) => new URL(url).searchParams.get('sessionId'));
      expect(sessionIds.length).toBeGreaterThanOrEqual(3);
      // The first request (SERVER-URI) has no session; every reload carries the one GreenStream issued.
      expect(sessionIds[0]).toBeNull();
      expect(new Set(sessionIds.slice(1)).size).toBe(1);
      expect(sessionIds[1]).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(
        steeringRequests.some((url) => new URL(url).searchParams.get(reported)?.includes('dublin')),
      ).toBe(true);

      // The player plays, not only downloads: its position passes 3 s. Waited for, not read once:
      // the steering above can all happen within the first seconds of playback.
      const playback = await waitUntil(
        async () => {
          const state = (await tab.evaluate(
            '({ currentTime: document.querySelector("video").currentTime, errors: window.playerErrors })',
          )) as { currentTime: number; errors: string[] };
          return state.currentTime > 3 || state.errors.length > 0 ? state : undefined;
        },
        30000,
        `${kind}: playback past 3 s`,
      );
      expect(playback.errors).toEqual([]);
      expect(playback.currentTime).toBeGreaterThan(3);
      expect(offLoopbackRequests(browser.requests)).toEqual([]);
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
      await page.stop();
    }
  }

  it('hls.js fetches segments from the pathway ranked first and follows a new ranking', async () => {
    await playAndSteer('hls');
  }, 180000);

  it('the DASH-IF reference player (dashjs) does the same with the DASH steering manifest', async () => {
    await playAndSteer('dash');
  }, 180000);
});
