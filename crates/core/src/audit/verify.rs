//! Checking a chain: recompute every link and compare with what is stored.

use super::{link, AuditEvent, ChainHash};

/// What is wrong where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Break {
    /// The next row in storage order carries another sequence number: rows were removed,
    /// inserted or reordered.
    #[error("this row is missing (the next stored row is row {found})")]
    OutOfSequence {
        /// The sequence number the next stored row carries.
        found: i64,
    },
    /// The row's fields, its position or its predecessor do not match its stored hash:
    /// something was edited.
    #[error("the row does not match its hash (edited, moved or replaced)")]
    HashMismatch,
    /// The chain's head says more rows exist than are stored: the tail was removed.
    #[error("this row is missing: the chain's head says it ends at row {head}")]
    TailMissing {
        /// The last sequence number according to the head.
        head: i64,
    },
    /// Rows are stored past the chain's head: they were added without going through it.
    #[error("this row lies past the chain's head, which ends at row {head}")]
    PastHead {
        /// The last sequence number according to the head.
        head: i64,
    },
    /// The last row's hash is not the one the head records.
    #[error("the last row's hash is not the one recorded in the chain's head")]
    HeadMismatch,
    /// The stored row cannot be read back as an event (a field holds what Cartable never
    /// writes), so it was edited.
    #[error("the row cannot be read: {0}")]
    Unreadable(String),
}

/// The first place a chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit chain broken at row {seq}: {why}")]
pub struct ChainBroken {
    /// The sequence number of the first row that is wrong or missing.
    pub seq: i64,
    /// What is wrong there.
    pub why: Break,
}

/// Verifies a chain one row at a time, so that a store can stream rows from the database
/// instead of loading a whole chain. Feed rows in sequence order with [`ChainVerifier::push`]
/// (stop at the first error), then compare with the head with [`ChainVerifier::finish`].
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: ChainHash,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            last_seq: 0,
            last_hash: ChainHash::GENESIS,
        }
    }
}

impl ChainVerifier {
    /// A verifier at the start of a chain.
    pub fn new() -> ChainVerifier {
        ChainVerifier::default()
    }

    /// Checks the next stored row: it must carry the next sequence number and its stored
    /// hash must be the link from the previous row.
    pub fn push(
        &mut self,
        seq: i64,
        event: &AuditEvent,
        stored: &ChainHash,
    ) -> Result<(), ChainBroken> {
        let expected = self.last_seq.saturating_add(1);
        if seq != expected {
            return Err(ChainBroken {
                seq: expected,
                why: Break::OutOfSequence { found: seq },
            });
        }
        if link(&self.last_hash, seq, event) != *stored {
            return Err(ChainBroken {
                seq,
                why: Break::HashMismatch,
            });
        }
        self.last_seq = seq;
        self.last_hash = *stored;
        Ok(())
    }

    /// The break to report for the next stored row when it cannot be read back as an event
    /// (`seq` is its sequence number, if even that could be read): a row out of sequence is
    /// reported as such, otherwise the row itself is unreadable.
    pub fn unreadable(&self, seq: Option<i64>, why: String) -> ChainBroken {
        let expected = self.last_seq.saturating_add(1);
        match seq {
            Some(found) if found != expected => ChainBroken {
                seq: expected,
                why: Break::OutOfSequence { found },
            },
            _ => ChainBroken {
                seq: expected,
                why: Break::Unreadable(why),
            },
        }
    }

    /// Compares the end of the rows with the chain's head (`None` when there is no head: then
    /// there must be no rows either) and returns how many rows were checked.
    pub fn finish(self, head: Option<(i64, ChainHash)>) -> Result<u64, ChainBroken> {
        let (head_seq, head_hash) = head.unwrap_or((0, ChainHash::GENESIS));
        if head_seq > self.last_seq {
            return Err(ChainBroken {
                seq: self.last_seq.saturating_add(1),
                why: Break::TailMissing { head: head_seq },
            });
        }
        if head_seq < self.last_seq {
            return Err(ChainBroken {
                seq: head_seq.saturating_add(1),
                why: Break::PastHead { head: head_seq },
            });
        }
        if head_hash != self.last_hash {
            return Err(ChainBroken {
                seq: head_seq,
                why: Break::HeadMismatch,
            });
        }
        Ok(u64::try_from(self.last_seq).unwrap_or(0))
    }
}

