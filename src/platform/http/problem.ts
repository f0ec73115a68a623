import { STATUS_CODES } from 'node:http';
import { FieldProblem } from '../kernel/errors.js';

/** RFC 9457 problem details, the one error shape of the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  detail: string | undefined,
  extensions: Partial<ProblemDetails> = {},
) {
  const body: ProblemDetails = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    ...extensions,
  };
  return body;
}
