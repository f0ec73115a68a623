// The request body of the ingestion benchmarks (bench/consumption.js ingest, bench/consumption-cpu.js).

const DAY = 86_400_000;

/**
 * A batch of `size` plausible views as a JSON template split on `@@`, which the caller joins with a
 * per-request tag so that every request carries new clientIds. 8 countries, 5 regions, 500 videos,
 * 4 resolutions, 4 devices, 3 connections, 2 models; start times 104.7 s apart going back from a
 * day ago, so 1,000 views span 29 hours (2 or 3 UTC days, as a back end sending what was watched
 * recently would); only batches above ~24,700 views wrap around at 30 days.
 */
export function batchTemplate(size) {
  const countries = ['FR', 'DE', 'US', 'GB', 'BR', 'JP', 'IN', 'ES'];
  const regions = [
    'aws:eu-west-3',
    'aws:eu-central-1',
    'aws:us-east-1',
    'gcp:europe-west1',
    'azure:westeurope',
  ];
  const resolutions = ['480p', '720p', '1080p', '2160p'];
  const devices = ['smartphone', 'tablet', 'laptop', 'tv'];
  const connections = ['wifi', 'mobile', 'fixed-wired'];
  const now = Date.now();
  const views = Array.from({ length: size }, (_, index) => ({
    clientId: `@@-${index}`,
    videoId: `video-${(index * 7919) % 500}`,
    startedAt: new Date(now - DAY - ((index * 104_729) % (30 * DAY))).toISOString(),
    durationMinutes: 5 + ((index * 37) % 120),
    resolution: resolutions[index % resolutions.length],
    device: devices[(index >> 2) % devices.length],
    connection: connections[(index >> 4) % connections.length],
    viewerCountry: countries[(index >> 1) % countries.length],
    region: regions[(index >> 3) % regions.length],
    model: index % 10 === 0 ? 'swd-v4' : '1byte',
  }));
  return JSON.stringify({ views }).split('@@');
}
