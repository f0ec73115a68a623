// @tgwf/co2 ships no type declarations; these cover the parts GreenStream uses.
declare module '@tgwf/co2/data' {
  export interface ElectricityMapsYearlyZone {
    zone: { zoneName: string; displayName?: string; countryName?: string };
    carbonIntensity: { value: number; unit: string };
    renewableEnergy?: { value: number; unit: string };
    carbonFreeEnergy?: { value: number; unit: string };
  }
  export const electricityMaps: Record<
    string,
    { data: Record<string, ElectricityMapsYearlyZone>; methodology?: unknown }
  >;
  export const averageIntensity: { data: Record<string, number>; type: string };
  export const marginalIntensity: { data: Record<string, string>; type: string; year: string };
}

declare module '@tgwf/co2' {
  export class co2 {
    constructor(options?: { model?: string; version?: number; rating?: boolean; results?: string });
    perByte(bytes: number, green?: boolean): number;
    perByteTrace(bytes: number, green?: boolean, options?: Record<string, unknown>): unknown;
  }
}
