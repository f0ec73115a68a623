import { Global, Injectable, Logger, Module } from '@nestjs/common';

/**
 * A kind of in-process event and the shape of its payload. Features declare theirs in their public
 * `<feature>.events.ts`; observers (metrics, caches of other features) import the declaration and
 * never the feature's internals.
 */
export interface EventType<T> {
  readonly name: string;
  /** Carries the payload type only; never set. */
  readonly payload?: T;
}

export function defineEvent<T>(name: string): EventType<T> {
  return Object.freeze({ name });
}

type Handler<T> = (payload: T) => void;

/**
 * The one way a feature tells others what happened, without knowing them. Dispatch is synchronous
 * and cheap enough for hot paths (a map lookup and a loop); a failing handler is logged and never
 * reaches the emitter, so an observer cannot turn a stored batch or a served answer into an error.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger(EventBus.name);
  private readonly handlers = new Map<EventType<unknown>, Handler<unknown>[]>();

  /** Calls `handler` for every later `emit` of `type`; returns a function that stops it. */
  on<T>(type: EventType<T>, handler: Handler<T>): () => void {
    const list = this.handlers.get(type as EventType<unknown>) ?? [];
    list.push(handler as Handler<unknown>);
    this.handlers.set(type as EventType<unknown>, list);
    return () => {
      const current = this.handlers.get(type as EventType<unknown>) ?? [];
      this.handlers.set(
        type as EventType<unknown>,
        current.filter((h) => h !== handler),
      );
    };
  }

  emit<T>(type: EventType<T>, payload: T): void {
    const list = this.handlers.get(type as EventType<unknown>);
    if (list === undefined) return;
    for (const handler of list) {
      try {
        handler(payload);
      } catch (error) {
        this.logger.warn({ event: type.name, error: (error as Error).message }, 'An event handler failed');
      }
    }
  }
}

/** The app's one EventBus, injectable everywhere. */
@Global()
@Module({ providers: [EventBus], exports: [EventBus] })
export class EventsModule {}
