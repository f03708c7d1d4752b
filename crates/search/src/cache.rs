//! Answers to recent queries, kept for as long as the index does not change.
//!
//! Search traffic repeats itself (the home page's browse, the themes' pages,
//! the same words typed by many readers), and an answer depends only on the
//! query and on the index's contents: an answer is kept with the generation
//! of the searcher that computed it and served again only by a searcher of
//! the same generation. Any commit or reload gives a new generation, so a
//! kept answer is never staler than a fresh search would be. The query is
//! the whole key, visibility included: an answer computed for staff is never
//! handed to the public.
//!
//! Bounded: at most [`ResultCache::capacity`] answers, the oldest forgotten
//! first; each answer is a page of hits and facet counts (a few kilobytes).

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use crate::{Query, SearchResults};

pub(crate) struct ResultCache {
    capacity: usize,
    inner: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    generation: u64,
    answers: HashMap<Query, SearchResults>,
    /// Insertion order, for forgetting the oldest.
    order: VecDeque<Query>,
}

impl ResultCache {
    /// A cache of `capacity` answers (0: none are kept).
    pub(crate) fn new(capacity: usize) -> ResultCache {
        ResultCache {
            capacity,
            inner: Mutex::new(Kept::default()),
        }
    }

    /// The kept answer to `query` computed by a searcher of `generation`.
    pub(crate) fn get(&self, generation: u64, query: &Query) -> Option<SearchResults> {
        if self.capacity == 0 {
            return None;
        }
        let kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.generation != generation {
            return None;
        }
        kept.answers.get(query).cloned()
    }

    /// Keeps `answer`, computed by a searcher of `generation`. Answers of an
    /// older generation are dropped; an answer of an older generation than
    /// those kept is not kept.
    pub(crate) fn put(&self, generation: u64, query: &Query, answer: &SearchResults) {
        if self.capacity == 0 {
            return;
        }
        let mut kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if generation < kept.generation {
            return;
        }
        if generation > kept.generation {
            kept.answers.clear();
            kept.order.clear();
            kept.generation = generation;
        }
        if kept.answers.contains_key(query) {
            return;
        }
        while kept.answers.len() >= self.capacity {
            let Some(oldest) = kept.order.pop_front() else {
                break;
            };
            kept.answers.remove(&oldest);
        }
        kept.answers.insert(query.clone(), answer.clone());
        kept.order.push_back(query.clone());
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .answers
            .len()
    }
}
