// A bare `node:http` server in a process of its own (started by bench/floor.js), answering the
// app's 302 with every header the app's answer carries: what the answer itself costs, in a
// process like the app's, before any framework or steering work.
//
// argv[2]: JSON of { headers: { name: value }, fresh: [names] }. The headers named in `fresh`
// (request and decision ids) get a new UUID on every request, as the app's do.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const { headers, fresh } = JSON.parse(process.argv[2]);

const server = createServer((request, response) => {
  request.resume();
  const answer = { ...headers };
  for (const name of fresh) answer[name] = randomUUID();
  response.writeHead(302, answer);
  response.end();
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
