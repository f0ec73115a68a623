/**
 * The four footprint models as pure functions: energy per segment in kWh for one viewing session,
 * plus every coefficient used (assumptions) and what was borrowed or ignored (notes, flags).
 * Emissions are left to the caller through `segmentEmissions`, because each segment takes the
 * intensity of a different place (docs/FOOTPRINT-MODELS.md#which-intensity-each-segment-takes).
 *
 * Provider PUE: every model's data-centre figure is a top-down share of total data-centre
 * electricity (1byte: Forecast Model TWh/EB; Carbon Trust: allocated DC + CDN energy; IEA: share
 * of its total; SWD v4: IEA 2022 totals), so facility overheads are already inside it. Multiplying
 * by the provider's PUE would count cooling twice; the PUE is therefore recorded, not applied.
 * `dataCentreEnergyKwh` (model-parts.ts) keeps the rule in one place should a model with IT-only
 * figures be added. One file per model under models/; their shared pieces in model-parts.ts.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { FOOTPRINT_MODELS, SWD_V4, type FootprintModel } from './coefficients.js';
import type {
  EmissionsBySegment,
  EnergyBySegment,
  FootprintModelInput,
  ModelEstimate,
} from './model-types.js';
import { carbonTrustEnergy } from './models/carbon-trust.js';
import { ieaEnergy } from './models/iea.js';
import { oneByteEnergy } from './models/one-byte.js';
import { swdV4Energy } from './models/swd-v4.js';

export function emissionsGrams(energyKwh: number, gramsPerKwh: number): number {
  if (!Number.isFinite(energyKwh) || energyKwh < 0) {
    throw InvalidInputError.forField('energyKwh', 'must be a number >= 0');
  }
  if (!Number.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
    throw InvalidInputError.forField('gramsPerKwh', 'must be a number >= 0');
  }
  return energyKwh * gramsPerKwh;
}

/**
 * Grams per segment: data centre at the serving zone's intensity, network and device at the
 * viewer's, SWD v4 embodied energy at its fixed global intensity
 * (docs/FOOTPRINT-MODELS.md#which-intensity-each-segment-takes).
 */
export function segmentEmissions(
  energy: EnergyBySegment,
  intensities: { dataCentre: number; viewer: number },
  model: FootprintModel,
): EmissionsBySegment {
  if (model !== 'swd-v4' && energy.embodied !== 0) {
    throw InvalidInputError.forField(
      'embodied',
      `must be 0 for model ${model}, which has no embodied segment`,
    );
  }
  const embodiedGramsPerKwh = model === 'swd-v4' ? SWD_V4.embodiedGramsCo2PerKwh.value : 0;
  const dataCentre = emissionsGrams(energy.dataCentre, intensities.dataCentre);
  const network = emissionsGrams(energy.network, intensities.viewer);
  const device = emissionsGrams(energy.device, intensities.viewer);
  const embodied = emissionsGrams(energy.embodied, embodiedGramsPerKwh);
  return { dataCentre, network, device, embodied, total: dataCentre + network + device + embodied };
}

export function estimateFootprint(model: FootprintModel, input: FootprintModelInput): ModelEstimate {
  switch (model) {
    case '1byte':
      return oneByteEnergy(input);
    case 'carbon-trust':
      return carbonTrustEnergy(input);
    case 'iea':
      return ieaEnergy(input);
    case 'swd-v4':
      return swdV4Energy(input);
    default:
      throw InvalidInputError.forField('model', `must be one of ${FOOTPRINT_MODELS.join(', ')}`);
  }
}
