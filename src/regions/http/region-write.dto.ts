import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { REGION_ACCESS_CLASSES, type RegionAccess } from '../domain/catalogue.js';
import { PROVIDER_ID_PATTERN, REGION_CODE_PATTERN, ZONE_PATTERN } from '../domain/patterns.js';
import { NoControlCharacters } from '../../platform/kernel/text-validation.js';
import type { NewProvider, ProviderChanges } from '../provider-admin.service.js';
import type { NewRegion, RegionChanges } from '../region-admin.service.js';

export class CreateRegionRequest implements NewRegion {
  @ApiProperty({
    description: 'Provider id; the provider must exist (see POST /providers)',
    example: 'ovhcloud',
  })
  @Matches(PROVIDER_ID_PATTERN, { message: 'must be a provider id: lower-case letters, digits, dashes' })
  provider!: string;

  @ApiProperty({
    description: "The provider's region code; the id becomes `provider:code`",
    example: 'eu-west-par',
  })
  @Matches(REGION_CODE_PATTERN, { message: 'must be lower-case letters, digits and dashes' })
  code!: string;

  @ApiProperty({ description: "The provider's name for the region", example: 'Paris' })
  @IsString()
  @NoControlCharacters()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ description: 'City or metro of the region', example: 'Paris' })
  @IsString()
  @NoControlCharacters()
  @Length(1, 200)
  city!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code; must be a known country', example: 'FR' })
  @Matches(/^[A-Z]{2}$/, { message: 'must be an upper-case ISO 3166-1 alpha-2 code such as FR' })
  countryCode!: string;

  @ApiProperty({ description: 'Latitude, decimal degrees (WGS84), -90 to 90', example: 48.8566 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude!: number;

  @ApiProperty({ description: 'Longitude, decimal degrees (WGS84), -180 to 180', example: 2.3522 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude!: number;

  @ApiProperty({ description: 'Electricity Maps zone whose grid supplies the region', example: 'FR' })
  @Matches(ZONE_PATTERN, { message: 'must be an Electricity Maps zone key such as FR or US-MIDA-PJM' })
  zone!: string;

  @ApiPropertyOptional({
    description:
      "Yearly average grid intensity, gCO2e/kWh; default: the zone's Electricity Maps 2025 yearly average (required when the zone has none)",
    example: 31,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2000)
  referenceIntensityGPerKwh?: number;

  @ApiPropertyOptional({
    description: 'Source of referenceIntensityGPerKwh',
    example: 'Operator figure 2026',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @Length(1, 500)
  referenceIntensitySource?: string;

  @ApiPropertyOptional({ description: "Region PUE (1 to 3); default: the provider's", example: 1.1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(3)
  pue?: number;

  @ApiPropertyOptional({ description: 'Access class', enum: REGION_ACCESS_CLASSES, default: 'general' })
  @IsOptional()
  @IsIn(REGION_ACCESS_CLASSES)
  access?: RegionAccess;

  @ApiPropertyOptional({
    description: "Internet egress price, USD/GB; default: the provider's",
    example: 0.011,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  egressUsdPerGb?: number;

  @ApiPropertyOptional({ description: 'Source of egressUsdPerGb', example: 'OVHcloud price list 2026' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @Length(1, 500)
  egressPriceSource?: string;

  @ApiPropertyOptional({
    description: 'Origin URL template, `{region}` replaced by the code',
    example: 'https://origin-{region}.example.com',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(500)
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL template' })
  originUrlTemplate?: string;

  @ApiPropertyOptional({ description: 'Whether the region may be recommended', default: true, example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Everything but the identity can change; null clears the optional overrides (IsOptional lets null through). */
export class UpdateRegionRequest
  extends PartialType(
    OmitType(CreateRegionRequest, [
      'provider',
      'code',
      'pue',
      'egressUsdPerGb',
      'originUrlTemplate',
    ] as const),
  )
  implements RegionChanges
{
  @ApiPropertyOptional({
    description: "Region PUE (1 to 3); null = use the provider's",
    example: 1.1,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(3)
  pue?: number | null;

  @ApiPropertyOptional({
    description: "Egress price, USD/GB; null = use the provider's",
    example: 0.05,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  egressUsdPerGb?: number | null;

  @ApiPropertyOptional({
    description: 'Origin URL template, `{region}` replaced by the code; null clears it',
    example: 'https://origin-{region}.example.com',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(500)
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL template' })
  originUrlTemplate?: string | null;
}

export class CreateProviderRequest implements NewProvider {
  @ApiProperty({ description: 'Provider id: lower-case letters, digits, dashes', example: 'ovhcloud' })
  @Matches(PROVIDER_ID_PATTERN, { message: 'must be lower-case letters, digits and dashes (2 to 32)' })
  id!: string;

  @ApiProperty({ description: 'Provider name', example: 'OVHcloud' })
  @IsString()
  @NoControlCharacters()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'Fleet-wide Power Usage Effectiveness (1 to 3)', example: 1.26 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(3)
  pue!: number;

  @ApiProperty({ description: 'Source of the PUE', example: 'OVHcloud universal registration document 2025' })
  @IsString()
  @NoControlCharacters()
  @Length(1, 500)
  pueSource!: string;

  @ApiPropertyOptional({ description: 'Egress price for regions without their own, USD/GB', example: 0.011 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  defaultEgressUsdPerGb?: number;

  @ApiPropertyOptional({
    description: 'Source of the default egress price',
    example: 'OVHcloud price list 2026',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @Length(1, 500)
  defaultEgressSource?: string;
}

export class UpdateProviderRequest
  extends PartialType(OmitType(CreateProviderRequest, ['id'] as const))
  implements ProviderChanges {}
