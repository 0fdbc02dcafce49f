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

/// Slots of the table of words of at most eight bytes: a power of two, at
/// least twice the number of such words (a cuckoo table with two choices
/// finds a place for every key up to about half full; the lexicon has
/// about 770, and [`Cuckoo::build`] says when they no longer fit).
const SHORT_SLOTS: usize = 2048;
/// Slots of the table of words of nine to sixteen bytes (about 220).
const MID_SLOTS: usize = 1024;

/// The word → bits index: open addressing over packed words, so a look-up
/// is a few loads and multiplications and one or two slot compares, with
/// no allocation.
pub(crate) struct Index {
    /// Words of at most eight bytes, by their one packed `u64` (a word
    /// holds no NUL byte, so the zero padding makes the key unique; 0 marks
    /// an empty slot). A cuckoo table: every key sits in one of its two
    /// slots ([`Cuckoo::slots`]), so a look-up reads both and compares
    /// without a branch — whether a word of news text is in the lexicon
    /// (about half are) is a coin toss the branch predictor loses.
    short: Cuckoo<u64, SHORT_SLOTS>,
    /// Words of nine to sixteen bytes, packed into two `u64`s: a cuckoo
    /// table like `short`.
    mid: Cuckoo<[u64; 2], MID_SLOTS>,
    /// Longer words: slot → 1 + entry number, 0 for an empty slot.
    slots: Vec<u16>,
    /// `(packed word, length, bits)`.
    entries: Vec<(Key, usize, u32)>,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

/// A key of a [`Cuckoo`] table: a packed word, hashed to one `u64` that
/// the table's two multipliers turn into its two slots.
trait CuckooKey: Copy + Default + PartialEq {
    fn hash(self) -> u64;
}

impl CuckooKey for u64 {
    #[inline(always)]
    fn hash(self) -> u64 {
        self
    }
}

impl CuckooKey for [u64; 2] {
    #[inline(always)]
    fn hash(self) -> u64 {
        self[0].wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self[1].wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
    }
}

/// A cuckoo table of `N` slots (a power of two): each key sits in one of
/// the two slots its hash gives with the two multipliers, so a look-up
/// reads both and combines them without a branch. `N` is a constant, so
/// a slot (the top bits of a product) is known to be in range: no bounds
/// check.
struct Cuckoo<K, const N: usize> {
    keys: Box<[K; N]>,
    bits: Box<[u32; N]>,
    /// The odd multipliers of the two slot hashes, chosen when the table
    /// is built so that every key has a place.
    mul: [u64; 2],
}

impl<K: CuckooKey, const N: usize> Cuckoo<K, N> {
    /// `64 - log2(N)`: a product shifted right by this is a slot.
    const SHIFT: u32 = {
        assert!(N.is_power_of_two() && N > 1);
        64 - N.trailing_zeros()
    };

    /// The two slots `key` may sit in.
    #[inline(always)]
    fn slots(key: K, mul: [u64; 2]) -> (usize, usize) {
        let h = key.hash();
        (
            (h.wrapping_mul(mul[0]) >> Self::SHIFT) as usize,
            (h.wrapping_mul(mul[1]) >> Self::SHIFT) as usize,
        )
    }

    /// The bits of `key` (0 when it is in neither of its slots).
    #[inline(always)]
    fn get(&self, key: K) -> u32 {
        let (a, b) = Self::slots(key, self.mul);
        let hit = |i: usize| (self.keys[i] == key) as u32;
        (hit(a).wrapping_neg() & self.bits[a]) | (hit(b).wrapping_neg() & self.bits[b])
    }

