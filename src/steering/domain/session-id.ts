/** Session ids (docs/STEERING.md#sessions): what a player or a delivery stack names a playback by. Pure. */

/** URL-safe characters only, so that the id can travel in a RELOAD-URI unescaped. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;
export const MAX_SESSION_ID_LENGTH = 128;

/** Video ids: what the caller's catalogue names a video; URL-safe, at most 200 characters. */
export const VIDEO_ID_PATTERN = /^[A-Za-z0-9._~-]{1,200}$/;

/** Delivery service ids and origin ids: lower-case slugs. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Pathway ids as HLS and DASH content steering carry them. */
export const PATHWAY_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
