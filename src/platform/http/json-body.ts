import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StringDecoder } from 'node:string_decoder';
import { InvalidInputError } from '../kernel/errors.js';

/**
 * Limits every JSON body is held to before any DTO sees it (docs/OPERATIONS.md#limits). They are
 * checked by one walk of the parsed value, linear in its size, so that the expensive work after it
 * (class-transformer, class-validator, the error report) only ever meets bounded input: a body of
 * 100,000 unknown keys or 3,000 levels of nesting is a 400 in about a millisecond, not a stall of
 * the event loop or a stack overflow.
 */
export const JSON_BODY_LIMITS = {
  /** Levels of objects and arrays; the deepest body of the API (/simulate) uses 4. */
  maxDepth: 32,
  /** Keys of one object; the widest DTO has about 30 fields. */
  maxKeysPerObject: 100,
  /** Items of one array; POST /consumption takes up to 10,000 views. */
  maxArrayItems: 10_000,
  /** Characters of one string or key; the longest text field takes 500. */
  maxStringLength: 10_000,
  /** Values in the whole body (objects, arrays and scalars). */
  maxValues: 500_000,
} as const;

/** Keys that would replace a prototype once copied onto an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest field path echoed in an error (the path of a deep value is cut). */
const MAX_PATH_LENGTH = 120;

function childPath(parent: string, key: string | number): string {
  if (parent.length > MAX_PATH_LENGTH) return parent;
  const path =
    typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? echo(key) : `${parent}.${echo(key)}`;
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path;
}

