/**
 * Parsers of environment variable values: each returns the typed value or throws InvalidValue
 * with what the variable must be. The variables themselves are described in env.schema.ts.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type TrustProxy = boolean | number | string[];

/** A value that does not parse; its message says what the variable must be. */
export class InvalidValue extends Error {}

export function integer(min: number, max: number) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw.trim())) throw new InvalidValue(`must be an integer between ${min} and ${max}`);
    const value = Number(raw);
    if (value < min || value > max) throw new InvalidValue(`must be an integer between ${min} and ${max}`);
    return value;
  };
}

export function decimal(min: number, max: number) {
  return (raw: string): number => {
    if (!/^\d+(\.\d+)?$/.test(raw.trim()))
      throw new InvalidValue(`must be a number between ${min} and ${max}`);
    const value = Number(raw);
    if (value < min || value > max) throw new InvalidValue(`must be a number between ${min} and ${max}`);
    return value;
  };
}

export function boolean(raw: string): boolean {
  const normalised = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalised)) return true;
  if (['false', '0', 'no'].includes(normalised)) return false;
  throw new InvalidValue('must be true or false');
}

export function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidValue('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidValue('must be an http(s) URL');
  return raw.replace(/\/+$/, '');
}

export function postgresUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidValue('must be a postgres:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new InvalidValue('must be a postgres:// URL');
  }
  return raw;
}

export function nonEmpty(raw: string): string {
  if (raw.trim() === '') throw new InvalidValue('must not be empty');
  return raw.trim();
}

/** Comma-separated API keys; each at least 16 characters so that keys cannot be guessed. */
export function apiKeys(raw: string): string[] {
  const keys = raw
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  for (const key of keys) {
    if (key.length < 16) throw new InvalidValue('each key must be at least 16 characters');
    if (/\s/.test(key)) throw new InvalidValue('keys must not contain white space');
  }
  return keys;
}

export function list(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function trustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (['false', '0', 'no'].includes(value)) return false;
  if (['true', 'yes'].includes(value)) return true;
  if (/^\d+$/.test(value)) return integer(1, 100)(value);
  const addresses = list(raw);
  for (const address of addresses) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(address)) {
      throw new InvalidValue('must be true, false, a hop count, or comma-separated IP addresses or CIDRs');
    }
  }
  return addresses;
}

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function logLevel(raw: string): LogLevel {
  const level = raw.trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new InvalidValue(`must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}
