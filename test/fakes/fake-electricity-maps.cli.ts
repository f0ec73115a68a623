import { DEFAULT_FAKE_TOKEN, FakeElectricityMaps } from './fake-electricity-maps.js';

/**
 * Runs the fake Electricity Maps API on its own, so GreenStream can be started without an API key:
 *   npm run fake:electricity-maps            (PORT=8787 by default, HOST=127.0.0.1)
 */
const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer between 0 and 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';

const fake = await FakeElectricityMaps.start({ port, host });
console.log(`Fake Electricity Maps API listening on ${fake.origin}`);
console.log(`  v3 base URL: ${fake.baseUrl('v3')}`);
console.log(`  v4 base URL: ${fake.baseUrl('v4')}`);
console.log(`  health:      ${fake.origin}/health`);
console.log(`  token:       ${DEFAULT_FAKE_TOKEN}`);
console.log('Point GreenStream at it with:');
console.log(
  `  ELECTRICITY_MAPS_API_URL=${fake.baseUrl('v3')} ELECTRICITY_MAPS_API_TOKEN=${DEFAULT_FAKE_TOKEN} npm start`,
);

let isStopping = false;
function shutdown(signal: string): void {
  if (isStopping) return;
  isStopping = true;
  console.log(`${signal} received, stopping the fake`);
  fake.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
