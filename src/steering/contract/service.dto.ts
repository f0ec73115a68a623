import { ApiProperty } from '@nestjs/swagger';

export class OriginDto {
  @ApiProperty({ description: 'Origin id, unique within its service', example: 'paris' })
  id!: string;

  @ApiProperty({ description: 'Catalogue region the origin serves from', example: 'aws:eu-west-3' })
  region!: string;

  @ApiProperty({
    description:
      'URL of a video on this origin: `{videoId}` (required), `{region}` and `{path}` are filled in',
    example: 'https://paris.cdn.example.com/vod/{videoId}/{path}',
  })
  urlTemplate!: string;

  @ApiProperty({ description: 'HLS pathway id / DASH service location of the origin', example: 'paris' })
  pathway!: string;

  @ApiProperty({
    description: 'Concurrent live sessions the origin takes; null = unlimited',
    example: 5000,
    nullable: true,
    type: 'integer',
  })
  capacity!: number | null;

  @ApiProperty({
    description: 'Health URL (probed by the origin-health feature); null = not probed',
    example: 'https://paris.cdn.example.com/healthz',
    nullable: true,
    type: String,
  })
  healthUrl!: string | null;

  @ApiProperty({ description: 'Whether steering may choose it', example: true })
  enabled!: boolean;

  @ApiProperty({
    description: 'Live sessions on the origin now, across instances (see docs/STEERING.md#capacity)',
    type: 'integer',
    example: 42,
  })
  liveSessions!: number;

  @ApiProperty({ description: 'Created at (ISO 8601)', example: '2026-12-01T10:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'Last changed at (ISO 8601)', example: '2026-12-01T10:00:00.000Z' })
  updatedAt!: string;
}

export class ServiceDto {
  @ApiProperty({ description: 'Delivery service id', example: 'vod-main' })
  id!: string;

  @ApiProperty({ description: 'Name', example: 'Main VOD catalogue' })
  name!: string;

  @ApiProperty({ description: 'Whether GET /video and content steering answer for it', example: true })
  enabled!: boolean;

  @ApiProperty({ description: 'Origins, by id', type: [OriginDto] })
  origins!: OriginDto[];

  @ApiProperty({ description: 'Created at (ISO 8601)', example: '2026-12-01T10:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'Last changed at (ISO 8601)', example: '2026-12-01T10:00:00.000Z' })
  updatedAt!: string;
}

export class ServiceListDto {
  @ApiProperty({ description: 'Every delivery service, by id', type: [ServiceDto] })
  items!: ServiceDto[];
}
