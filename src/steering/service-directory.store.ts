import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ChangeNotifierService } from '../platform/database/change-notifier.service.js';
import type { ServiceDirectory } from './domain/delivery-service.js';
import { buildServiceDirectory } from './domain/service-directory.js';
import { ServicesStore } from './persistence/services.store.js';

export const SERVICES_CHANNEL = 'greenstream_steering_services';

/**
 * The in-memory copy of delivery services and origins that every steering decision reads:
 * reloaded after each write here and, through LISTEN/NOTIFY, on every other instance.
 */
@Injectable()
export class ServiceDirectoryStore implements OnApplicationBootstrap {
  private readonly logger = new Logger(ServiceDirectoryStore.name);
  private directory: ServiceDirectory = buildServiceDirectory([], [], 0).directory;
  private loading: Promise<void> | undefined;
  private nextLoad: Promise<void> | undefined;
  private version = 0;

  constructor(
    private readonly store: ServicesStore,
    private readonly changes: ChangeNotifierService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    await this.changes.subscribe(SERVICES_CHANNEL, () => this.reload());
  }

  current(): ServiceDirectory {
    return this.directory;
  }

  /** A call during a load waits for the next one, which never reads before the caller's write. */
  reload(): Promise<void> {
    if (this.loading === undefined) return this.startLoad();
    this.nextLoad ??= this.loading
      .catch(() => undefined)
      .then(() => {
        this.nextLoad = undefined;
        return this.startLoad();
      });
    return this.nextLoad;
  }

  /** After a write here: reload this copy, then tell the other instances. */
  async changed(): Promise<void> {
    await this.reload();
    await this.changes.publish(SERVICES_CHANNEL);
  }

  private startLoad(): Promise<void> {
    const loading: Promise<void> = this.load().finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  private async load(): Promise<void> {
    const { services, origins } = await this.store.load();
    const { directory, unusable } = buildServiceDirectory(services, origins, ++this.version);
    for (const { origin, problem } of unusable) {
      this.logger.warn(`Origin ${origin.serviceId}/${origin.id} left out: ${problem}`);
    }
    this.directory = directory;
    this.logger.log(`Delivery services loaded: ${services.length} services, ${origins.length} origins`);
  }
}
