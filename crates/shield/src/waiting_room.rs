//! The waiting room: browsers the server cannot admit yet wait their turn, first come first
//! served, and are told where they stand.
//!
//! Each newcomer draws the next number of a queue, as at a counter. The number travels in a
//! [`Ticket`] that the web layer signs with the server's key and keeps in a cookie, bound to
//! the network the browser came from: refreshing the page shows the same ticket (no new
//! number), opening more tabs shares it, and a forged or borrowed ticket is refused. The
//! server calls [`WaitingRoom::admit`] as capacity frees up; a ticket whose number has been
//! called is let in. The time to wait is estimated from the pace of the last admissions.
//!
//! Pure logic with time passed in: the web layer serves the page (static, no database) and
//! the admission control decides how many to call.

use cartable_core::Timestamp;
use std::sync::{Mutex, PoisonError};

/// A place in the queue, as the browser holds it (signed by the web layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The room that drew it: a restarted server's queue starts again, and a ticket of the
    /// queue before does not stand in it.
    room: u64,
    /// Its number: lower numbers are let in first.
    number: u64,
    /// The network it was drawn from (an IPv4 /24 or IPv6 /56, as the web layer writes it):
    /// the ticket is valid only from there.
    network: String,
}

impl Ticket {
    /// Its text, which the web layer signs: `v1.<room>.<number>.<network>`.
    pub fn text(&self) -> String {
        format!("v1.{}.{}.{}", self.room, self.number, self.network)
    }

    /// Reads a ticket's text back; `None` if it is not one this server writes.
    pub fn parse(text: &str) -> Option<Ticket> {
        let rest = text.strip_prefix("v1.")?;
        let (room, rest) = rest.split_once('.')?;
        let (number, network) = rest.split_once('.')?;
        let valid = !network.is_empty()
            && network.len() <= 64
            && network
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b'/'));
        valid.then_some(())?;
        Some(Ticket {
            room: room.parse().ok()?,
            number: number.parse().ok()?,
            network: network.to_owned(),
        })
    }
}

/// Where a waiting browser stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Its number was called: let it in.
    Admitted,
    /// Still waiting: how many are ahead of it, and roughly how long it will wait (seconds),
    /// when the pace of admissions is known.
    Waiting {
        /// Tickets ahead of this one that have not been let in.
        ahead: u64,
        /// Estimated seconds before its turn.
        eta_seconds: Option<u64>,
    },
    /// The ticket is not valid here (drawn from another network, by another room, or never
    /// drawn).
    Refused,
}

#[derive(Debug, Default)]
struct Queue {
    /// The next number to hand out.
    next: u64,
    /// Every number below this one has been called.
    called: u64,
    /// Admissions per second, smoothed; when it was last updated, and the admissions since.
    pace: Option<f64>,
    paced_at: Option<Timestamp>,
    since_paced: u64,
}

/// The queue of one server.
#[derive(Debug)]
pub struct WaitingRoom {
    /// Drawn at random when the server starts: see [`Ticket`].
    id: u64,
    queue: Mutex<Queue>,
}

/// How much the latest second of admissions weighs in the pace (the rest is the past).
const PACE_WEIGHT: f64 = 0.3;

