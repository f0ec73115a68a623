import { CreateCatalogue1795330563622 } from './1795330563622-CreateCatalogue.js';
import { CreateIntensityStore1795331857825 } from './1795331857825-CreateIntensityStore.js';
import { CreateConsumption1795400000000 } from './1795400000000-CreateConsumption.js';
import { RollupDeltas1795500000000 } from './1795500000000-RollupDeltas.js';
import { CreateSteering1795600000000 } from './1795600000000-CreateSteering.js';
import { CreateOriginHealth1795700000000 } from './1795700000000-CreateOriginHealth.js';
import { CarbonReceipt1795800000000 } from './1795800000000-CarbonReceipt.js';
import { CreateLatencyAggregates1795900000000 } from './1795900000000-CreateLatencyAggregates.js';
import { IndexDecisionSessions1796000000000 } from './1796000000000-IndexDecisionSessions.js';
import { StoreSessionMeasures1796100000000 } from './1796100000000-StoreSessionMeasures.js';
import { CandidateSets1796200000000 } from './1796200000000-CandidateSets.js';

/** Every migration, in order. Listed explicitly so that the app, the CLI and the tests run the same ones. */
export const MIGRATIONS = [
  CreateCatalogue1795330563622,
  CreateIntensityStore1795331857825,
  CreateConsumption1795400000000,
  RollupDeltas1795500000000,
  CreateSteering1795600000000,
  CreateOriginHealth1795700000000,
  CarbonReceipt1795800000000,
  CreateLatencyAggregates1795900000000,
  IndexDecisionSessions1796000000000,
  StoreSessionMeasures1796100000000,
  CandidateSets1796200000000,
];
