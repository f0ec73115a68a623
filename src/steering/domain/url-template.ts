/**
 * Origin URL templates (docs/STEERING.md#the-model): `https://cdn-par.example.net/vod/{videoId}/{path}`.
 * Placeholders: `{videoId}` (required), `{region}` (the origin's region id) and `{path}` (the rest of
 * the asset path, e.g. `master.m3u8`; empty when not given). Checked once at write time, then
 * compiled into literal parts so that expanding one costs a few string concatenations. Pure.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';

export const URL_TEMPLATE_PLACEHOLDERS = ['videoId', 'region', 'path'] as const;
export type UrlTemplatePlaceholder = (typeof URL_TEMPLATE_PLACEHOLDERS)[number];

export const MAX_URL_TEMPLATE_LENGTH = 2048;

/** Literal text and placeholders, alternating: literals[0] p[0] literals[1] p[1] … literals[n]. */
export interface CompiledUrlTemplate {
  readonly template: string;
  readonly literals: readonly string[];
  readonly placeholders: readonly UrlTemplatePlaceholder[];
}

export interface UrlValues {
  videoId: string;
  region: string;
  /** Asset path below the video, slashes kept; '' when none. */
  path?: string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Throws InvalidInputError naming `field` when the template is not a usable http(s) URL template. */
export function compileUrlTemplate(template: string, field = 'urlTemplate'): CompiledUrlTemplate {
  const refuse = (message: string): never => {
    throw InvalidInputError.forField(field, message);
  };
  if (template.length === 0 || template.length > MAX_URL_TEMPLATE_LENGTH)
    refuse(`must be 1 to ${MAX_URL_TEMPLATE_LENGTH} characters`);
  const literals: string[] = [];
  const placeholders: UrlTemplatePlaceholder[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!(URL_TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      refuse(`has an unknown placeholder {${name}} (known: {videoId}, {region}, {path})`);
    }
    literals.push(template.slice(last, match.index));
    placeholders.push(name as UrlTemplatePlaceholder);
    last = match.index + match[0].length;
  }
  literals.push(template.slice(last));
  if (literals.some((literal) => literal.includes('{') || literal.includes('}')))
    refuse('has an unbalanced { or }');
  if (!placeholders.includes('videoId')) refuse('must contain {videoId}');
  const schemeEnd = template.indexOf('//');
  const authorityEnd = template.indexOf('/', schemeEnd === -1 ? 0 : schemeEnd + 2);
  const authority = template.slice(0, authorityEnd === -1 ? undefined : authorityEnd);
  if (authority.includes('{')) refuse('must not have a placeholder in its scheme or host');
  const compiled: CompiledUrlTemplate = { template, literals, placeholders };
  // The template must give an absolute http(s) URL whose host is not a placeholder.
  const sample = expandUrl(compiled, { videoId: 'video', region: 'provider:region', path: 'a/b.m3u8' });
  let url: URL | undefined;
  try {
    url = new URL(sample);
  } catch {
    refuse('must be an absolute http or https URL once its placeholders are filled');
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') refuse('must use http or https');
  if (url && (url.username !== '' || url.password !== '')) refuse('must not carry credentials');
  return compiled;
}

/** The URL for one video: values are percent-encoded (a path keeps its slashes). */
export function expandUrl(compiled: CompiledUrlTemplate, values: UrlValues): string {
  const { literals, placeholders } = compiled;
  let url = literals[0];
  for (let index = 0; index < placeholders.length; index++) {
    const name = placeholders[index];
    const raw = name === 'path' ? (values.path ?? '') : values[name];
    url += (name === 'path' ? encodePath(raw) : encodeURIComponent(raw)) + literals[index + 1];
  }
  return url;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
