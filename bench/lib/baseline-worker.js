// Body of the baseline server's worker thread (started by baseline.js).
//
// The cheapest honest Node.js answer to the scenario's request: `node:http`, no framework, no
// routing, no validation, no database, no logging. What the app spends beyond this is the cost of
// NestJS, Fastify, the database, logging... which is what the ratio app/baseline measures.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { json, host, redirect } = workerData;
// Parsed once; serialised again on every request, because the app serialises its answer on every
// request too: the baseline must not get its body for free from a cached string.
const payload = redirect ? undefined : JSON.parse(json);

const server = createServer((request, response) => {
  // Read the request body, as any real handler must (scenarios may POST JSON). Parse it when
  // there is one, as the app does.
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (chunks.length > 0) {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // Not JSON: the baseline answers anyway.
      }
    }
    if (redirect) {
      // A redirect scenario: the same status, Location and caching headers, no body.
      response.writeHead(redirect.status, {
        location: redirect.location,
        'cache-control': redirect.cacheControl ?? 'no-store',
        'content-length': 0,
      });
      response.end();
      return;
    }
    const text = JSON.stringify(payload);
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  });
});

server.listen(0, host, () => {
  parentPort?.postMessage({ port: /** @type {import('node:net').AddressInfo} */ (server.address()).port });
});
