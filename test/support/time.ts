import { hourStart } from '../../src/intensity/domain/hours.js';

/** Start of the current UTC hour: the hour Electricity Maps' latest value (and the fake's) is for. */
export function currentHour(): Date {
  return hourStart(new Date());
}
