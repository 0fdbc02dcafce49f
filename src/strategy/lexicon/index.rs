//! The word → bits look-up behind the lexicon tables: words packed into
//! machine words and kept in cuckoo hash tables, so that the per-token
//! look-up in the strategies' hot loops is a few loads and compares with
//! no allocation. It knows nothing about which tables exist (see
//! [`super`]).

use std::collections::BTreeMap;

/// Longest word any table holds, in bytes (checked when the index is
/// built); a longer word is in no table.
pub(crate) const MAX_WORD: usize = 24;

/// The top bit of every byte of a word.
const TOP: u64 = 0x8080_8080_8080_8080;

/// A word of at most [`MAX_WORD`] bytes packed into three little-endian
/// `u64`s, zero-padded.
type Key = [u64; 3];

/// The word → bits index: open addressing over packed words, so a look-up
/// is a few loads and multiplications and one or two slot compares, with
/// no allocation.
pub(crate) struct Index {
    /// Words of at most eight bytes, by their one packed `u64` (a word
    /// holds no NUL byte, so the zero padding makes the key unique; 0 marks
    /// an empty slot). A cuckoo table: every key sits in one of its two
    /// slots ([`short_slots`]), so a look-up reads both and compares
    /// without a branch — whether a word of news text is in the lexicon
    /// (about half are) is a coin toss the branch predictor loses.
    short: Vec<u64>,
    /// The bits of the word in the same slot of `short`.
    short_bits: Vec<u32>,
    /// Words of nine to sixteen bytes, packed into two `u64`s: a cuckoo
    /// table like `short`.
    mid: Vec<[u64; 2]>,
    /// The bits of the word in the same slot of `mid`.
    mid_bits: Vec<u32>,
    /// `64 - log2(mid.len())`.
    mid_shift: u32,
    /// `64 - log2(short.len())`.
    short_shift: u32,
    /// Longer words: slot → 1 + entry number, 0 for an empty slot.
    slots: Vec<u16>,
    /// `(packed word, length, bits)`.
    entries: Vec<(Key, usize, u32)>,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

/// Up to eight bytes as a little-endian word, zero-padded. Short slices
/// are read as two overlapping parts, each byte landing in its own
/// place, so there is no loop over the bytes.
#[inline]
fn load(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]) as u64;
    match n {
        0 => 0,
        1..=3 => {
            b[0] as u64 | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1))
        }
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
    }
}

/// `word` (at most [`MAX_WORD`] bytes) packed.
#[inline]
fn pack(word: &[u8]) -> Key {
    let n = word.len();
    if n <= 8 {
        return [load(word), 0, 0];
    }
    let k2 = if n > 16 { load(&word[16..]) } else { 0 };
    [load(&word[..8]), load(&word[8..n.min(16)]), k2]
}

/// ASCII capitals of `x` lower-cased, eight bytes at a time; every byte
/// must be ASCII. A byte is a capital when adding 0x3f sets its top bit
/// (it is at least `A`) and adding 0x25 does not (it is at most `Z`); no
/// sum carries into the next byte.
#[inline]
fn lower_ascii(x: u64) -> u64 {
    let at_least_a = x + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = x + 0x2525_2525_2525_2525;
    x | ((at_least_a & !above_z & TOP) >> 2)
}

