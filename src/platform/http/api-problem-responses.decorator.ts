import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({
    description: 'The parameter or body field at fault, e.g. `limit` or `views[3].clientId`',
    example: 'limit',
  })
  field!: string;

  @ApiProperty({ description: 'What is wrong with it', example: 'must not be greater than 500' })
  message!: string;
}

export class ProblemDto {
  @ApiProperty({ description: 'Problem type URI (RFC 9457)', example: 'about:blank' })
  type!: string;

  @ApiProperty({ description: 'Short summary of the status', example: 'Bad Request' })
  title!: string;

  @ApiProperty({ description: 'HTTP status code', example: 400 })
  status!: number;

  @ApiPropertyOptional({ description: 'What went wrong, for a person', example: 'Invalid request: limit' })
  detail?: string;

  @ApiPropertyOptional({ description: 'The request path', example: '/regions' })
  instance?: string;

  @ApiPropertyOptional({
    description: 'Request id, also in the X-Request-Id header; quote it when reporting a 500',
    example: '5f0c1a52-3d0e-4d0c-9a55-61f0f3e0c2a1',
  })
  requestId?: string;

  @ApiPropertyOptional({ description: 'One entry per bad field (400 only)', type: [FieldProblemDto] })
  errors?: FieldProblemDto[];
}

const PROBLEM_CONTENT = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
};

function problemResponse(status: number, description: string) {
  return ApiResponse({ status, description, content: PROBLEM_CONTENT });
}

/** The error answers every route can give. */
export function ApiProblemResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Invalid input; `errors` names each bad field',
    401: 'No API key, or an unknown one',
    403: 'The API key is of another role',
    404: 'Not found',
    409: 'Conflicts with an existing resource',
    413: 'Request body too large',
    415: 'Unsupported Content-Type',
    422: 'Valid input that cannot be satisfied',
    429: 'Too many requests; see Retry-After',
    503: 'A dependency is unavailable; safe to retry',
  };
  return applyDecorators(
    ...[...statuses, 500].map((status) =>
      problemResponse(status, descriptions[status] ?? 'Unexpected error; a generic body with the request id'),
    ),
  );
}

/** Routes that need an API key: documents the bearer scheme and the 401/403 answers. */
export function ApiKeyProtected() {
  return applyDecorators(ApiBearerAuth(), ApiProblemResponses(401, 403));
}
