import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Precision } from '../contract/number-precision.js';
import {
  listSchemaOf,
  type ResponseSchema,
  responseSerializerCompiler,
  responseSchemaOf,
  serializerOf,
} from './response-schema.js';
import { roundingOf } from '../contract/rounding.js';

enum Colour {
  Red = 'red',
  Green = 'green',
}

class PointDto {
  @ApiProperty({ description: 'Latitude', example: 48.9 })
  latitude!: number;

  @ApiProperty({ description: 'Longitude', example: 2.4 })
  longitude!: number;
}

class NamedPointDto extends PointDto {
  @ApiProperty({ description: 'Name', example: 'Paris' })
  name!: string;
}

class ShapeDto {
  @ApiProperty({ description: 'Identifier', example: 'a' })
  id!: string;

  @ApiProperty({ description: 'Corners', type: 'integer', example: 4 })
  corners!: number;

  @ApiProperty({ description: 'Area', example: 2.5 })
  @Precision('ratio')
  area!: number;

  @ApiProperty({ description: 'Whether it is closed', example: true })
  isClosed!: boolean;

  @ApiProperty({ description: 'Kind', enum: ['polygon', 'circle'], example: 'polygon' })
  kind!: 'polygon' | 'circle';

  @ApiProperty({ description: 'Colours', enum: Colour, isArray: true, example: ['red'] })
  colours!: Colour[];

  @ApiProperty({ description: 'Main colour', enum: Colour, enumName: 'Colour', example: 'red' })
  colour!: Colour;

  @ApiProperty({ description: 'Price, or null', type: Number, nullable: true, example: null })
  @Precision('USD')
  price!: number | null;

  @ApiProperty({ description: 'Labels', type: [String], example: ['x'] })
  labels!: string[];

  @ApiProperty({ description: 'Centre, described so Swagger wraps its $ref in allOf', type: PointDto })
  centre!: PointDto;

  @ApiProperty({ type: PointDto })
  anchor!: PointDto;

  @ApiProperty({ description: 'Vertices', type: [NamedPointDto] })
  vertices!: NamedPointDto[];

  @ApiProperty({ description: 'Parent, or null', type: NamedPointDto, nullable: true })
  parent!: NamedPointDto | null;

  @ApiPropertyOptional({ description: 'Note, when there is one', example: 'n' })
  note?: string;
}

const POINT = {
  type: 'object',
  properties: { latitude: { type: 'number' }, longitude: { type: 'number' } },
  required: ['latitude', 'longitude'],
};

const NAMED_POINT = {
  type: 'object',
  properties: { latitude: { type: 'number' }, longitude: { type: 'number' }, name: { type: 'string' } },
  required: ['latitude', 'longitude', 'name'],
};

function propertiesOf(schema: ResponseSchema): Record<string, ResponseSchema> {
  if (schema.type !== 'object') throw new Error(`not an object schema: ${schema.type}`);
  return schema.properties;
}

describe('responseSchemaOf', () => {
  it('derives types, nesting, arrays, enums, nullability and required fields from the Swagger metadata', () => {
    expect(responseSchemaOf(ShapeDto)).toStrictEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        corners: { type: 'integer' },
        area: { type: 'number' },
        isClosed: { type: 'boolean' },
        kind: { type: 'string' },
        colours: { type: 'array', items: { type: 'string' } },
        colour: { type: 'string' },
        price: { type: 'number', nullable: true },
        labels: { type: 'array', items: { type: 'string' } },
        centre: POINT,
        anchor: POINT,
        vertices: { type: 'array', items: NAMED_POINT },
        parent: { ...NAMED_POINT, nullable: true },
        note: { type: 'string' },
      },
      required: [
        'id',
        'corners',
        'area',
        'isClosed',
        'kind',
        'colours',
        'colour',
        'price',
        'labels',
        'centre',
        'anchor',
        'vertices',
        'parent',
      ],
    });
  });

  it('keeps the declaration order, inherited properties first', () => {
    expect(Object.keys(propertiesOf(responseSchemaOf(NamedPointDto)))).toEqual([
      'latitude',
      'longitude',
      'name',
    ]);
  });

  it('computes a class once and hands out a frozen schema', () => {
    const schema = responseSchemaOf(ShapeDto);
    expect(responseSchemaOf(ShapeDto)).toBe(schema);
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(propertiesOf(schema).centre)).toBe(true);
  });

  it('refuses what it cannot serialise faithfully: free-form objects, combinators, recursion', () => {
    class FreeFormDto {
      @ApiProperty({ description: 'Anything', type: Object })
      anything!: object;
    }
    class EitherDto {
      @ApiProperty({ description: 'Either', oneOf: [{ type: 'string' }, { type: 'number' }] })
      either!: string | number;
    }
    class TreeDto {
      @ApiProperty({ description: 'Children', type: () => [TreeDto] })
      children!: TreeDto[];
    }
    expect(() => responseSchemaOf(FreeFormDto)).toThrow(
      'Cannot derive a response schema for FreeFormDto.anything: type "object" without properties is not supported',
    );
    expect(() => responseSchemaOf(EitherDto)).toThrow(/EitherDto\.either: oneOf\/anyOf/);
    expect(() => responseSchemaOf(TreeDto)).toThrow(/a recursive DTO \(TreeDto\)/);
  });
});

