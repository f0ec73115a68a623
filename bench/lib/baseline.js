// The baseline server: a bare `node:http` server answering the JSON the app answered.
import { Worker } from 'node:worker_threads';

/**
 * Starts the baseline in a worker thread of the harness process and resolves once it listens.
 *
 * Why a worker thread: autocannon runs on the harness's main thread. Serving from that same
 * thread would make the load generator and the baseline take turns on one core, while the app
 * (a separate process) gets a core of its own; the baseline would look slower than it is and the
 * ratio would flatter the app. In a worker, the baseline has its own event loop and can use the
 * second core, like the app does.
 *
 * @param {object} options
 * @param {string} options.json  The app's response body (JSON text).
 * @param {string} options.host
 * @param {{ status: number, location: string, cacheControl: string | null }} [options.redirect]
 *   Answer this redirect instead of the JSON (a redirect scenario).
 */
export async function startBaseline({ json, host, redirect }) {
  const worker = new Worker(new URL('./baseline-worker.js', import.meta.url), {
    workerData: { json, host, redirect },
  });
  const port = await new Promise((resolve, reject) => {
    worker.once('message', (message) => resolve(message.port));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the baseline worker exited (code ${code}) before listening`)),
    );
  });
  let stopped = false;
  return {
    url: `http://${host}:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Closes the server and its connections with the thread.
      await worker.terminate();
    },
  };
}
