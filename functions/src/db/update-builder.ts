import type { ItemKey } from './keys.ts';
import type { Database } from './client.ts';
import type { TransactItem } from './transact-write.ts';

/**
 * One UpdateItem built from parts: SET, ADD and REMOVE clauses and conditions that several
 * concerns contribute (a transaction may touch an item only once, so a release that also fails the
 * group must say both in one update). Every attribute name and value gets its own placeholder, so
 * reserved words and map keys (order numbers) need no care.
 */
export class UpdateBuilder {
  private readonly sets: string[] = [];
  private readonly adds: string[] = [];
  private readonly removes: string[] = [];
  private readonly conditions: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private nameIndex = new Map<string, string>();
  private valueCount = 0;

  /** The placeholder path of an attribute or a map entry (`['members', orderNo, 'paid']`). */
  path(segments: readonly string[]): string {
    return segments
      .map((segment) => {
        let placeholder = this.nameIndex.get(segment);
        if (!placeholder) {
          placeholder = `#n${this.nameIndex.size}`;
          this.nameIndex.set(segment, placeholder);
          this.names[placeholder] = segment;
        }
        return placeholder;
      })
      .join('.');
  }

  value(value: unknown): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  set(segments: readonly string[], value: unknown): this {
    this.sets.push(`${this.path(segments)} = ${this.value(value)}`);
    return this;
  }

  add(segments: readonly string[], amount: number): this {
    if (amount !== 0) this.adds.push(`${this.path(segments)} ${this.value(amount)}`);
    return this;
  }

  remove(segments: readonly string[]): this {
    this.removes.push(this.path(segments));
    return this;
  }

  /** A condition written with `path()` and `value()` placeholders; all conditions must hold. */
  when(condition: string): this {
    this.conditions.push(`(${condition})`);
    return this;
  }

  isEmpty(): boolean {
    return this.sets.length + this.adds.length + this.removes.length === 0;
  }

  expression(): string {
    return [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.adds.length ? `ADD ${this.adds.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
  }

  toTransactItem(db: Database, key: ItemKey): TransactItem {
    if (this.isEmpty()) {
      // Nothing to change: the conditions alone still hold the transaction to what was read.
      return {
        ConditionCheck: {
          TableName: db.tableName,
          Key: key,
          ConditionExpression: this.conditions.length ? this.conditions.join(' AND ') : 'attribute_exists(pk)',
          ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
          ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
        },
      };
    }
    return {
      Update: {
        TableName: db.tableName,
        Key: key,
        UpdateExpression: this.expression(),
        ...(this.conditions.length ? { ConditionExpression: this.conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: this.names,
        ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
      },
    };
  }
}
