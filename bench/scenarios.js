/**
 * Benchmark scenarios: one request that the harness sends over and over, to the app and to the
 * bare `node:http` baseline (see README.md).
 *
 * To add a scenario, add an entry below. Nothing else needs to change.
 *
 * @typedef {object} Scenario
 * @property {string} description  One line, shown by `node bench/run.js --list`.
 * @property {string} method  HTTP method, e.g. 'GET' or 'POST'.
 * @property {string} path  Path and query string, e.g. '/regions?provider=aws'. `{session}` and `{n}`
 *   are filled per request (a session id of 10,000 in turn, the request's number): lib/load.js.
 * @property {Record<string, string>} [headers]  Extra request headers (e.g. an API key).
 * @property {unknown} [body]  Request body. A string is sent as is; anything else is sent as
 *   JSON (and `content-type: application/json` is added unless `headers` sets one).
 * @property {Record<string, string>} [env]  Extra environment variables for the app process
 *   (e.g. API keys the scenario's headers use). PORT, HOST and DATA_DIR are always the harness's.
 * @property {() => Promise<{ env?: Record<string, string>, cleanup?: () => Promise<void> } & Record<string, unknown>>} [prepare]
 *   Runs before the app starts, e.g. to start a fake upstream; its `env` is added to the app's,
 *   its `cleanup` runs at the end, and the whole object is handed to `setup`.
 * @property {(baseUrl: string, prepared: object) => Promise<void>} [setup]  Runs once the app is
 *   ready and before the request is captured, e.g. to create data through the API or to wait for
 *   a live value. Receives 'http://127.0.0.1:<port>' and what `prepare` returned.
 */

const FAKE_MODULE = new URL('../dist/test/fakes/fake-electricity-maps.js', import.meta.url);

/** Starts the fake Electricity Maps API (built into dist/ by `npm run build`) for a scenario. */
export async function startFakeElectricityMaps(options = {}) {
  const { FakeElectricityMaps } = await import(FAKE_MODULE.href);
  const fake = await FakeElectricityMaps.start(options);
  return {
    fake,
    env: {
      ELECTRICITY_MAPS_API_URL: fake.baseUrl('v3'),
      ELECTRICITY_MAPS_API_TOKEN: 'fake-token',
    },
    cleanup: () => fake.stop(),
  };
}

/** Waits until the app answers a live value for the zone (the first refresh has landed). */
export async function waitForLiveIntensity(baseUrl, zone, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const response = await fetch(`${baseUrl}/intensity/${zone}`);
    if (response.ok && (await response.json()).latest.source === 'live') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no live intensity for ${zone} after ${timeoutMs} ms`);
}

const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';

/** Creates the delivery service `bench` (3 origins) and waits for live intensities. */
async function createSteeringService(baseUrl) {
  const send = async (path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  };
  await send('/services', { id: 'bench', name: 'Benchmark service' });
  for (const [id, region] of [
    ['paris', 'aws:eu-west-3'],
    ['frankfurt', 'aws:eu-central-1'],
    ['madrid', 'aws:eu-south-2'],
  ]) {
    await send('/services/bench/origins', {
      id,
      region,
      urlTemplate: `https://${id}.cdn.example.com/vod/{videoId}/{path}`,
    });
  }
  await waitForLiveIntensity(baseUrl, 'FR');
}

/** Creates the delivery service `bench-vod` (2 origins with pathways) and waits for live intensities. */
async function createHlsService(baseUrl) {
  const admin = {
    authorization: 'Bearer bench-admin-key-0123456789',
    'content-type': 'application/json',
  };
  const post = async (path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  };
  await post('/services', { id: 'bench-vod', name: 'Benchmark catalogue' });
  for (const [id, region] of [
    ['paris', 'aws:eu-west-3'],
    ['dublin', 'aws:eu-west-1'],
  ]) {
    await post('/services/bench-vod/origins', {
      id,
      region,
      pathway: id,
      urlTemplate: `https://${id}.cdn.example/{videoId}/master.m3u8`,
    });
  }
  await waitForLiveIntensity(baseUrl, 'FR');
}

