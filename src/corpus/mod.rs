//! Knowledge that only a corpus can give: which short lines are a site's
//! boilerplate ([`boilerplate`]), and which articles are copies of each other
//! ([`dedup`]).
//!
//! Both are built in input order and are deterministic: the same inputs give
//! the same profile and the same duplicate decisions whatever the thread
//! count. Neither keeps article text: the boilerplate learner keeps counts of
//! short lines (bounded by lossy counting), the duplicate index a few bytes per
//! article.

pub mod boilerplate;
pub mod dedup;

pub use boilerplate::{Learner, PROFILE_VERSION, Profile};
pub use dedup::{DupIndex, Duplicate, DuplicateDecision, Signature, SignatureRecord};