impl Index {
    #[inline]
    fn slot(&self, key: &Key, len: usize) -> usize {
        let h = key[0].wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ key[1].wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ key[2].wrapping_mul(0x1656_67B1_9E37_79F9)
            ^ len as u64;
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The index of `merged`: each word (lower case, at most
    /// [`MAX_WORD`] bytes) with the bits of the tables it is in.
    pub(crate) fn build(merged: &BTreeMap<&str, u32>) -> Self {
        for w in merged.keys() {
            assert!(
                w.len() <= MAX_WORD,
                "lexicon word longer than {MAX_WORD}: {w}"
            );
        }
        let size = (merged.len() * 4).next_power_of_two();
        let short: Vec<(u64, u32)> = merged
            .iter()
            .filter(|(w, _)| w.len() <= 8)
            .map(|(w, &bits)| (load(w.as_bytes()), bits))
            .collect();
        let (short, short_bits, short_shift) = cuckoo(&short, short_slots);
        let mid: Vec<([u64; 2], u32)> = merged
            .iter()
            .filter(|(w, _)| (9..=16).contains(&w.len()))
            .map(|(w, &bits)| {
                let k = pack(w.as_bytes());
                ([k[0], k[1]], bits)
            })
            .collect();
        let (mid, mid_bits, mid_shift) = cuckoo(&mid, mid_slots);
        let mut index = Index {
            short,
            short_bits,
            short_shift,
            mid,
            mid_bits,
            mid_shift,
            slots: vec![0; size],
            entries: Vec::with_capacity(merged.len()),
            shift: 64 - size.trailing_zeros(),
        };
        for (w, &bits) in merged {
            if w.len() <= 16 {
                continue;
            }
            let key = pack(w.as_bytes());
            let mut i = index.slot(&key, w.len());
            while index.slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            index.entries.push((key, w.len(), bits));
            index.slots[i] = u16::try_from(index.entries.len()).expect("fewer than 65536 words");
        }
        index
    }

    /// The bits of the word of at most eight bytes packed as `key`.
    #[inline]
    fn get_short(&self, key: u64) -> u32 {
        cuckoo_get(
            &self.short,
            &self.short_bits,
            short_slots(key, self.short_shift),
            key,
        )
    }

    /// The bits of the word of nine to sixteen bytes packed as `key`.
    #[inline]
    fn get_mid(&self, key: [u64; 2]) -> u32 {
        cuckoo_get(
            &self.mid,
            &self.mid_bits,
            mid_slots(key, self.mid_shift),
            key,
        )
    }

    /// The bits of the packed word `key` of `len` bytes.
    #[inline]
    fn get(&self, key: &Key, len: usize) -> u32 {
        if len <= 8 {
            return if len == 0 { 0 } else { self.get_short(key[0]) };
        }
        if len <= 16 {
            return self.get_mid([key[0], key[1]]);
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key, len);
        loop {
            match self.slots[i] {
                0 => return 0,
                e => {
                    let (k, l, bits) = &self.entries[e as usize - 1];
                    if *l == len && k == key {
                        return *bits;
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }
}

/// The two slots a short word's key may sit in.
#[inline]
fn short_slots(key: u64, shift: u32) -> (usize, usize) {
    (
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize,
        (key.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) >> shift) as usize,
    )
}

/// The two slots a key of nine to sixteen bytes may sit in.
#[inline]
fn mid_slots(key: [u64; 2], shift: u32) -> (usize, usize) {
    let h = key[0].wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ key[1].wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (
        (h.wrapping_mul(0x1656_67B1_9E37_79F9) >> shift) as usize,
        (h.wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> shift) as usize,
    )
}

/// The bits of `key` in a cuckoo table, given its two slots: both are
/// read and combined without a branch (0 when the key is in neither).
#[inline]
fn cuckoo_get<K: PartialEq>(keys: &[K], bits: &[u32], (a, b): (usize, usize), key: K) -> u32 {
    let hit = |i: usize| (keys[i] == key) as u32;
    (hit(a).wrapping_neg() & bits[a]) | (hit(b).wrapping_neg() & bits[b])
}

/// A cuckoo table of `items` (keys distinct and not `K::default()`, which
/// marks an empty slot) with the slot pair `slots`: keys, bits and the
/// shift. Starts at load factor at most 1/2 and doubles until every key
/// has a place.
fn cuckoo<K: Copy + Default + PartialEq>(
    items: &[(K, u32)],
    slots: fn(K, u32) -> (usize, usize),
) -> (Vec<K>, Vec<u32>, u32) {
    let mut size = (items.len() * 2).next_power_of_two().max(2);
    'grow: loop {
        let shift = 64 - size.trailing_zeros();
        let mut keys = vec![K::default(); size];
        let mut bits = vec![0u32; size];
        for &item in items {
            let (mut key, mut b) = item;
            let mut slot = slots(key, shift).0;
            for _ in 0..size {
                std::mem::swap(&mut keys[slot], &mut key);
                std::mem::swap(&mut bits[slot], &mut b);
                if key == K::default() {
                    break;
                }
                // the evicted key moves to its other slot
                let (x, y) = slots(key, shift);
                slot = if x == slot { y } else { x };
            }
            if key != K::default() {
                size *= 2;
                continue 'grow;
            }
        }
        return (keys, bits, shift);
    }
}

/// The bits of `word`, lower-cased, in `index` (0 when it is in no table).
#[inline]
pub(crate) fn flags_in(index: &Index, word: &str) -> u32 {
    let n = word.len();
    if n.wrapping_sub(1) < 8 {
        let key = load(word.as_bytes());
        if key & TOP == 0 {
            return index.get_short(lower_ascii(key));
        }
    }
    flags_long(index, word)
}

/// [`flags_in`] for the word `word` starting at byte `start` of `text`:
/// a word of up to sixteen bytes is read as one or two unaligned loads of
/// the bytes there (masked to its length) when the text has them, instead
/// of piecing it together by its length.
#[inline(always)]
pub(crate) fn flags_at(index: &Index, text: &[u8], start: usize, word: &str) -> u32 {
    let n = word.len();
    if n.wrapping_sub(1) < 8 {
        if let Some(chunk) = text.get(start..start + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let key = x & (u64::MAX >> (64 - 8 * n));
            if key & TOP == 0 {
                return index.get_short(lower_ascii(key));
            }
        }
    }
    if n.wrapping_sub(9) < 8 {
        if let Some(chunk) = text.get(start..start + 16) {
            let lo = u64::from_le_bytes(chunk[..8].try_into().expect("eight bytes"));
            let hi = u64::from_le_bytes(chunk[8..].try_into().expect("eight bytes"));
            let hi = hi & (u64::MAX >> (128 - 8 * n));
            if (lo | hi) & TOP == 0 {
                return index.get_mid([lower_ascii(lo), lower_ascii(hi)]);
            }
        }
    }
    flags_in(index, word)
}

/// [`flags_in`] for words longer than eight bytes or outside ASCII.
#[inline(never)]
fn flags_long(index: &Index, word: &str) -> u32 {
    let n = word.len();
    if n > MAX_WORD || n == 0 {
        return 0;
    }
    let key = pack(word.as_bytes());
    if (key[0] | key[1] | key[2]) & TOP == 0 {
        let lower = [
            lower_ascii(key[0]),
            lower_ascii(key[1]),
            lower_ascii(key[2]),
        ];
        return index.get(&lower, n);
    }
    // Not ASCII. The common case, ASCII with typographic apostrophes
    // (`we’ll`), lower-cases without allocating: `’` is its own lower case.
    let mut buf = [0u8; MAX_WORD];
    let mut rest = word.as_bytes();
    let mut k = 0;
    while let Some((&b, tail)) = rest.split_first() {
        if b < 0x80 {
            buf[k] = b.to_ascii_lowercase();
            k += 1;
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix("’".as_bytes()) {
            buf[k..k + 3].copy_from_slice("’".as_bytes());
            k += 3;
            rest = tail;
        } else {
            break;
        }
    }
    if rest.is_empty() {
        return index.get(&pack(&buf[..k]), k);
    }
    let lower = word.to_lowercase();
    if lower.len() > MAX_WORD {
        return 0;
    }
    index.get(&pack(lower.as_bytes()), lower.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_matches_bytewise_lower_casing() {
        let words = [
            "",
            "a",
            "Of",
            "THE",
            "said",
            "Saidx",
            "General",
            "SPOKESMAN",
            "ab@[`{z",
            "0123456789",
            "Vice-President",
            "abcdefghijklmnopqrstuvwx",
            "@AZ[`az{",
        ];
        for w in words {
            let lower: Vec<u8> = w.bytes().map(|b| b.to_ascii_lowercase()).collect();
            let mut expect = [0u64; 3];
            for (k, &b) in lower.iter().enumerate() {
                expect[k / 8] |= (b as u64) << (8 * (k % 8));
            }
            let k = pack(w.as_bytes());
            let got = [lower_ascii(k[0]), lower_ascii(k[1]), lower_ascii(k[2])];
            assert_eq!(got, expect, "{w}");
        }
    }

    #[test]
    fn an_index_finds_its_words_of_every_length_and_nothing_else() {
        let words = [
            "a",
            "said",
            "eightchr",
            "ninechars",
            "sixteen-chars-xx",
            "seventeen-chars-x",
            "abcdefghijklmnopqrstuvwx",
        ];
        let m: BTreeMap<&str, u32> = words
            .iter()
            .enumerate()
            .map(|(i, &w)| (w, 1 << i))
            .collect();
        let index = Index::build(&m);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(flags_in(&index, w), 1 << i, "{w}");
            assert_eq!(flags_in(&index, &w.to_uppercase()), 1 << i, "{w}");
            assert_eq!(flags_in(&index, &format!("{w}s")), 0, "{w}s");
        }
        assert_eq!(flags_in(&index, ""), 0);
        assert_eq!(flags_in(&index, "abcdefghijklmnopqrstuvwxy"), 0);
    }
}
