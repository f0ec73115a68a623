import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './domain/cursor.js';
import { ViewsRepository, type ViewFilter } from './persistence/views.repository.js';
import { VIEW_PRESENTATION, type RecordedView } from './view-presentation.js';

const DEFAULT_PAGE_SIZE = 1000;
/** Rows per FETCH of a CSV export: a few MB in memory at a time. */
const CSV_BATCH_SIZE = 2000;

/** The query of GET /consumption (ConsumptionQuery, validated). */
export interface ViewListQuery {
  from?: Date;
  to?: Date;
  viewerCountry?: string;
  region?: string;
  videoId?: string;
  cursor?: string;
  limit?: number;
}

export interface ViewPage {
  items: RecordedView[];
  nextCursor: string | null;
}

/** GET /consumption: recorded views as JSON pages with a cursor, or as one CSV export. */
@Injectable()
export class ListViews {
  constructor(private readonly views: ViewsRepository) {}

  async page(query: ViewListQuery): Promise<ViewPage> {
    const filter = filterOf(query);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.views.list(filter, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((row) => VIEW_PRESENTATION.apiView(row)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ startedAtMicros: BigInt(last.started_at_micros), id: BigInt(last.id) })
          : null,
    };
  }

  /**
   * The CSV export: a header, then one line per view, pulled from the database as the client
   * reads. The first batch is read before answering, so that a database outage is still a
   * problem+json answer rather than a cut stream.
   */
  async csv(query: ViewListQuery): Promise<Readable> {
    const filter = filterOf(query);
    const batches = this.views.stream(filter, CSV_BATCH_SIZE, query.limit);
    const first = await batches.next();
    async function* lines(): AsyncGenerator<string> {
      let chunk = VIEW_PRESENTATION.csvHeader;
      if (!first.done) for (const row of first.value) chunk += VIEW_PRESENTATION.csvLine(row);
      yield chunk;
      if (first.done) return;
      for await (const batch of batches) {
        chunk = '';
        for (const row of batch) chunk += VIEW_PRESENTATION.csvLine(row);
        yield chunk;
      }
    }
    return Readable.from(lines(), { objectMode: false, highWaterMark: 1 << 16 });
  }
}

function filterOf(query: ViewListQuery): ViewFilter {
  return {
    from: query.from,
    to: query.to,
    viewerCountry: query.viewerCountry?.toUpperCase(),
    region: query.region,
    videoId: query.videoId,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
  };
}