describe('serializerOf', () => {
  it('writes the declared fields in declaration order, required ones first, and drops the others', () => {
    const serialize = serializerOf(NamedPointDto);
    expect(serializerOf(NamedPointDto)).toBe(serialize);
    expect(serialize({ name: 'Paris', extra: 1, longitude: 2.35, latitude: 48.86 })).toBe(
      '{"latitude":48.86,"longitude":2.35,"name":"Paris"}',
    );
    class OptionalFirstDto {
      @ApiPropertyOptional({ description: 'Note', example: 'n' })
      note?: string;

      @ApiProperty({ description: 'Identifier', example: 'a' })
      id!: string;
    }
    expect(serializerOf(OptionalFirstDto)({ note: 'n', id: 'a' })).toBe('{"id":"a","note":"n"}');
  });

  it('writes null for a nullable field and leaves out an absent optional one, as JSON.stringify does', () => {
    const shape = {
      id: 'a',
      corners: 4,
      area: 2.5,
      isClosed: true,
      kind: 'polygon',
      colours: ['red', 'green'],
      colour: 'green',
      price: null,
      labels: ['x', 'y "quoted"'],
      centre: { latitude: 1, longitude: 2 },
      anchor: { latitude: 0, longitude: -0.5 },
      vertices: [{ latitude: 1, longitude: 2, name: 'b' }],
      parent: null,
    };
    expect(serializerOf(ShapeDto)(shape)).toBe(JSON.stringify(shape));
    const withNote = { ...shape, note: 'n' };
    expect(serializerOf(ShapeDto)(withNote)).toBe(JSON.stringify(withNote));
  });
});

class SegmentsDto {
  @ApiProperty({ description: 'Data centre, g', example: 1 })
  @Precision('g')
  dataCentre!: number;

  @ApiProperty({ description: 'Total, g', example: 1 })
  @Precision('g')
  total!: number;
}

class ViewDto {
  @ApiProperty({ description: 'Id', type: 'integer', example: 1 })
  id!: number;

  @ApiProperty({ description: 'Minutes', example: 1 })
  durationMinutes!: number;

  @ApiProperty({ description: 'Cost, or null', type: Number, nullable: true, example: null })
  costUsd!: number | null;

  @ApiProperty({ description: 'Emissions', type: SegmentsDto })
  emissionsG!: SegmentsDto;

  @ApiProperty({ description: 'Latitudes', type: [PointDto] })
  points!: PointDto[];

  @ApiProperty({ description: 'Changes', type: 'object', additionalProperties: true, example: {} })
  changes!: Record<string, unknown>;
}

describe('roundingOf and the serialisers', () => {
  const exact = {
    id: 7,
    durationMinutes: 634.2801166666667,
    costUsd: 0.20249999999999999,
    emissionsG: { dataCentre: 0.00021345678, total: 12345.678 },
    points: [{ latitude: 48.856614, longitude: -2.35222 }],
    changes: { durationMinutes: 1.23456789 },
  };

  it('rounds each number to the precision of its unit, on a copy, and leaves integers and free-form objects as they are', () => {
    const frozen = JSON.parse(JSON.stringify(exact));
    const rounded = roundingOf(ViewDto)(exact);
    expect(rounded).toEqual({
      id: 7,
      durationMinutes: 634.28,
      costUsd: 0.2025,
      emissionsG: { dataCentre: 0.0002135, total: 12346 },
      points: [{ latitude: 48.8566, longitude: -2.3522 }],
      changes: { durationMinutes: 1.23456789 },
    });
    expect(exact).toEqual(frozen);
    expect(roundingOf(ViewDto)({ ...exact, costUsd: null }).costUsd).toBeNull();
  });

  it('writes the rounded figures, free-form objects whole', () => {
    expect(JSON.parse(serializerOf(ViewDto)(exact))).toEqual(roundingOf(ViewDto)(exact));
  });

  it('writes a list of a class, rounded, through the serialiser compiler', () => {
    const serialize = responseSerializerCompiler({
      schema: listSchemaOf(PointDto),
      method: 'GET',
      url: '/x',
    });
    expect(listSchemaOf(PointDto)).toBe(listSchemaOf(PointDto));
    expect(serialize([{ latitude: 1.234567, longitude: 2 }])).toBe('[{"latitude":1.2346,"longitude":2}]');
    expect(
      responseSerializerCompiler({ schema: responseSchemaOf(PointDto), method: 'GET', url: '/x' })({
        latitude: 0.123456,
        longitude: 0,
      }),
    ).toBe('{"latitude":0.1235,"longitude":0}');
  });

  it('refuses a response schema it did not derive: such an answer would go unrounded', () => {
    expect(() =>
      responseSerializerCompiler({ schema: { type: 'object', properties: {} }, method: 'GET', url: '/x' }),
    ).toThrow('GET /x: a response schema not made by responseSchemaOf or listSchemaOf');
  });

  it('refuses a number whose unit is unknown: a new field must choose its precision', () => {
    class UnitlessDto {
      @ApiProperty({ description: 'Something', example: 1.5 })
      something!: number;
    }
    expect(() => roundingOf(UnitlessDto)).toThrow(
      'UnitlessDto.something: a number without a unit: name it by the convention or add @Precision',
    );
  });
});
