/**
 * Benchmark scenarios: one request that the harness sends over and over, to the app and to the
 * bare `node:http` baseline (see README.md).
 *
 * To add a scenario, add an entry below. Nothing else needs to change.
 *
 * @typedef {object} Scenario
 * @property {string} description  One line, shown by `node bench/run.js --list`.
 * @property {string} method  HTTP method, e.g. 'GET' or 'POST'.
 * @property {string} path  Path and query string, e.g. '/regions?provider=aws'.
 * @property {Record<string, string>} [headers]  Extra request headers (e.g. an API key).
 * @property {unknown} [body]  Request body. A string is sent as is; anything else is sent as
 *   JSON (and `content-type: application/json` is added unless `headers` sets one).
 * @property {Record<string, string>} [env]  Extra environment variables for the app process
 *   (e.g. API keys the scenario's headers use). PORT, HOST and DATA_DIR are always the harness's.
 * @property {(baseUrl: string) => Promise<void>} [setup]  Runs once the app is ready and before
 *   the request is captured, e.g. to create data through the API. Receives 'http://127.0.0.1:<port>'.
 */

/** @type {Record<string, Scenario>} */
export const SCENARIOS = {
  regions: {
    description: 'GET /regions?provider=aws: the AWS regions of the catalogue, as JSON',
    method: 'GET',
    path: '/regions?provider=aws',
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
