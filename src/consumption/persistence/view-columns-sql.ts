import type { ViewRow } from '../domain/view-row.js';
import { floatArrayLiteral, textArrayLiteral } from './pg-arrays.js';
import { VIEW_COLUMNS, type ViewColumn } from './view-columns.js';

/** A column the application writes (every one but `id`). */
type Written<Column> = Column extends { write?: infer Write }
  ? Column & { write: NonNullable<Write> }
  : never;
type WrittenColumn = Written<ViewColumn>;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as COPY's text format reads it: backslash, tab and line breaks escaped. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]!)
    : value;
}

/**
 * The SQL and wire formats of a set of view columns (VIEW_COLUMNS; fewer in a test): column lists,
 * unnest casts and parameters for INSERT, the COPY text format. A text[] column travels as one
 * comma-joined text per view (an array of arrays would not unnest row by row) and is split back by
 * `string_to_array`; its values (intensity sources) hold no comma.
 */
export class ViewColumnsSql {
  private readonly written: readonly WrittenColumn[];
  /** The written columns, for INSERT and COPY: `client_id, video_id, …`. */
  readonly columnList: string;
  /** Every column, for SELECT. */
  readonly selectList: string;

  constructor(columns: readonly ViewColumn[]) {
    this.written = columns.filter((column): column is WrittenColumn => column.write !== undefined);
    this.columnList = this.written.map((column) => column.name).join(', ');
    this.selectList = columns.map((column) => column.name).join(', ');
  }

  /**
   * `unnest($n::text[], …) AS alias(client_id, …)`: the written columns as a table, one array
   * parameter each from `$firstParameter` (see `unnestParameters`).
   */
  unnest(firstParameter: number, alias: string): string {
    const casts = this.written.map(
      (column, index) =>
        `$${firstParameter + index}::${column.type === 'text[]' ? 'text' : column.type.replace('?', '')}[]`,
    );
    return `unnest(${casts.join(', ')}) AS ${alias}(${this.columnList})`;
  }

  /** The written columns read from that table, in `columnList` order. */
  unnestValues(alias: string): string {
    return this.written
      .map((column) =>
        column.type === 'text[]'
          ? `string_to_array(${alias}.${column.name}, ',')`
          : `${alias}.${column.name}`,
      )
      .join(', ');
  }

  /** One array literal per written column (pg-arrays.ts says why literals). */
  unnestParameters(views: readonly ViewRow[]): string[] {
    return this.written.map((column) => {
      switch (column.type) {
        case 'float8':
        case 'float8?':
          return floatArrayLiteral(views.map(column.write));
        case 'timestamptz':
          return textArrayLiteral(views.map((view) => column.write(view).toISOString()));
        case 'text[]':
          return textArrayLiteral(views.map((view) => column.write(view).join(',')));
        default:
          return textArrayLiteral(views.map(column.write));
      }
    });
  }

  /** One line of COPY … FROM STDIN (text format): `keyId`, then the written columns. */
  copyLine(keyId: string, view: ViewRow): string {
    // Joined from an array: appending field by field to one string took half as long again.
    const fields = new Array<string>(this.written.length + 1);
    fields[0] = copyText(keyId);
    for (let index = 0; index < this.written.length; index++) {
      const column = this.written[index]!;
      switch (column.type) {
        case 'float8':
          fields[index + 1] = String(column.write(view));
          break;
        case 'float8?':
        case 'text?': {
          const value = column.write(view);
          fields[index + 1] = value === null ? '\\N' : copyText(String(value));
          break;
        }
        case 'timestamptz':
          fields[index + 1] = column.write(view).toISOString();
          break;
        case 'text[]':
          fields[index + 1] = copyText(textArrayLiteral(column.write(view)));
          break;
        default:
          fields[index + 1] = copyText(column.write(view));
      }
    }
    return `${fields.join('\t')}\n`;
  }
}

export const VIEW_COLUMNS_SQL = new ViewColumnsSql(VIEW_COLUMNS);
