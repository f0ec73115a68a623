import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FileTypeValidator } from '@nestjs/common';

/**
 * package.json `overrides` hold three transitive packages at the last major that runs on Node.js 20
 * (the next majors declare `engines: >=22`). Each check below calls the override the way its
 * consumer does, so that an upgrade of the consumer that needs the newer API fails here.
 */
const root = new URL('../../', import.meta.url);
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  overrides: Record<string, string>;
};
const requireFrom = (path: string) => createRequire(new URL(path, root));

describe('the overridden transitive dependencies, as their consumers call them', () => {
  it('overrides exactly the three packages, with exact versions', () => {
    expect(packageJson.overrides).toEqual({
      'content-disposition': expect.stringMatching(/^\d+\.\d+\.\d+$/),
      cookie: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      'file-type': expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
  });

  it('content-disposition: `create` as @fastify/static calls it (Swagger UI at /docs is served through it)', () => {
    const fastifyStatic = requireFrom('node_modules/@fastify/static/index.js');
    const { create } = fastifyStatic('content-disposition') as { create: (filename: string) => string };
    expect(create('openapi.json')).toBe('attachment; filename=openapi.json');
    expect(create('rapport été.pdf')).toBe(
      `attachment; filename="rapport ?t?.pdf"; filename*=UTF-8''rapport%20%C3%A9t%C3%A9.pdf`,
    );
  });

  it("cookie: `stringifySetCookie({ name, value })` as light-my-request encodes a request's cookies", async () => {
    const platformFastify = requireFrom('node_modules/@nestjs/platform-fastify/package.json');
    const inject = platformFastify('light-my-request') as (
      dispatch: (req: { headers: Record<string, string> }, res: { end(body: string): void }) => void,
      options: { url: string; cookies: Record<string, string> },
    ) => Promise<{ payload: string }>;
    const response = await inject((req, res) => res.end(req.headers.cookie ?? ''), {
      url: '/',
      cookies: { session: 'abc', label: 'a b' },
    });
    expect(response.payload).toBe('session=abc; label=a%20b');
  });

  it("file-type: @nestjs/common's FileTypeValidator reads the magic number", async () => {
    // A 1×1 PNG.
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa64f4b0b0000000049454e44ae426082',
      'hex',
    );
    const file = (mimetype: string) => ({ mimetype, buffer: png, size: png.length });
    expect(await new FileTypeValidator({ fileType: 'image/png' }).isValid(file('image/png'))).toBe(true);
    // Declared as JPEG, but the bytes say PNG: only the magic number can tell.
    expect(await new FileTypeValidator({ fileType: 'image/jpeg' }).isValid(file('image/jpeg'))).toBe(false);
  });
});
