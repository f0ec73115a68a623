/**
 * How GET /consumption shows a stored view, in JSON and in CSV, derived from the column
 * declaration (persistence/view-columns.ts): each column's `api` path and `csv` header.
 */
import { csvLine } from './domain/csv.js';
import {
  VIEW_COLUMNS,
  type StoredView,
  type ViewColumn,
  type ViewColumnType,
} from './persistence/view-columns.js';

/** What the API shows for a value of each type: the id as a number, an instant in ISO 8601. */
interface ShownValue {
  bigint: number;
  text: string;
  float8: number;
  timestamptz: string;
  'text[]': string[];
  'float8?': number | null;
  'text?': string | null;
}

/** `{ a: { b: Value } }` for the path 'a.b'. */
type Nested<Path extends string, Value> = Path extends `${infer Key}.${infer Rest}`
  ? { [K in Key]: Nested<Rest, Value> }
  : { [K in Path]: Value };
type ApiPart<Column> = Column extends {
  api: infer Path extends string;
  type: infer Type extends ViewColumnType;
}
  ? Nested<Path, ShownValue[Type]>
  : never;
/** The members of a union as one type with all their fields (inferred from a contravariant position). */
type Intersection<Union> = (Union extends unknown ? (part: Union) => void : never) extends (
  whole: infer Whole,
) => void
  ? Whole
  : never;
type Simplified<T> = T extends unknown[] ? T : T extends object ? { [K in keyof T]: Simplified<T[K]> } : T;

/** A view as the API shows it: every declared column with an `api` path, nested along it. */
export type RecordedView = Simplified<Intersection<ApiPart<(typeof VIEW_COLUMNS)[number]>>>;

/** A field of the API's view: a column's value, or an object of further fields. */
interface ApiField {
  key: string;
  column?: ViewColumn;
  fields?: ApiField[];
}

function apiValue(column: ViewColumn, value: unknown): unknown {
  if (column.type === 'bigint') return Number(value);
  if (column.type === 'timestamptz') return (value as Date).toISOString();
  return value;
}

function csvValue(column: ViewColumn, value: unknown): string | number | null {
  if (column.type === 'timestamptz') return (value as Date).toISOString();
  if (column.type === 'text[]') return (value as string[]).join('|');
  return value as string | number | null;
}

export class ViewPresentation {
  /** The CSV export's first line. */
  readonly csvHeader: string;
  private readonly csvColumns: readonly ViewColumn[];
  private readonly apiFields: ApiField[] = [];

  constructor(columns: readonly ViewColumn[]) {
    this.csvColumns = columns.filter((column) => column.csv !== undefined);
    this.csvHeader = csvLine(this.csvColumns.map((column) => column.csv));
    for (const column of columns) {
      if (column.api === undefined) continue;
      const path = column.api.split('.');
      let fields = this.apiFields;
      for (const key of path.slice(0, -1)) {
        let parent = fields.find((field) => field.key === key);
        if (!parent) {
          parent = { key, fields: [] };
          fields.push(parent);
        }
        fields = parent.fields!;
      }
      fields.push({ key: path[path.length - 1]!, column });
    }
  }

  /** One CSV line (RFC 4180, CRLF) of a view; sources are joined with `|`. */
  csvLine(view: StoredView): string {
    const values = new Array<string | number | null>(this.csvColumns.length);
    const row = view as unknown as Record<string, unknown>;
    for (let index = 0; index < this.csvColumns.length; index++) {
      const column = this.csvColumns[index]!;
      values[index] = csvValue(column, row[column.name]);
    }
    return csvLine(values);
  }

  /** The API's view: fields in declaration order of their first column, which is ViewDto's. */
  apiView(view: StoredView): RecordedView {
    return objectOf(this.apiFields, view as unknown as Record<string, unknown>) as RecordedView;
  }
}

function objectOf(fields: readonly ApiField[], row: Record<string, unknown>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const field of fields) {
    object[field.key] = field.column
      ? apiValue(field.column, row[field.column.name])
      : objectOf(field.fields!, row);
  }
  return object;
}

export const VIEW_PRESENTATION = new ViewPresentation(VIEW_COLUMNS);
