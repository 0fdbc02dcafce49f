//! The capitalised-name finder: runs of capitalised words, with titles
//! (`Kremlin spokesman`, `Russian President`) stripped, classified as
//! person-like or organisation-like, and an index from a surname to the
//! fullest name the document gives for it (`Peskov` → `Dmitry Peskov`).
//!
//! It knows no names: a run is person-like by its shape (two to four
//! capitalised words, none an organisation word or a title, not in a
//! title-case headline). A lone surname is a person when the document
//! also gives the full name, or when a title stands before it.
//!
//! The finder is in `find`, the surname index and its look-ups in
//! `index`, byte-class word helpers in `words`.

mod find;
mod index;
#[cfg(test)]
mod tests;
mod words;

use super::text::Doc;
use index::{ByLast, Surname, MEMO};
use std::cell::{Cell, RefCell};

pub(crate) use words::last_word;

/// One capitalised run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name<'a> {
    /// First token of the run (titles included).
    pub a: usize,
    /// One past the last token of the run.
    pub b: usize,
    /// First token of the name proper (after titles).
    pub na: usize,
    /// The name proper as written, possessive stripped.
    pub text: &'a str,
    /// The last word, possessive stripped.
    pub last: &'a str,
    /// Words in the name proper.
    pub words: usize,
    /// Person-like.
    pub person: bool,
    /// A title stood before the name proper.
    pub titled: bool,
    /// The run ends in a possessive (`Zelenskyy’s commissioner`).
    pub poss: bool,
    /// Inside a quotation.
    pub quoted: bool,
    /// The sentence.
    pub sent: usize,
}

/// All names of a document and the surname index.
#[derive(Debug, Default)]
pub(crate) struct Names<'a> {
    /// Names in text order.
    pub list: Vec<Name<'a>>,
    /// The surnames of the full names of persons (two words or more),
    /// sorted by [`Surname::key`]: a sorted vector searched by halving,
    /// instead of a hash map built and dropped per document.
    full: Vec<Surname<'a>>,
    /// Every full name of a person as `(first token, name)`, grouped by
    /// surname in the order of `full`, in text order within a surname.
    mentions: Vec<(usize, &'a str)>,
    /// True when some surname is shared by more than one first name.
    shared: bool,
    /// A 256-bit filter of the surnames in `full` ([`filter_bit`]).
    filter: [u64; 4],
    /// Answers of [`Names::fullest`], in the slot of the name's address
    /// and length: `(address, length, answer)`, the answer an index in
    /// `full` or `u32::MAX` for the name itself (address 0: empty; no
    /// string is at address 0).
    /// (No borrowed strings in a `Cell`: that would make `Names`
    /// invariant in its lifetime.)
    memo: [Cell<(usize, usize, u32)>; MEMO],
    /// Kept empty: the vector the index is built in, for the scratch store.
    by_last: Vec<ByLast<'a>>,
}

/// The vectors of a dropped [`Names`], kept for the next document on
/// the same thread, as [`Doc`]'s are: the name list of a document is
/// tens of kilobytes, and allocating and freeing it per document cost
/// more than finding the names of a short one.
#[derive(Default)]
struct Scratch {
    list: Vec<Name<'static>>,
    full: Vec<Surname<'static>>,
    mentions: Vec<(usize, &'static str)>,
    by_last: Vec<ByLast<'static>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// `v` emptied, as a vector of the same type with any lifetime, keeping
/// its allocation (`collect`'s in-place path; no `unsafe`, and
/// `scratch_reuses_the_allocations` checks that the allocation is kept).
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("empty")).collect()
}

impl Drop for Names<'_> {
    fn drop(&mut self) {
        let mut back = Scratch {
            list: recycle(std::mem::take(&mut self.list)),
            full: recycle(std::mem::take(&mut self.full)),
            mentions: recycle(std::mem::take(&mut self.mentions)),
            by_last: recycle(std::mem::take(&mut self.by_last)),
        };
        // names made while others were alive got fresh vectors: keep the
        // larger set
        let _ = SCRATCH.try_with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                if c.list.capacity() <= back.list.capacity() {
                    std::mem::swap(&mut *c, &mut back);
                }
            }
        });
    }
}

impl<'a> Names<'a> {
    /// Finds the names of `doc`.
    pub fn new(doc: &Doc<'a>) -> Self {
        let scratch = SCRATCH
            .try_with(|c| c.try_borrow_mut().map(|mut c| std::mem::take(&mut *c)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let mut list: Vec<Name<'a>> = recycle(scratch.list);
        find::runs(doc, &mut list);
        let mut names = Names::indexed(list, scratch.by_last, scratch.full, scratch.mentions);
        // a lone surname is a person when a full name has it or a title
        // stands before it
        for i in 0..names.list.len() {
            let n = &names.list[i];
            if n.words == 1
                && !n.person
                && (n.titled || names.surname(n.last).is_some())
                && find::shape_single(n)
            {
                names.list[i].person = true;
            }
        }
        names
    }

    /// Index of the first name whose run ends after token `t`.
    pub fn first_ending_after(&self, t: usize) -> usize {
        self.list.partition_point(|n| n.b <= t)
    }
}