/// Verifies a whole chain: `rows` as stored (sequence number, event, stored hash) in
/// sequence order, and the stored head. Returns how many rows were checked, or the first
/// row that is wrong or missing.
pub fn verify_chain(
    rows: impl IntoIterator<Item = (i64, AuditEvent, ChainHash)>,
    head: Option<(i64, ChainHash)>,
) -> Result<u64, ChainBroken> {
    let mut verifier = ChainVerifier::new();
    for (seq, event, stored) in rows {
        verifier.push(seq, &event, &stored)?;
    }
    verifier.finish(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditKind;
    use crate::Timestamp;

    type Row = (i64, AuditEvent, ChainHash);

    fn event(n: i64) -> AuditEvent {
        AuditEvent {
            at: Timestamp(1_710_748_800 + n),
            school: Some("0123456789abcdef0123456789abcdef".parse().unwrap()),
            actor: Some("fedcba9876543210fedcba9876543210".parse().unwrap()),
            ip: Some(format!("192.0.2.{n}")),
            session: None,
            kind: AuditKind::MessageSent,
            target: Some(format!("message {n}")),
            details: format!(r#"{{"subject":"message {n}"}}"#),
        }
    }

    /// A well-formed chain of `n` rows and its head.
    fn chain(n: i64) -> (Vec<Row>, Option<(i64, ChainHash)>) {
        let mut prev = ChainHash::GENESIS;
        let rows: Vec<Row> = (1..=n)
            .map(|seq| {
                let event = event(seq);
                prev = link(&prev, seq, &event);
                (seq, event, prev)
            })
            .collect();
        let head = rows.last().map(|(seq, _, hash)| (*seq, *hash));
        (rows, head)
    }

    fn broken(rows: Vec<Row>, head: Option<(i64, ChainHash)>) -> ChainBroken {
        verify_chain(rows, head).unwrap_err()
    }

    #[test]
    fn a_good_chain_verifies() {
        let (rows, head) = chain(5);
        assert_eq!(verify_chain(rows, head), Ok(5));
        assert_eq!(verify_chain(Vec::new(), None), Ok(0));
        assert_eq!(
            verify_chain(Vec::new(), Some((0, ChainHash::GENESIS))),
            Ok(0)
        );
    }

    #[test]
    fn tampered_details_are_detected_at_their_row() {
        let (mut rows, head) = chain(5);
        rows[2].1.details = r#"{"subject":"rien"}"#.into();
        assert_eq!(
            broken(rows, head),
            ChainBroken {
                seq: 3,
                why: Break::HashMismatch
            }
        );
    }

    #[test]
    fn a_tampered_ip_is_detected_at_its_row() {
        let (mut rows, head) = chain(5);
        rows[1].1.ip = Some("203.0.113.9".into());
        assert_eq!(broken(rows, head).seq, 2);
    }

    #[test]
    fn a_row_rehashed_after_tampering_breaks_the_next_row() {
        let (mut rows, head) = chain(5);
        rows[1].1.ip = Some("203.0.113.9".into());
        rows[1].2 = link(&rows[0].2, 2, &rows[1].1);
        assert_eq!(
            broken(rows, head),
            ChainBroken {
                seq: 3,
                why: Break::HashMismatch
            }
        );
    }

    #[test]
    fn a_deleted_middle_row_is_named() {
        let (mut rows, head) = chain(5);
        rows.remove(2);
        assert_eq!(
            broken(rows, head),
            ChainBroken {
                seq: 3,
                why: Break::OutOfSequence { found: 4 }
            }
        );
    }

    #[test]
    fn a_deleted_middle_row_with_renumbered_rows_breaks_the_hash() {
        let (mut rows, head) = chain(5);
        rows.remove(2);
        for (i, row) in rows.iter_mut().enumerate() {
            row.0 = i64::try_from(i).unwrap() + 1;
        }
        assert_eq!(broken(rows, head).seq, 3);
    }

    #[test]
    fn a_deleted_first_row_is_named() {
        let (mut rows, head) = chain(3);
        rows.remove(0);
        assert_eq!(broken(rows, head).seq, 1);
    }

    #[test]
    fn a_deleted_last_row_is_caught_by_the_head() {
        let (mut rows, head) = chain(5);
        rows.pop();
        assert_eq!(
            broken(rows, head),
            ChainBroken {
                seq: 5,
                why: Break::TailMissing { head: 5 }
            }
        );
    }

    #[test]
    fn a_removed_head_with_rows_left_is_caught() {
        let (rows, _) = chain(2);
        assert_eq!(
            broken(rows, None),
            ChainBroken {
                seq: 1,
                why: Break::PastHead { head: 0 }
            }
        );
    }

    #[test]
    fn a_row_appended_past_the_head_is_caught() {
        let (mut rows, head) = chain(3);
        let extra = event(4);
        let hash = link(&rows[2].2, 4, &extra);
        rows.push((4, extra, hash));
        assert_eq!(broken(rows, head).why, Break::PastHead { head: 3 });
    }

    #[test]
    fn a_head_with_another_hash_is_caught() {
        let (rows, head) = chain(3);
        let (seq, _) = head.unwrap();
        assert_eq!(
            broken(rows, Some((seq, ChainHash::GENESIS))),
            ChainBroken {
                seq: 3,
                why: Break::HeadMismatch
            }
        );
    }

    #[test]
    fn swapped_rows_are_detected() {
        let (mut rows, head) = chain(5);
        rows.swap(1, 2);
        assert_eq!(
            broken(rows, head),
            ChainBroken {
                seq: 2,
                why: Break::OutOfSequence { found: 3 }
            }
        );
        // The same swap with the sequence numbers left in place: the contents moved.
        let (mut rows, head) = chain(5);
        let (second, third) = (rows[1].clone(), rows[2].clone());
        rows[1] = (2, third.1, third.2);
        rows[2] = (3, second.1, second.2);
        assert_eq!(
            broken(rows, head),
            ChainBroken {
                seq: 2,
                why: Break::HashMismatch
            }
        );
    }

    #[test]
    fn an_unreadable_row_is_named_unless_a_row_is_missing_before_it() {
        let (rows, _) = chain(2);
        let mut verifier = ChainVerifier::new();
        for (seq, event, hash) in &rows {
            verifier.push(*seq, event, hash).unwrap();
        }
        assert_eq!(
            verifier.unreadable(Some(3), "kind".into()),
            ChainBroken {
                seq: 3,
                why: Break::Unreadable("kind".into())
            }
        );
        assert_eq!(verifier.unreadable(None, "seq".into()).seq, 3);
        assert_eq!(
            verifier.unreadable(Some(7), "kind".into()),
            ChainBroken {
                seq: 3,
                why: Break::OutOfSequence { found: 7 }
            }
        );
    }

    #[test]
    fn a_row_from_another_chain_is_detected() {
        let (mut rows, head) = chain(3);
        let mut other = event(2);
        other.school = None;
        let foreign_hash = link(&ChainHash::GENESIS, 2, &other);
        rows[1] = (2, other, foreign_hash);
        assert_eq!(broken(rows, head).seq, 2);
    }
}
