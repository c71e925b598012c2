import { describe, expect, it } from 'vitest';
import { isConnectFailure, isTransientDatabaseError } from '../src/index.js';
import { codedError } from './errors.js';

describe('isTransientDatabaseError / isConnectFailure', () => {
  const cases: Array<[label: string, err: unknown, transient: boolean, connect: boolean]> = [
    ['08006 connection_failure', codedError('08006'), true, false],
    ['08001 unable to establish', codedError('08001'), true, true],
    ['08004 rejected establishment', codedError('08004'), true, true],
    ['08P01 protocol violation (class 08)', codedError('08P01'), true, false],
    ['40001 serialization_failure', codedError('40001'), true, false],
    ['40P01 deadlock_detected', codedError('40P01'), true, false],
    ['53300 too_many_connections', codedError('53300'), true, true],
    ['55P03 lock_not_available', codedError('55P03'), true, false],
    ['57P01 admin_shutdown', codedError('57P01'), true, false],
    ['57P02 crash_shutdown', codedError('57P02'), true, false],
    ['57P03 cannot_connect_now', codedError('57P03'), true, true],
    ['postgres.js CONNECT_TIMEOUT', codedError('CONNECT_TIMEOUT'), true, true],
    ['postgres.js CONNECTION_ENDED', codedError('CONNECTION_ENDED'), true, true],
    ['postgres.js CONNECTION_CLOSED', codedError('CONNECTION_CLOSED'), true, false],
    ['postgres.js CONNECTION_DESTROYED', codedError('CONNECTION_DESTROYED'), true, false],
    ['ECONNREFUSED', codedError('ECONNREFUSED', { syscall: 'connect' }), true, true],
    ['ENOTFOUND', codedError('ENOTFOUND', { syscall: 'getaddrinfo' }), true, true],
    ['EAI_AGAIN', codedError('EAI_AGAIN', { syscall: 'getaddrinfo' }), true, true],
    ['ETIMEDOUT while connecting', codedError('ETIMEDOUT', { syscall: 'connect' }), true, true],
    ['ETIMEDOUT on an open socket', codedError('ETIMEDOUT', { syscall: 'read' }), true, false],
    ['ECONNRESET', codedError('ECONNRESET', { syscall: 'read' }), true, false],
    ['EPIPE', codedError('EPIPE', { syscall: 'write' }), true, false],
    ['23505 unique_violation', codedError('23505'), false, false],
    ['23503 foreign_key_violation', codedError('23503'), false, false],
    ['22P02 invalid_text_representation', codedError('22P02'), false, false],
    ['42601 syntax_error', codedError('42601'), false, false],
    ['22000 data_exception (pgvector dimensions)', codedError('22000'), false, false],
    ['57014 query_canceled', codedError('57014'), false, false],
    ['28P01 invalid_password', codedError('28P01'), false, false],
    ['postgres.js UNDEFINED_VALUE', codedError('UNDEFINED_VALUE'), false, false],
    ['an Error without code', new Error('boom'), false, false],
    ['a numeric code', Object.assign(new Error('x'), { code: 8 }), false, false],
    ['a string', 'ECONNRESET', false, false],
    ['null', null, false, false],
    ['undefined', undefined, false, false],
  ];

  for (const [label, err, transient, connect] of cases) {
    it(`${label}: transient=${transient}, connect failure=${connect}`, () => {
      expect(isTransientDatabaseError(err)).toBe(transient);
      expect(isConnectFailure(err)).toBe(connect);
    });
  }

  it('walks the cause chain (e.g. a DrizzleQueryError wrapping a postgres.js error)', () => {
    const wrapped = new Error('Failed query: insert ...', {
      cause: codedError('ECONNREFUSED', { syscall: 'connect' }),
    });
    expect(isTransientDatabaseError(wrapped)).toBe(true);
    expect(isConnectFailure(wrapped)).toBe(true);
    const permanent = new Error('Failed query: insert ...', { cause: codedError('23505') });
    expect(isTransientDatabaseError(permanent)).toBe(false);
  });

  it('the first SQLSTATE in the chain decides', () => {
    const outer = Object.assign(new Error('outer'), { code: '23505' });
    (outer as { cause?: unknown }).cause = codedError('ECONNRESET');
    expect(isTransientDatabaseError(outer)).toBe(false);
  });

  it('looks inside AggregateError.errors (Node happy-eyeballs connect)', () => {
    const agg = new AggregateError([codedError('ECONNREFUSED', { syscall: 'connect' })], 'connect failed');
    expect(isTransientDatabaseError(agg)).toBe(true);
    expect(isConnectFailure(agg)).toBe(true);
  });

  it('stops at 10 links and survives cycles', () => {
    let deep: Error = codedError('ECONNRESET');
    for (let i = 0; i < 10; i++) deep = new Error(`wrapper ${i}`, { cause: deep });
    expect(isTransientDatabaseError(deep)).toBe(false);
    let shallow: Error = codedError('ECONNRESET');
    for (let i = 0; i < 9; i++) shallow = new Error(`wrapper ${i}`, { cause: shallow });
    expect(isTransientDatabaseError(shallow)).toBe(true);
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isTransientDatabaseError(a)).toBe(false);
  });
});
