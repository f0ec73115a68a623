import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

const upperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toUpperCase() : value;

/** GET /latency. */
export class LatencyQuery {
  @ApiProperty({ description: "Viewer's country, ISO 3166-1 alpha-2", example: 'FR' })
  @Transform(upperCase)
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as FR' })
  viewerCountry!: string;
}
