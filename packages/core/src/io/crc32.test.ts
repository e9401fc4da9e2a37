import { crc32 as zlibCrc32 } from 'node:zlib';
import { fc } from '../../test/fc.js';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';

describe('crc32', () => {
  it('crc32(bytes) is the check value 0xcbf43926 for "123456789" and 0 for no bytes', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  it("crc32(bytes, crc) equals node:zlib's crc32 and continues a CRC over the concatenation", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
      const ab = new Uint8Array([...a, ...b]);
      expect(crc32(ab)).toBe(zlibCrc32(ab));
      expect(crc32(b, crc32(a))).toBe(zlibCrc32(ab));
    }));
  });
});
