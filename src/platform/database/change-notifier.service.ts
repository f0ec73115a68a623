import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';

export const DATABASE_URL = Symbol('DATABASE_URL');

type Listener = () => void | Promise<void>;

/**
 * Cross-instance change notices over PostgreSQL LISTEN/NOTIFY: when one instance changes the
 * catalogue, every instance sharing the database reloads its in-memory copy. One dedicated
 * connection per instance; it reconnects after a failure and then tells every listener to reload,
 * since notices sent meanwhile are lost.
 */
@Injectable()
export class ChangeNotifierService implements OnApplicationShutdown {
  private readonly logger = new Logger(ChangeNotifierService.name);
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private isShuttingDown = false;
  private connecting: Promise<void> | undefined;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Registers a listener and makes sure this instance LISTENs on the channel. */
  async subscribe(channel: string, listener: Listener): Promise<void> {
    const isNewChannel = !this.listeners.has(channel);
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
    await this.ensureConnected();
    if (isNewChannel && this.client) await this.client.query(`LISTEN "${channel}"`);
  }

  async publish(channel: string): Promise<void> {
    await this.dataSource.query('SELECT pg_notify($1, $2)', [channel, String(process.pid)]);
  }

  private async ensureConnected(): Promise<void> {
    if (this.client || this.isShuttingDown) return;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: 'greenstream-listener',
    });
    client.on('notification', (message) => void this.dispatch(message.channel));
    client.on('error', (error) => this.handleDisconnect(client, error));
    client.on('end', () => this.handleDisconnect(client, undefined));
    await client.connect();
    for (const channel of this.listeners.keys()) await client.query(`LISTEN "${channel}"`);
    this.client = client;
  }

  private handleDisconnect(client: pg.Client, error: Error | undefined): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.isShuttingDown) return;
    this.logger.warn({ err: error }, 'Change-notice connection lost; reconnecting in 5 s');
    this.reconnectTimer = setTimeout(() => {
      this.ensureConnected()
        .then(() => Promise.all([...this.listeners.keys()].map((channel) => this.dispatch(channel))))
        .catch(() => this.handleDisconnect(client, undefined));
    }, 5000);
    this.reconnectTimer.unref();
  }

  private async dispatch(channel: string): Promise<void> {
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        await listener();
      } catch (error) {
        this.logger.error({ err: error, channel }, 'Change listener failed');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.isShuttingDown = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
