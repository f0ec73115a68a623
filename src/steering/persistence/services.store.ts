import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DeliveryServiceRecord, OriginRecord } from '../domain/delivery-service.js';
import { DeliveryServiceEntity } from './delivery-service.entity.js';
import { OriginEntity } from './origin.entity.js';

export type ServiceRow = Omit<DeliveryServiceRecord, 'createdAt' | 'updatedAt'>;
export type ServiceRowChanges = Partial<Omit<ServiceRow, 'id'>>;
export type OriginRow = Omit<OriginRecord, 'createdAt' | 'updatedAt'>;
export type OriginRowChanges = Partial<Omit<OriginRow, 'serviceId' | 'id'>>;

const SERVICE_COLUMNS: Record<keyof ServiceRowChanges, string> = { name: 'name', enabled: 'enabled' };
const ORIGIN_COLUMNS: Record<keyof OriginRowChanges, string> = {
  regionId: 'region_id',
  urlTemplate: 'url_template',
  pathway: 'pathway',
  capacity: 'capacity',
  healthUrl: 'health_url',
  enabled: 'enabled',
};

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

export type InsertOutcome = 'created' | 'duplicate-id' | 'duplicate-pathway' | 'unknown-service';

/** The SQL of delivery_services and origins. */
@Injectable()
export class ServicesStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(): Promise<{ services: DeliveryServiceRecord[]; origins: OriginRecord[] }> {
    const [services, origins] = await Promise.all([
      this.dataSource.getRepository(DeliveryServiceEntity).find({ order: { id: 'ASC' } }),
      this.dataSource.getRepository(OriginEntity).find({ order: { serviceId: 'ASC', id: 'ASC' } }),
    ]);
    return {
      services: services.map(({ id, name, enabled, createdAt, updatedAt }) => ({
        id,
        name,
        enabled,
        createdAt,
        updatedAt,
      })),
      origins: origins.map((origin) => ({
        serviceId: origin.serviceId,
        id: origin.id,
        regionId: origin.regionId,
        urlTemplate: origin.urlTemplate,
        pathway: origin.pathway,
        capacity: origin.capacity,
        healthUrl: origin.healthUrl,
        enabled: origin.enabled,
        createdAt: origin.createdAt,
        updatedAt: origin.updatedAt,
      })),
    };
  }

  /** False when a service of that id exists. */
  async insertService(service: ServiceRow): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO delivery_services (id, name, enabled) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [service.id, service.name, service.enabled],
    )) as unknown[];
    return rows.length === 1;
  }

  /** False when there is no such service. */
  async updateService(id: string, changes: ServiceRowChanges): Promise<boolean> {
    return this.update('delivery_services', SERVICE_COLUMNS, changes, 'id = $1', [id]);
  }

  /** False when there is no such service; its origins go with it. */
  async deleteService(id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`DELETE FROM delivery_services WHERE id = $1 RETURNING id`, [
      id,
    ])) as [unknown[], number];
    return rows[1] === 1;
  }

  async insertOrigin(origin: OriginRow): Promise<InsertOutcome> {
    try {
      const rows = (await this.dataSource.query(
        `INSERT INTO origins (service_id, id, region_id, url_template, pathway, capacity, health_url, enabled)
         SELECT $1::varchar, $2::varchar, $3::varchar, $4::text, $5::varchar, $6::integer, $7::text, $8::boolean
         WHERE EXISTS (SELECT 1 FROM delivery_services WHERE id = $1)
         ON CONFLICT (service_id, id) DO NOTHING RETURNING id`,
        [
          origin.serviceId,
          origin.id,
          origin.regionId,
          origin.urlTemplate,
          origin.pathway,
          origin.capacity,
          origin.healthUrl,
          origin.enabled,
        ],
      )) as unknown[];
      if (rows.length === 1) return 'created';
      const [{ exists }] = (await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM delivery_services WHERE id = $1) AS exists`,
        [origin.serviceId],
      )) as { exists: boolean }[];
      return exists ? 'duplicate-id' : 'unknown-service';
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate-pathway';
      throw error;
    }
  }

  /** 'updated', 'missing' (no such origin) or 'duplicate-pathway'. */
  async updateOrigin(
    serviceId: string,
    id: string,
    changes: OriginRowChanges,
  ): Promise<'updated' | 'missing' | 'duplicate-pathway'> {
    try {
      const isUpdated = await this.update('origins', ORIGIN_COLUMNS, changes, 'service_id = $1 AND id = $2', [
        serviceId,
        id,
      ]);
      return isUpdated ? 'updated' : 'missing';
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate-pathway';
      throw error;
    }
  }

  async deleteOrigin(serviceId: string, id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `DELETE FROM origins WHERE service_id = $1 AND id = $2 RETURNING id`,
      [serviceId, id],
    )) as [unknown[], number];
    return rows[1] === 1;
  }

  private async update<K extends string>(
    table: string,
    columns: Record<K, string>,
    changes: Partial<Record<K, unknown>>,
    where: string,
    keys: unknown[],
  ): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [...keys];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined || !(field in columns)) continue;
      values.push(value);
      sets.push(`${columns[field as K]} = $${values.length}`);
    }
    sets.push('updated_at = now()');
    const rows = (await this.dataSource.query(
      `UPDATE ${table} SET ${sets.join(', ')} WHERE ${where} RETURNING 1`,
      values,
    )) as [unknown[], number];
    return rows[1] === 1;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return (driverError.driverError?.code ?? driverError.code) === UNIQUE_VIOLATION;
}
