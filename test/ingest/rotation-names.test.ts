import { isRotationOf, rotationBase } from '../../src/ingest/rotation-names';

describe('rotationBase', () => {
  it.each([
    ['/var/log/sbc.log.1', '/var/log/sbc.log'],
    ['/var/log/sbc.log.12', '/var/log/sbc.log'],
    ['/var/log/sbc.log-20261125', '/var/log/sbc.log'],
    ['/var/log/sbc.log-2026112508', '/var/log/sbc.log'],
    ['/var/log/sbc.log.2026-11-25', '/var/log/sbc.log'],
    ['/var/log/sbc.log_3', '/var/log/sbc.log'],
  ])('%s was %s', (rotated, base) => {
    expect(rotationBase(rotated)).toBe(base);
    expect(isRotationOf(rotated, base)).toBe(true);
  });

  // a false match costs nothing: a rotated name is only used when the inode stored for the base matches
  it.each(['/var/log/sbc.log', '/var/log/sbc.log.12345', '/var/log/sbc'])('%s is no rotation', (f) => {
    expect(rotationBase(f)).toBeNull();
  });

  it('a rotation of another file is not ours', () => {
    expect(isRotationOf('/var/log/other.log.1', '/var/log/sbc.log')).toBe(false);
    expect(isRotationOf('/elsewhere/sbc.log.1', '/var/log/sbc.log')).toBe(false);
  });
});
