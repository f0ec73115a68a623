import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PROVIDER_ID_PATTERN, REGION_ID_PATTERN } from '../domain/patterns.js';

export class RegionIdParam {
  @ApiProperty({ description: 'Region id, `provider:code`', example: 'aws:eu-west-3' })
  @Matches(REGION_ID_PATTERN, { message: 'must be a region id `provider:code` such as aws:eu-west-3' })
  id!: string;
}

export class ProviderIdParam {
  @ApiProperty({ description: 'Provider id', example: 'aws' })
  @Matches(PROVIDER_ID_PATTERN, { message: 'must be a provider id such as aws' })
  id!: string;
}