    /// The table of `items` (keys distinct and not `K::default()`, which
    /// marks an empty slot). Tries a fixed sequence of multiplier pairs
    /// until every key has a place.
    fn build(items: &[(K, u32)], what: &str) -> Self {
        let mut mul = [0x9E37_79B9_7F4A_7C15u64, 0xC2B2_AE3D_27D4_EB4F];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            // splitmix64, made odd
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) | 1
        };
        for _ in 0..64 {
            if let Some(t) = Self::try_build(items, mul) {
                return t;
            }
            mul = [next(), next()];
        }
        panic!(
            "lexicon index: the {} {what} do not fit in {N} slots; raise the table's size",
            items.len()
        );
    }

    /// The table of `items` with the multipliers `mul`, if every key finds
    /// a place.
    fn try_build(items: &[(K, u32)], mul: [u64; 2]) -> Option<Self> {
        if items.len() * 2 > N {
            return None;
        }
        let mut keys = vec![K::default(); N];
        let mut bits = vec![0u32; N];
        for &item in items {
            let (mut key, mut b) = item;
            let mut slot = Self::slots(key, mul).0;
            for _ in 0..N {
                std::mem::swap(&mut keys[slot], &mut key);
                std::mem::swap(&mut bits[slot], &mut b);
                if key == K::default() {
                    break;
                }
                // the evicted key moves to its other slot
                let (x, y) = Self::slots(key, mul);
                slot = if x == slot { y } else { x };
            }
            if key != K::default() {
                return None;
            }
        }
        Some(Cuckoo {
            keys: keys.into_boxed_slice().try_into().ok()?,
            bits: bits.into_boxed_slice().try_into().ok()?,
            mul,
        })
    }
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
        let mid: Vec<([u64; 2], u32)> = merged
            .iter()
            .filter(|(w, _)| (9..=16).contains(&w.len()))
            .map(|(w, &bits)| {
                let k = pack(w.as_bytes());
                ([k[0], k[1]], bits)
            })
            .collect();
        let mut index = Index {
            short: Cuckoo::build(&short, "words of at most 8 bytes"),
            mid: Cuckoo::build(&mid, "words of 9 to 16 bytes"),
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
    #[inline(always)]
    fn get_short(&self, key: u64) -> u32 {
        self.short.get(key)
    }

    /// The bits of the word of nine to sixteen bytes packed as `key`.
    #[inline(always)]
    fn get_mid(&self, key: [u64; 2]) -> u32 {
        self.mid.get(key)
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

/// [`flags_in`] for the word of `n` ASCII letters and digits (and nothing
/// else) starting at byte `start` of `text`, where `n >= 1`: such a word
/// lower-cases by setting bit 5 of every byte (a digit has it already), so
/// a word of up to sixteen bytes is one or two unaligned loads, an OR and
/// a mask to its length.
#[inline(always)]
pub(crate) fn flags_alnum(index: &Index, text: &str, start: usize, n: usize) -> u32 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let bytes = text.as_bytes();
    debug_assert!(
        n >= 1
            && bytes[start..start + n]
                .iter()
                .all(u8::is_ascii_alphanumeric)
    );
    if n <= 8 {
        if let Some(chunk) = bytes.get(start..start + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            return index.get_short((x | LOWER) & LEN_MASK[n]);
        }
    } else if n <= 16 {
        if let Some(chunk) = bytes.get(start..start + 16) {
            return flags_alnum16(index, chunk.try_into().expect("sixteen bytes"), n);
        }
    }
    // near the end of the text, or a long word
    flags_in(index, &text[start..start + n])
}

/// [`flags_alnum`] for the word of `n` ASCII letters and digits, `1 <= n
/// <= 16`, that starts the sixteen bytes `chunk` (the bytes after it are
/// masked off).
#[inline(always)]
pub(crate) fn flags_alnum16(index: &Index, chunk: &[u8; 16], n: usize) -> u32 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    debug_assert!((1..=16).contains(&n));
    let lo = u64::from_le_bytes(chunk[..8].try_into().expect("eight bytes"));
    if n <= 8 {
        return index.get_short((lo | LOWER) & LEN_MASK[n]);
    }
    let hi = u64::from_le_bytes(chunk[8..].try_into().expect("eight bytes"));
    index.get_mid([lo | LOWER, (hi | LOWER) & LEN_MASK[n - 8]])
}

/// The word `word` of one to eight ASCII bytes packed into a `u64` and
/// lower-cased (what [`short_packed`] gives for its lower case); `None`
/// for a longer, empty or non-ASCII word.
#[inline(always)]
pub(crate) fn short_key(word: &str) -> Option<u64> {
    if word.len().wrapping_sub(1) >= 8 {
        return None;
    }
    let key = load(word.as_bytes());
    (key & TOP == 0).then(|| lower_ascii(key))
}

/// `word` (at most eight bytes) packed into a `u64`, zero-padded.
#[inline(always)]
pub(crate) fn short_packed(word: &str) -> u64 {
    load(word.as_bytes())
}

/// `LEN_MASK[n]`: the low `n` bytes of a `u64` set.
const LEN_MASK: [u64; 9] = {
    let mut t = [0u64; 9];
    let mut n = 1;
    while n <= 8 {
        t[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    t
};

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

    #[test]
    fn the_alnum_look_up_agrees_with_the_general_one() {
        let words = [
            "a",
            "Said",
            "SAID",
            "eightchr",
            "nine9char",
            "Sixteen0charsxx",
            "x",
        ];
        let m: BTreeMap<&str, u32> = [("said", 1), ("eightchr", 2), ("nine9char", 4)]
            .into_iter()
            .collect();
        let index = Index::build(&m);
        for w in words {
            // at the end of the text (fewer than 8 or 16 bytes after the
            // start) and with bytes after it
            for text in [w.to_string(), format!("{w} said more words here, and more")] {
                let want = flags_in(&index, w);
                assert_eq!(flags_alnum(&index, &text, 0, w.len()), want, "{text}");
                let shifted = format!("x {text}");
                assert_eq!(flags_alnum(&index, &shifted, 2, w.len()), want, "{text}");
            }
        }
        assert_eq!(flags_alnum(&index, "SAID", 0, 4), 1);
        assert_eq!(flags_alnum(&index, "saidx", 0, 4), 1);
        assert_eq!(flags_alnum(&index, "saidx", 0, 5), 0);
    }

    #[test]
    fn a_cuckoo_table_holds_up_to_half_its_slots() {
        for n in 0..=32u64 {
            let items: Vec<(u64, u32)> = (1..=n).map(|k| (k * 0x0101, k as u32)).collect();
            let t = Cuckoo::<u64, 64>::build(&items, "test keys");
            for &(k, b) in &items {
                assert_eq!(t.get(k), b);
            }
            assert_eq!(t.get(0x7777), 0);
        }
    }

    #[test]
    #[should_panic(expected = "do not fit in 64 slots")]
    fn a_full_cuckoo_table_says_so() {
        let items: Vec<(u64, u32)> = (1..=33u64).map(|k| (k, 1)).collect();
        Cuckoo::<u64, 64>::build(&items, "test keys");
    }
}