/** A caller's text as it may appear in an error: at most 40 characters, control characters escaped. */
function echo(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return short.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function refuse(field: string, message: string): never {
  throw InvalidInputError.forField(field === '' ? 'body' : field, message);
}

/**
 * Checks a parsed JSON value against JSON_BODY_LIMITS, iteratively (no recursion, so no stack to
 * overflow), stopping at the first excess. Throws InvalidInputError naming the field.
 */
export function checkJsonLimits(value: unknown, limits = JSON_BODY_LIMITS): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    values += 1;
    if (values > limits.maxValues) refuse('body', `must hold at most ${limits.maxValues} values`);
    const current = item.value;
    if (typeof current === 'string') {
      if (current.length > limits.maxStringLength) {
        refuse(item.path, `must be at most ${limits.maxStringLength} characters`);
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (item.depth >= limits.maxDepth) refuse(item.path, `nests deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(current)) {
      if (current.length > limits.maxArrayItems) {
        refuse(item.path, `must hold at most ${limits.maxArrayItems} items`);
      }
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index], path: childPath(item.path, index), depth: item.depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(current);
    if (keys.length > limits.maxKeysPerObject) {
      refuse(item.path, `must have at most ${limits.maxKeysPerObject} keys`);
    }
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      if (FORBIDDEN_KEYS.has(key)) refuse(childPath(item.path, key), 'is not an accepted key');
      if (key.length > limits.maxStringLength) {
        refuse(item.path, `has a key longer than ${limits.maxStringLength} characters`);
      }
      stack.push({
        value: (current as Record<string, unknown>)[key],
        path: childPath(item.path, key),
        depth: item.depth + 1,
      });
    }
  }
}

interface Frame {
  isArray: boolean;
  /** Keys of an object so far; commas of an array so far (its items are commas + 1). */
  count: number;
  /** The last key of an object, as written (escapes left as they are). */
  key: string;
}

function framePath(frames: Frame[], upTo = frames.length): string {
  let path = '';
  for (let index = 0; index < upTo; index += 1) {
    const frame = frames[index]!;
    path = frame.isArray ? childPath(path, frame.count) : childPath(path, frame.key);
  }
  return path;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * The structural limits (depth, keys per object, items per array) checked on the JSON text itself,
 * chunk by chunk as the body arrives, before JSON.parse: V8 takes about a second to build an object
 * of 100,000 distinct keys, so such a body must be refused before it is parsed, and it is refused
 * as soon as its 101st key arrives, without reading the rest. Text that is not valid JSON passes
 * through to JSON.parse, which refuses it.
 */
export class JsonShapeScanner {
  private readonly frames: Frame[] = [];
  private inString = false;
  private isEscaped = false;
  private expectingKey = false;
  private isKeyString = false;
  private key = '';

  constructor(private readonly limits = JSON_BODY_LIMITS) {}

  /** Scans the next piece of the text; throws InvalidInputError at the first excess. */
  feed(text: string): void {
    const { frames, limits } = this;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (this.inString) {
        if (this.isEscaped) this.isEscaped = false;
        else if (code === BACKSLASH) this.isEscaped = true;
        else if (code === QUOTE) {
          this.inString = false;
          if (this.isKeyString) this.endKey();
          continue;
        }
        if (this.isKeyString && this.key.length <= MAX_PATH_LENGTH) this.key += text[index];
        continue;
      }
      if (code === QUOTE) {
        this.inString = true;
        const frame = frames[frames.length - 1];
        this.isKeyString = this.expectingKey && frame !== undefined && !frame.isArray;
        this.key = '';
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (frames.length >= limits.maxDepth) {
          refuse(framePath(frames), `nests deeper than ${limits.maxDepth} levels`);
        }
        const isArray = code === OPEN_BRACKET;
        frames.push({ isArray, count: 0, key: '' });
        this.expectingKey = !isArray;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        frames.pop();
        this.expectingKey = false;
      } else if (code === COMMA) {
        const frame = frames[frames.length - 1];
        if (frame === undefined) continue;
        if (!frame.isArray) {
          this.expectingKey = true;
          continue;
        }
        frame.count += 1;
        if (frame.count + 1 > limits.maxArrayItems) {
          refuse(framePath(frames, frames.length - 1), `must hold at most ${limits.maxArrayItems} items`);
        }
      }
    }
  }

  private endKey(): void {
    const frame = this.frames[this.frames.length - 1]!;
    this.expectingKey = false;
    this.isKeyString = false;
    frame.key = this.key;
    frame.count += 1;
    if (frame.count > this.limits.maxKeysPerObject) {
      refuse(
        framePath(this.frames, this.frames.length - 1),
        `must have at most ${this.limits.maxKeysPerObject} keys`,
      );
    }
  }
}

/** The structural limits of a whole JSON text (see JsonShapeScanner). */
export function scanJsonLimits(text: string, limits = JSON_BODY_LIMITS): void {
  new JsonShapeScanner(limits).feed(text);
}

function parseJsonText(text: string): unknown {
  if (text.trim() === '')
    throw InvalidInputError.forField('body', 'is empty: send a JSON value or no Content-Type');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw InvalidInputError.forField('body', 'is not valid JSON');
  }
  checkJsonLimits(value);
  return value;
}

function bodyTooLarge(): Error {
  return Object.assign(new Error('body too large'), {
    statusCode: 413,
    code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    closeConnection: true,
  });
}

/**
 * The one body parser of the API: `application/json` (and `+json` types), read as a stream,
 * scanned as it arrives (JsonShapeScanner), then parsed and held to JSON_BODY_LIMITS. A body over
 * `bodyLimit` is 413 (from its Content-Length when it says so, before reading anything).
 * Everything else, form-encoded bodies included, is 415 (no other parser is registered), so no
 * body is ever turned into a string that validation would echo back.
 */
export function installJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  const parse = (
    request: FastifyRequest,
    payload: NodeJS.ReadableStream,
    done: (error: Error | null, value?: unknown) => void,
  ) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimit) {
      done(bodyTooLarge());
      return;
    }
    const scanner = new JsonShapeScanner();
    const decoder = new StringDecoder('utf8');
    const parts: string[] = [];
    let received = 0;
    let isFinished = false;
    const finish = (error: Error | null, value?: unknown) => {
      if (isFinished) return;
      isFinished = true;
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      if (error !== null) payload.pause();
      done(error, value);
    };
    const take = (text: string): boolean => {
      try {
        scanner.feed(text);
      } catch (error) {
        finish(Object.assign(error as Error, { closeConnection: true }));
        return false;
      }
      parts.push(text);
      return true;
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyLimit) {
        finish(bodyTooLarge());
        return;
      }
      take(decoder.write(chunk));
    };
    const onEnd = () => {
      if (!take(decoder.end())) return;
      if (Number.isFinite(declared) && declared !== received) {
        finish(
          Object.assign(new Error('bad length'), {
            statusCode: 400,
            code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
          }),
        );
        return;
      }
      try {
        finish(null, parseJsonText(parts.join('')));
      } catch (error) {
        finish(error as Error);
      }
    };
    const onError = (error: Error) => finish(error);
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  };
  fastify.addContentTypeParser('application/json', parse);
  fastify.addContentTypeParser(/^application\/[\w.+-]+\+json$/, parse);
}
