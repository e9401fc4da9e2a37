import { need } from '../errors.js';
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * The CRC-32 (IEEE 802.3, as in zlib, PNG and ZIP) of `bytes`, continuing from `crc`: the CRC
 * of `a` then `b` is `crc32(b, crc32(a))`, the same as node:zlib's `crc32(data, value)`.
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode('123456789');
 * crc32(bytes); // 3421780262
 * crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4))); // 3421780262
 * ```
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  need(bytes instanceof Uint8Array, 'crc32', 'expected a Uint8Array', bytes);
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
