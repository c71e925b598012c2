/** Checks one input field's value (`field` names it in errors) and returns its column value. */
export type FieldCheck = (field: string, value: unknown) => unknown;

/**
 * Which input fields a write takes: `'all'` every checked one (an insert; the check decides what absent
 * means), `'defined'` those not `undefined` (an update that changes only the named fields), `'nonNull'`
 * those neither `undefined` nor `null` (an update where null also keeps the stored value).
 */
export type FieldSelection = 'all' | 'defined' | 'nonNull';

/** The checked values of every field (an insert's). */
export function checkedFields<Checks extends Record<string, FieldCheck>>(
  path: string,
  input: object,
  checks: Checks,
  only: 'all',
): { [K in keyof Checks]: ReturnType<Checks[K]> };
/** The checked values of the fields the input names (an update's SET list). */
export function checkedFields<Checks extends Record<string, FieldCheck>>(
  path: string,
  input: object,
  checks: Checks,
  only?: FieldSelection,
): { [K in keyof Checks]?: ReturnType<Checks[K]> };
/**
 * The column values of a write from `input`: for each field of `checks`, in their order, the checked
 * value of the input's field of that name, when `only` takes it. Every value is checked before any
 * statement runs; `path` prefixes the field names in errors (`data.name`).
 */
export function checkedFields(
  path: string,
  input: object,
  checks: Record<string, FieldCheck>,
  only: FieldSelection = 'defined',
): Record<string, unknown> {
  const given = input as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(checks)) {
    const value = given[key];
    if ((only !== 'all' && value === undefined) || (only === 'nonNull' && value === null)) continue;
    values[key] = check(`${path}.${key}`, value);
  }
  return values;
}
