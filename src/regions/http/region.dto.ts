import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Precision } from '../../platform/contract/number-precision.js';
import { REGION_ACCESS_CLASSES, type RegionAccess } from '../domain/catalogue.js';

export class RegionDto {
  @ApiProperty({ description: 'Region id, `provider:code`', example: 'aws:eu-west-3' })
  id!: string;

  @ApiProperty({ description: 'Provider id', example: 'aws' })
  provider!: string;

  @ApiProperty({ description: "The provider's region code", example: 'eu-west-3' })
  code!: string;

  // GET /regions has always written the zone fourth, before the names and the position.
  @ApiProperty({ description: 'Electricity Maps zone whose grid supplies the region', example: 'FR' })
  zone!: string;

  @ApiProperty({ description: "The provider's name for the region", example: 'Europe (Paris)' })
  displayName!: string;

  @ApiProperty({ description: 'City or metro of the region', example: 'Paris' })
  city!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code', example: 'FR' })
  countryCode!: string;

  @ApiProperty({ description: 'Latitude, decimal degrees (WGS84)', example: 48.8566 })
  latitude!: number;

  @ApiProperty({ description: 'Longitude, decimal degrees (WGS84)', example: 2.3522 })
  longitude!: number;

  @ApiProperty({
    description: 'Yearly average grid intensity of the zone, gCO2e/kWh (lifecycle); the last-resort fallback',
    example: 31,
  })
  referenceIntensityGPerKwh!: number;

  @ApiProperty({
    description: 'Source of referenceIntensityGPerKwh',
    example: 'Electricity Maps yearly average 2025 (lifecycle)',
  })
  referenceIntensitySource!: string;

  @ApiProperty({ description: 'Power Usage Effectiveness (dimensionless, >= 1)', example: 1.14 })
  @Precision('ratio')
  pue!: number;

  @ApiProperty({
    description: "Where `pue` comes from: the region's own figure or the provider's",
    enum: ['region', 'provider'],
    example: 'region',
  })
  pueSource!: 'region' | 'provider';

  @ApiProperty({
    description:
      '`general`: any account; `opt-in`: must be enabled by the account owner; `restricted`: on request only',
    enum: REGION_ACCESS_CLASSES,
    example: 'general',
  })
  access!: RegionAccess;

  @ApiProperty({
    description:
      'Internet egress list price, USD/GB (the provider default where no per-region figure exists)',
    example: 0.09,
    nullable: true,
    type: Number,
  })
  egressUsdPerGb!: number | null;

  @ApiProperty({
    description: 'Source of egressUsdPerGb',
    example: 'AWS internet egress first tier, 2023-04',
    nullable: true,
    type: String,
  })
  egressPriceSource!: string | null;

  @ApiProperty({
    description: 'Origin URL template for delivery, `{region}` replaced by the code',
    example: 'https://origin-{region}.example.com',
    nullable: true,
    type: String,
  })
  originUrlTemplate!: string | null;

  @ApiProperty({ description: 'Whether the region may be recommended', example: true })
  enabled!: boolean;

  @ApiProperty({ description: 'Last change, ISO 8601 UTC', example: '2026-11-22T10:00:00.000Z' })
  updatedAt!: string;
}

export class RegionPageDto {
  @ApiProperty({ description: 'Regions of this page, sorted by id', type: [RegionDto] })
  items!: RegionDto[];

  @ApiProperty({
    description: 'Regions matching the filters, across all pages',
    type: 'integer',
    example: 36,
  })
  total!: number;

  @ApiProperty({ description: 'Page size used', type: 'integer', example: 50 })
  limit!: number;

  @ApiProperty({ description: 'Index of the first item of this page', type: 'integer', example: 0 })
  offset!: number;
}

export class ProviderDto {
  @ApiProperty({ description: 'Provider id', example: 'aws' })
  id!: string;

  @ApiProperty({ description: 'Provider name', example: 'Amazon Web Services' })
  name!: string;

  @ApiProperty({ description: 'Fleet-wide Power Usage Effectiveness (dimensionless, >= 1)', example: 1.14 })
  @Precision('ratio')
  pue!: number;

  @ApiProperty({ description: 'Source of the PUE', example: 'Amazon sustainability report 2025' })
  pueSource!: string;

  @ApiPropertyOptional({
    description: "Egress price for this provider's regions without their own figure, USD/GB",
    example: 0.09,
    nullable: true,
    type: Number,
  })
  defaultEgressUsdPerGb!: number | null;

  @ApiPropertyOptional({
    description: 'Source of the default egress price',
    example: 'AWS internet egress first tier (US, Canada, Europe), 2023-04',
    nullable: true,
    type: String,
  })
  defaultEgressSource!: string | null;

  @ApiProperty({ description: 'Regions of this provider in the catalogue', type: 'integer', example: 36 })
  regionCount!: number;
}
