import { Injectable } from '@nestjs/common';
import { DecideOperation } from './decide.js';
import type { SteeringDecision, SteeringRequest } from './steering-decision.js';
import { ServiceDirectoryStore } from './service-directory.store.js';
import type { ServiceDirectory } from './domain/delivery-service.js';
import { DecisionLog } from './decision-log.js';
import type { DecisionLogState } from './steering.events.js';

/**
 * What steering offers its routes (GET /video, the HLS/DASH content-steering manifests) and
 * other features: one decision path (docs/STEERING.md#the-decision).
 */
@Injectable()
export class SteeringService {
  constructor(
    private readonly decideOperation: DecideOperation,
    private readonly directory: ServiceDirectoryStore,
    private readonly log: DecisionLog,
  ) {}

  /** The decision log's queue now (metrics read it at scrape time). */
  decisionLogState(): DecisionLogState {
    return {
      depth: this.log.depth,
      droppedTotal: this.log.droppedTotal,
      writtenTotal: this.log.writtenTotal,
    };
  }

  /**
   * Chooses the origin for one request of a session, synchronously and from memory: never waits
   * on SQL or Electricity Maps. Throws InvalidInputError (400, naming the field), NotFoundError
   * (404: unknown or disabled service) or ServiceUnavailableError (503: no enabled origin).
   */
  decide(request: SteeringRequest): SteeringDecision {
    return this.decideOperation.decide(request);
  }

  /** The services and their origins as the request path sees them. */
  directorySnapshot(): ServiceDirectory {
    return this.directory.current();
  }
}
