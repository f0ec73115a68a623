import { Ajv } from 'ajv';
import { checkAnswer, type Answer, type Operation } from '../fuzz/openapi-fuzz.js';

/** What the fuzz suite counts as a finding (docs/FUZZING.md, "What it checks"). */
describe('the fuzz suite’s verdict on one answer', () => {
  const ajv = new Ajv({ strict: false });
  const validatorOf = (schema: object) => ajv.compile(schema);
  const operation = (statuses: string[]): Operation => ({
    method: 'GET',
    path: '/steering/hls/{service}/{videoId}',
    parameters: [],
    isProtected: false,
    responses: Object.fromEntries(statuses.map((status) => [status, undefined])),
  });
  const problem = (status: number): Answer => ({
    status,
    headers: { 'content-type': 'application/problem+json', 'x-content-type-options': 'nosniff' },
    body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status }),
  });

  it('takes a 503 problem the operation declares as a state of the system', () => {
    expect(checkAnswer(problem(503), operation(['200', '503']), validatorOf)).toEqual([]);
  });

  it('finds a 503 the operation does not declare, and every 500', () => {
    expect(checkAnswer(problem(503), operation(['200']), validatorOf)).toEqual(['status 503']);
    expect(checkAnswer(problem(500), operation(['200', '500', '503']), validatorOf)).toEqual(['status 500']);
  });

  it('finds an error that is not problem+json or lacks the security headers', () => {
    const plain: Answer = { status: 400, headers: { 'content-type': 'text/plain' }, body: 'bad' };
    expect(checkAnswer(plain, operation(['400']), validatorOf)).toEqual([
      'error as text/plain',
      'error without security headers',
    ]);
  });
});
