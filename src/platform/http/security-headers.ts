/**
 * Security headers of every answer, built once. For a JSON API most browser protections are moot,
 * but these cost nothing and cover the HTML the service does serve (Swagger UI at /docs, whose
 * scripts and styles come from this origin; it has inline styles, no inline scripts).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // Ignored by browsers over plain HTTP; in production the service sits behind TLS.
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
};
const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/** Adds the security headers to a reply (called from the request hook every route already has). */
export function setSecurityHeaders(reply: { header(name: string, value: string): unknown }): void {
  for (const [name, value] of SECURITY_HEADER_ENTRIES) reply.header(name, value);
}