impl WaitingRoom {
    /// An empty room, `id` drawn at random when the server starts.
    pub fn new(id: u64) -> WaitingRoom {
        WaitingRoom {
            id,
            queue: Mutex::default(),
        }
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new place at the end of the queue for a browser from `network`.
    pub fn enter(&self, network: &str) -> Ticket {
        let mut queue = self.queue();
        let number = queue.next;
        queue.next += 1;
        Ticket {
            room: self.id,
            number,
            network: network.to_owned(),
        }
    }

    /// Calls the next `count` numbers at `now` (capacity freed up for them).
    pub fn admit(&self, count: u64, now: Timestamp) {
        let mut queue = self.queue();
        let called = queue.called.saturating_add(count).min(queue.next);
        let admitted = called - queue.called;
        queue.called = called;
        queue.since_paced += admitted;
        let Some(paced_at) = queue.paced_at else {
            queue.paced_at = Some(now);
            queue.since_paced = 0;
            return;
        };
        let seconds = now.0.saturating_sub(paced_at.0);
        if seconds > 0 {
            let rate = queue.since_paced as f64 / seconds as f64;
            queue.pace = Some(match queue.pace {
                Some(pace) => pace * (1.0 - PACE_WEIGHT) + rate * PACE_WEIGHT,
                None => rate,
            });
            queue.paced_at = Some(now);
            queue.since_paced = 0;
        }
    }

    /// How many are waiting.
    pub fn waiting(&self) -> u64 {
        let queue = self.queue();
        queue.next - queue.called
    }

    /// Where `ticket`, presented from `network`, stands.
    pub fn turn(&self, ticket: &Ticket, network: &str) -> Turn {
        let queue = self.queue();
        if ticket.room != self.id || ticket.network != network || ticket.number >= queue.next {
            return Turn::Refused;
        }
        if ticket.number < queue.called {
            return Turn::Admitted;
        }
        let ahead = ticket.number - queue.called;
        // Rounded up to whole seconds.
        let eta_seconds = queue
            .pace
            .filter(|pace| *pace > 0.0)
            .map(|pace| ((ahead + 1) as f64 / pace).ceil() as u64);
        Turn::Waiting { ahead, eta_seconds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_800_000_000);
    const SCHOOL: &str = "192.0.2.0/24";

    #[test]
    fn tickets_are_let_in_in_the_order_they_were_drawn() {
        let room = WaitingRoom::new(7);
        let tickets: Vec<Ticket> = (0..5).map(|_| room.enter(SCHOOL)).collect();
        room.admit(2, NOW);
        let turns: Vec<Turn> = tickets.iter().map(|t| room.turn(t, SCHOOL)).collect();
        assert_eq!(turns[0], Turn::Admitted);
        assert_eq!(turns[1], Turn::Admitted);
        assert!(matches!(turns[2], Turn::Waiting { ahead: 0, .. }));
        assert!(matches!(turns[4], Turn::Waiting { ahead: 2, .. }));
        assert_eq!(room.waiting(), 3);
    }

    #[test]
    fn refreshing_or_a_new_tab_cannot_jump_the_queue() {
        let room = WaitingRoom::new(7);
        let mine = room.enter(SCHOOL);
        let later = room.enter(SCHOOL);
        // A refresh presents the same ticket: same place. A tab without it draws a new
        // number, behind everyone already waiting.
        let new_tab = room.enter(SCHOOL);
        room.admit(1, NOW);
        assert_eq!(room.turn(&mine, SCHOOL), Turn::Admitted);
        assert!(matches!(
            room.turn(&later, SCHOOL),
            Turn::Waiting { ahead: 0, .. }
        ));
        assert!(matches!(
            room.turn(&new_tab, SCHOOL),
            Turn::Waiting { ahead: 1, .. }
        ));
        // Calling more numbers than are waiting does not pre-admit those who come later.
        room.admit(10, NOW);
        let latecomer = room.enter(SCHOOL);
        assert!(matches!(
            room.turn(&latecomer, SCHOOL),
            Turn::Waiting { ahead: 0, .. }
        ));
    }

    #[test]
    fn a_ticket_is_valid_only_from_its_network_and_only_if_drawn() {
        let room = WaitingRoom::new(7);
        let ticket = room.enter(SCHOOL);
        room.admit(1, NOW);
        assert_eq!(room.turn(&ticket, "198.51.100.0/24"), Turn::Refused);
        // A number the room never handed out (a forged text that passed no signature
        // would not get here; this is the room's own check).
        let invented = Ticket::parse(&format!("v1.7.99.{SCHOOL}")).unwrap();
        assert_eq!(room.turn(&invented, SCHOOL), Turn::Refused);
        // A ticket of the room before a restart does not stand in the new queue.
        let restarted = WaitingRoom::new(8);
        (0..5).for_each(|_| drop(restarted.enter(SCHOOL)));
        assert_eq!(restarted.turn(&ticket, SCHOOL), Turn::Refused);
    }

    #[test]
    fn the_wait_is_estimated_from_the_pace_of_admissions() {
        let room = WaitingRoom::new(7);
        let tickets: Vec<Ticket> = (0..100).map(|_| room.enter(SCHOOL)).collect();
        assert!(matches!(
            room.turn(&tickets[50], SCHOOL),
            Turn::Waiting {
                eta_seconds: None,
                ..
            }
        ));
        room.admit(10, NOW);
        room.admit(10, NOW.plus_seconds(1));
        // Admissions one at a time within a second count as much as one call for ten.
        for _ in 0..10 {
            room.admit(1, NOW.plus_seconds(1));
        }
        room.admit(0, NOW.plus_seconds(2));
        // Ten a second, thirty ahead: four seconds to the turn of the thirty-first.
        assert_eq!(
            room.turn(&tickets[60], SCHOOL),
            Turn::Waiting {
                ahead: 30,
                eta_seconds: Some(4)
            }
        );
    }

    #[test]
    fn a_ticket_reads_back_as_written_and_odd_texts_are_refused() {
        let room = WaitingRoom::new(7);
        let ticket = room.enter("2001:db8:aa00::/56");
        assert_eq!(Ticket::parse(&ticket.text()), Some(ticket));
        for text in [
            "",
            "v1.",
            "v1.7.1.",
            "v2.7.1.192.0.2.0/24",
            "v1.7.x.192.0.2.0/24",
            "v1.x.1.192.0.2.0/24",
            "v1.7.1.<script>",
        ] {
            assert_eq!(Ticket::parse(text), None, "{text}");
        }
    }
}
