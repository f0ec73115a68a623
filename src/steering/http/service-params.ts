import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { SLUG_PATTERN } from '../domain/session-id.js';

const MESSAGE = 'must be 1 to 64 lower-case letters, digits and inner dashes';

export class ServiceParam {
  @ApiProperty({ description: 'Delivery service id', example: 'vod-main' })
  @Matches(SLUG_PATTERN, { message: MESSAGE })
  service!: string;
}

export class OriginParam extends ServiceParam {
  @ApiProperty({ description: 'Origin id', example: 'paris' })
  @Matches(SLUG_PATTERN, { message: MESSAGE })
  origin!: string;
}
