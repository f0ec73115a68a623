import { ApiProperty } from '@nestjs/swagger';

const VERSION = {
  description: 'Steering manifest version (always 1)',
  type: 'integer',
  enum: [1],
  example: 1,
} as const;
const TTL = {
  description: 'Seconds the player waits before it reloads the manifest (STEERING_TTL_SECONDS)',
  type: 'integer',
  example: 300,
} as const;
const RELOAD_URI = {
  description:
    "Where the player reloads the manifest from, relative to this manifest's URL: the same video with the session id (issued on the first request when absent), so the session's next reload is sticky",
  example: './abc?viewerCountry=FR&sessionId=Xq3v9Yb2TnS0pL6kWm1dFA',
} as const;

/** An HLS Content Steering manifest (docs/CONTENT-STEERING.md). */
export class HlsSteeringManifestDto {
  @ApiProperty(VERSION)
  VERSION!: 1;

  @ApiProperty(TTL)
  TTL!: number;

  @ApiProperty(RELOAD_URI)
  'RELOAD-URI'!: string;

  @ApiProperty({
    description:
      "Pathway IDs (the PATHWAY-ID of the multivariant playlist's variants), most preferred first: the lowest-carbon eligible origin first",
    type: [String],
    example: ['paris', 'dublin'],
  })
  'PATHWAY-PRIORITY'!: string[];
}

/** A DASH-IF Content Steering manifest (docs/CONTENT-STEERING.md). */
export class DashSteeringManifestDto {
  @ApiProperty(VERSION)
  VERSION!: 1;

  @ApiProperty(TTL)
  TTL!: number;

  @ApiProperty(RELOAD_URI)
  'RELOAD-URI'!: string;

  @ApiProperty({
    description:
      "Service locations (the serviceLocation of the MPD's BaseURLs), most preferred first: the lowest-carbon eligible origin first",
    type: [String],
    example: ['paris', 'dublin'],
  })
  'SERVICE-LOCATION-PRIORITY'!: string[];

  @ApiProperty({
    description:
      'The same list under the name the DASH-IF reference player (dash.js 5) reads, so every DASH player follows the same ranking',
    type: [String],
    example: ['paris', 'dublin'],
  })
  'PATHWAY-PRIORITY'!: string[];
}
