// A tiny deterministic pseudo-random generator (mulberry32), written so that the C# side
// (tests/P2PClinic.Crdt.Interop.Tests/Internal/Mulberry32.cs and bench/P2PClinic.Bench)
// produces exactly the same sequence from the same seed. All arithmetic is on uint32.

/** A seeded generator: next() gives a uint32, the helpers derive from it. */
export class Mulberry32 {
  /** @param {number} seed any integer; only its low 32 bits count */
  constructor (seed) {
    this.state = seed >>> 0
  }

  /** @returns {number} the next uint32 */
  next () {
    this.state = (this.state + 0x6D2B79F5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0
    t = (t ^ (t + Math.imul(t ^ (t >>> 7), t | 61))) >>> 0
    return (t ^ (t >>> 14)) >>> 0
  }

  /** @param {number} n exclusive upper bound, 1 <= n <= 2^21 (keeps the product exact in a double) @returns {number} an integer in [0, n) */
  int (n) {
    if (!(n >= 1 && n <= 2097152)) {
      throw new RangeError(`int(n) needs 1 <= n <= 2^21, got ${n}`)
    }
    // Multiply-shift instead of modulo, identical in both languages (53-bit exact in JS).
    return Math.floor((this.next() * n) / 4294967296)
  }

  /** @returns {number} a float in [0, 1) */
  float () {
    return this.next() / 4294967296
  }

  /** @param {number} p @returns {boolean} true with probability p */
  chance (p) {
    return this.float() < p
  }

  /** @template T @param {T[]} items @returns {T} */
  pick (items) {
    return items[this.int(items.length)]
  }

  /** Fisher-Yates shuffle in place. @template T @param {T[]} items @returns {T[]} */
  shuffle (items) {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = items[i]
      items[i] = items[j]
      items[j] = tmp
    }
    return items
  }
}
