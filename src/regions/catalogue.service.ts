import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ChangeNotifierService } from '../platform/database/change-notifier.service.js';
import { EventBus } from '../platform/events/event-bus.js';
import { buildCatalogue, Catalogue } from './domain/catalogue.js';
import { CatalogueStore } from './persistence/catalogue.store.js';
import { CATALOGUE_CHANGED } from './regions.events.js';

export const CATALOGUE_CHANNEL = 'greenstream_catalogue';

/**
 * The in-memory copy of providers and regions that every read is served from. It is reloaded
 * after each write on this instance and, through LISTEN/NOTIFY, on every other instance.
 */
@Injectable()
export class CatalogueService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogueService.name);
  private catalogue: Catalogue = buildCatalogue([], []);
  private loading: Promise<void> | undefined;
  private nextLoad: Promise<void> | undefined;

  constructor(
    private readonly store: CatalogueStore,
    private readonly changes: ChangeNotifierService,
    private readonly events: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    await this.changes.subscribe(CATALOGUE_CHANNEL, () => this.reload());
  }

  current(): Catalogue {
    return this.catalogue;
  }

  /**
   * Reloads from the database. A call that arrives while a load runs cannot trust that load (it
   * may have read before the caller's write), so it waits for the next one, which every call
   * arriving in the meantime shares: a caller never sees a copy older than its own write.
   */
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

  private startLoad(): Promise<void> {
    const loading: Promise<void> = this.load().finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  /** After a write here: reload this copy, then tell the other instances. */
  async changed(): Promise<void> {
    await this.reload();
    await this.changes.publish(CATALOGUE_CHANNEL);
  }

  private async load(): Promise<void> {
    const { providers, regions } = await this.store.load();
    this.catalogue = buildCatalogue(providers, regions);
    this.logger.log(`Catalogue loaded: ${providers.length} providers, ${regions.length} regions`);
    // Graphs and indexes built on the catalogue (e.g. recommendation's) rebuild on this event.
    this.events.emit(CATALOGUE_CHANGED, this.catalogue);
  }
}