/** @type {Record<string, Scenario>} */
export const SCENARIOS = {
  live: {
    description:
      'GET /health/live: the cheapest route, a direct route like the steering ones: the floor of their stack (reference point)',
    method: 'GET',
    path: '/health/live',
  },

  'steering-hls': {
    description:
      "GET /steering/hls/{service}/{videoId}: a player's steering reload (session, _HLS_pathway, _HLS_throughput), two origins, warm (fake upstream)",
    method: 'GET',
    path: '/steering/hls/bench-vod/abc?viewerCountry=FR&sessionId=bench-session-1&_HLS_pathway=paris&_HLS_throughput=5000000',
    env: { ADMIN_API_KEYS: 'bench-admin-key-0123456789' },
    prepare: () => startFakeElectricityMaps(),
    setup: createHlsService,
  },

  'steering-hls-viewers': {
    description:
      "GET /steering/hls/…: as `steering-hls`, but 10,000 viewers' sessions in turn, each reload with its own throughput (real traffic: no two queries alike)",
    method: 'GET',
    path: '/steering/hls/bench-vod/abc?viewerCountry=FR&sessionId={session}&_HLS_pathway=paris&_HLS_throughput=5{n}000',
    env: { ADMIN_API_KEYS: 'bench-admin-key-0123456789' },
    prepare: () => startFakeElectricityMaps(),
    setup: createHlsService,
  },

  regions: {
    description: 'GET /regions?provider=aws: the AWS regions of the catalogue, as JSON',
    method: 'GET',
    path: '/regions?provider=aws',
  },

  intensity: {
    description:
      'GET /intensity/FR, warm: live value and forecast from the in-memory snapshot (fake upstream)',
    method: 'GET',
    path: '/intensity/FR',
    prepare: () => startFakeElectricityMaps(),
    setup: (baseUrl) => waitForLiveIntensity(baseUrl, 'FR'),
  },

  footprint: {
    description:
      'GET /footprint, 1 h 1080p on a laptop over Wi-Fi in FR served from aws:eu-west-3 (1byte), warm (fake upstream)',
    method: 'GET',
    path: '/footprint?durationMinutes=60&resolution=1080p&device=laptop&connection=wifi&viewerCountry=FR&region=aws:eu-west-3&model=1byte',
    prepare: () => startFakeElectricityMaps(),
    setup: (baseUrl) => waitForLiveIntensity(baseUrl, 'FR'),
  },

  simulate: {
    description: 'POST /simulate with the standard scenario set (12 footprints), warm (fake upstream)',
    method: 'POST',
    path: '/simulate',
    body: {
      baseline: {
        durationMinutes: 60,
        resolution: '1080p',
        device: 'laptop',
        connection: 'wifi',
        viewerCountry: 'FR',
        region: 'aws:eu-west-3',
        model: '1byte',
      },
      viewsPerWeek: 10,
    },
    prepare: () => startFakeElectricityMaps(),
    setup: (baseUrl) => waitForLiveIntensity(baseUrl, 'FR'),
  },

  recommend: {
    description:
      'GET /recommend for a viewer in FR, 1 h 1080p, neighbours eligibility (20 candidates, 116 excluded), warm (fake upstream)',
    method: 'GET',
    path: '/recommend?viewerCountry=FR&durationMinutes=60&resolution=1080p',
    prepare: () => startFakeElectricityMaps(),
    setup: (baseUrl) => waitForLiveIntensity(baseUrl, 'FR'),
  },

  'recommend-latency': {
    description:
      'GET /recommend for a viewer in FR with eligibility=latency&maxLatencyMs=300 (most of the catalogue), warm (fake upstream)',
    method: 'GET',
    path: '/recommend?viewerCountry=FR&durationMinutes=60&resolution=1080p&eligibility=latency&maxLatencyMs=300',
    prepare: () => startFakeElectricityMaps(),
    setup: (baseUrl) => waitForLiveIntensity(baseUrl, 'FR'),
  },

  'intensity-upstream-hanging': {
    description:
      'GET /intensity/FR while every Electricity Maps call hangs (background refresh every 3 s keeps trying)',
    method: 'GET',
    path: '/intensity/FR',
    env: { INTENSITY_REFRESH_SECONDS: '3', FORECAST_REFRESH_SECONDS: '3' },
    // Hanging answers: the fake holds every request for 10 minutes.
    prepare: () => startFakeElectricityMaps({ slowMs: 600_000 }),
    async setup(baseUrl, prepared) {
      await waitForLiveIntensity(baseUrl, 'FR');
      await prepared.fake.setFault('slow');
    },
  },

  // Steering (docs/STEERING.md): GET /video/:id for a viewer in FR, a delivery service of three
  // origins (Paris, Frankfurt, Madrid), one session (sticky path), warm. The baseline answers the
  // same 302 (or the same JSON). `video-nolog` turns the decision log off: compare its ratio with
  // `video`'s for the cost of logging.
  video: {
    description:
      'GET /video/abc for a viewer in FR: 302 to the cleanest of 3 origins, decision logged, warm (fake upstream)',
    method: 'GET',
    path: '/video/abc?service=bench&viewerCountry=FR&sessionId=bench-session-1&path=master.m3u8',
    env: { ADMIN_API_KEYS: BENCH_ADMIN_KEY },
    prepare: () => startFakeElectricityMaps(),
    setup: createSteeringService,
  },

  'video-json': {
    description:
      'GET /video/abc?dryRun=true for a viewer in FR: the decision as JSON (3 ranked locations), warm',
    method: 'GET',
    path: '/video/abc?service=bench&viewerCountry=FR&sessionId=bench-session-1&dryRun=true',
    env: { ADMIN_API_KEYS: BENCH_ADMIN_KEY },
    prepare: () => startFakeElectricityMaps(),
    setup: createSteeringService,
  },

  'video-nolog': {
    description: 'GET /video/abc as `video`, with the decision log off (STEERING_DECISION_LOG=false)',
    method: 'GET',
    path: '/video/abc?service=bench&viewerCountry=FR&sessionId=bench-session-1&path=master.m3u8',
    env: { ADMIN_API_KEYS: BENCH_ADMIN_KEY, STEERING_DECISION_LOG: 'false' },
    prepare: () => startFakeElectricityMaps(),
    setup: createSteeringService,
  },

  'video-viewers': {
    description:
      'GET /video/abc as `video`, but 10,000 viewers in turn, each with its own session id (real traffic)',
    method: 'GET',
    path: '/video/abc?service=bench&viewerCountry=FR&sessionId={session}&path=master.m3u8',
    env: { ADMIN_API_KEYS: BENCH_ADMIN_KEY },
    prepare: () => startFakeElectricityMaps(),
    setup: createSteeringService,
  },

  'video-viewers-nolog': {
    description: 'GET /video/abc as `video-viewers`, with the decision log off (STEERING_DECISION_LOG=false)',
    method: 'GET',
    path: '/video/abc?service=bench&viewerCountry=FR&sessionId={session}&path=master.m3u8',
    env: { ADMIN_API_KEYS: BENCH_ADMIN_KEY, STEERING_DECISION_LOG: 'false' },
    prepare: () => startFakeElectricityMaps(),
    setup: createSteeringService,
  },

  // Shape of a scenario with a JSON body, an API key and set-up (illustration only: check the
  // real routes and payloads in src/ before adding one):
  //
  // simulate: {
  //   description: 'POST /simulate: ...',
  //   method: 'POST',
  //   path: '/simulate',
  //   headers: { 'x-api-key': 'bench-analyst-key-0123456789' },
  //   body: { region: 'aws:eu-west-3', views: 1000 },
  //   env: { ANALYST_API_KEYS: 'bench-analyst-key-0123456789' },
  //   async setup(baseUrl) {
  //     const response = await fetch(`${baseUrl}/...`, { method: 'POST', ... });
  //     if (!response.ok) throw new Error(`setup failed: ${response.status}`);
  //   },
  // },
};
