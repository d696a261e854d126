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
//! Browsers come back with their ticket: the page reloads itself within
//! [`FIRST_RETURN_SECONDS`] of drawing it. A ticket nobody came back with is *abandoned*:
//! its holder gave up, or was a bot that keeps no cookie and draws a new number with each
//! request. [`WaitingRoom::judge`] counts them against the tickets that came back, so that
//! a flood spread over many networks, which stays under every rate limit, shows for what it
//! is, while an honest surge of the same size does not.
//!
//! Someone let in without waiting, while a queue forms behind them, holds a [`pass`]: a
//! ticket that stands as called, so that the next pages of their visit are not sent to the
//! back of that queue.
//!
//! [`pass`]: WaitingRoom::pass
//!
//! Pure logic with time passed in: the web layer serves the page (static, no database) and
//! the admission control decides how many to call.

use cartable_core::Timestamp;
use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

/// A browser comes back within this many seconds of drawing a number: the web layer never
/// asks it to wait longer before its first return.
pub const FIRST_RETURN_SECONDS: u64 = 3;
/// A ticket not presented again this long after it was drawn is abandoned (three times the
/// first return, for slow networks and busy phones).
const ABANDONED_AFTER_SECONDS: i64 = 3 * FIRST_RETURN_SECONDS as i64;
/// The number of a [`WaitingRoom::pass`]: below every number drawn, so always called.
const PASS_NUMBER: u64 = 0;
/// The most tickets watched for their return at once (16 bytes each); beyond, the oldest
/// are judged early.
const MAX_WATCHED: usize = 1 << 20;

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

    /// Whether it is a [`WaitingRoom::pass`]: someone let in without waiting, who skips the
    /// queue but earns nothing by it (a called number is let in on a higher share).
    pub fn is_pass(&self) -> bool {
        self.number == PASS_NUMBER
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

/// A recent ticket, until it is judged.
#[derive(Debug)]
struct Watched {
    /// When it was drawn.
    drawn: Timestamp,
    /// Whether it was presented again.
    back: bool,
}

#[derive(Debug)]
struct Queue {
    /// The next number to hand out.
    next: u64,
    /// Every number below this one has been called.
    called: u64,
    /// Admissions per second, smoothed; when it was last updated, and the admissions since.
    pace: Option<f64>,
    paced_at: Option<Timestamp>,
    since_paced: u64,
    /// The tickets from number `watched_from` on, not judged yet, oldest first.
    watched: VecDeque<Watched>,
    watched_from: u64,
    /// Tickets that left the watch list full before their time and had not come back.
    abandoned_early: u64,
}

impl Queue {
    /// An empty queue: numbers are drawn from just above [`PASS_NUMBER`], which stands as
    /// called from the start.
    fn new() -> Queue {
        let first = PASS_NUMBER + 1;
        Queue {
            next: first,
            called: first,
            pace: None,
            paced_at: None,
            since_paced: 0,
            watched: VecDeque::new(),
            watched_from: first,
            abandoned_early: 0,
        }
    }
}

/// What [`WaitingRoom::judge`] found of the tickets it judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    /// Presented again: a browser waiting its turn.
    pub came_back: u64,
    /// Never presented again: someone who gave up, or a bot that keeps no cookie.
    pub abandoned: u64,
}

impl Judged {
    /// The abandoned tickets beyond those that came back. People give up in any crowd, a
    /// long wait at 9:00 may lose a good share of it; only when most tickets drawn are never
    /// used is the queue being filled by something that is not waiting.
    pub fn beyond_came_back(self) -> u64 {
        self.abandoned.saturating_sub(self.came_back)
    }
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
            queue: Mutex::new(Queue::new()),
        }
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new place at the end of the queue for a browser from `network`, drawn at `now`.
    pub fn enter(&self, network: &str, now: Timestamp) -> Ticket {
        let mut queue = self.queue();
        let number = queue.next;
        queue.next += 1;
        if queue.watched.len() >= MAX_WATCHED {
            if let Some(oldest) = queue.watched.pop_front() {
                queue.watched_from += 1;
                queue.abandoned_early += u64::from(!oldest.back);
            }
        }
        queue.watched.push_back(Watched {
            drawn: now,
            back: false,
        });
        Ticket {
            room: self.id,
            number,
            network: network.to_owned(),
        }
    }

    /// A ticket for someone from `network` let in without drawing a number: it stands as
    /// called in this room (and no other), so their next requests are let in even if a queue
    /// formed meanwhile. It is neither counted in the pace nor watched for its return.
    pub fn pass(&self, network: &str) -> Ticket {
        Ticket {
            room: self.id,
            number: PASS_NUMBER,
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

    /// Roughly how long someone drawing a number now would wait (seconds), when the pace
    /// of admissions is known: the waiting room's wait time, as operators watch it.
    pub fn expected_wait_seconds(&self) -> Option<u64> {
        let queue = self.queue();
        eta_seconds(queue.next - queue.called, queue.pace)
    }

    /// Judges the tickets drawn at least [`ABANDONED_AFTER_SECONDS`] before `now` and not
    /// judged yet: which came back, which were abandoned. For each abandoned one still
    /// waiting, the queue moves one place on (without counting it in the pace of
    /// admissions).
    pub fn judge(&self, now: Timestamp) -> Judged {
        let mut queue = self.queue();
        let mut judged = Judged {
            came_back: 0,
            abandoned: std::mem::take(&mut queue.abandoned_early),
        };
        while let Some(oldest) = queue.watched.front() {
            if now.0 - oldest.drawn.0 < ABANDONED_AFTER_SECONDS {
                break;
            }
            if oldest.back {
                judged.came_back += 1;
            } else {
                judged.abandoned += 1;
                // Nobody will come for this number: the queue moves one place on, so the
                // people behind a flood's tickets are not kept waiting for them.
                if queue.watched_from >= queue.called {
                    queue.called = (queue.called + 1).min(queue.next);
                }
            }
            queue.watched.pop_front();
            queue.watched_from += 1;
        }
        judged
    }

    /// Where `ticket`, presented from `network`, stands; the ticket counts as come back.
    pub fn turn(&self, ticket: &Ticket, network: &str) -> Turn {
        let mut queue = self.queue();
        let turn = self.place(&queue, ticket, network);
        if turn != Turn::Refused {
            if let Some(index) = ticket.number.checked_sub(queue.watched_from) {
                if let Some(watched) = queue.watched.get_mut(index as usize) {
                    watched.back = true;
                }
            }
        }
        turn
    }

    /// Where `ticket` stands, as shown to the browser that just drew it (it has not come
    /// back yet).
    pub fn peek(&self, ticket: &Ticket, network: &str) -> Turn {
        self.place(&self.queue(), ticket, network)
    }

    fn place(&self, queue: &Queue, ticket: &Ticket, network: &str) -> Turn {
        if ticket.room != self.id || ticket.network != network || ticket.number >= queue.next {
            return Turn::Refused;
        }
        if ticket.number < queue.called {
            return Turn::Admitted;
        }
        let ahead = ticket.number - queue.called;
        let eta_seconds = eta_seconds(ahead, queue.pace);
        Turn::Waiting { ahead, eta_seconds }
    }
}

/// The longest wait ever announced (a day): a queue that barely moves waits "longer than
/// anyone will", not a number of seconds past the age of the universe.
const LONGEST_ETA_SECONDS: u64 = 24 * 3600;

/// Seconds until the turn of someone with `ahead` people before them at `pace` admissions a
/// second, rounded up; `None` while no admission set the pace.
fn eta_seconds(ahead: u64, pace: Option<f64>) -> Option<u64> {
    pace.filter(|pace| *pace > 0.0).map(|pace| {
        let seconds = ((ahead + 1) as f64 / pace).ceil();
        (seconds.min(LONGEST_ETA_SECONDS as f64)) as u64
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_800_000_000);
    const SCHOOL: &str = "192.0.2.0/24";

    #[test]
    fn tickets_are_let_in_in_the_order_they_were_drawn() {
        let room = WaitingRoom::new(7);
        let tickets: Vec<Ticket> = (0..5).map(|_| room.enter(SCHOOL, NOW)).collect();
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
        let mine = room.enter(SCHOOL, NOW);
        let later = room.enter(SCHOOL, NOW);
        // A refresh presents the same ticket: same place. A tab without it draws a new
        // number, behind everyone already waiting.
        let new_tab = room.enter(SCHOOL, NOW);
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
        let latecomer = room.enter(SCHOOL, NOW);
        assert!(matches!(
            room.turn(&latecomer, SCHOOL),
            Turn::Waiting { ahead: 0, .. }
        ));
    }

    #[test]
    fn a_pass_stands_as_called_only_in_its_room_and_network_and_holds_nobody_up() {
        let room = WaitingRoom::new(7);
        let pass = room.pass(SCHOOL);
        assert_eq!(room.turn(&pass, SCHOOL), Turn::Admitted);
        let waiting = room.enter(SCHOOL, NOW);
        assert_eq!(room.turn(&pass, SCHOOL), Turn::Admitted);
        assert_eq!(room.turn(&pass, "198.51.100.0/24"), Turn::Refused);
        assert_eq!(WaitingRoom::new(8).turn(&pass, SCHOOL), Turn::Refused);
        // Nobody stands behind a pass: the first number drawn is next.
        assert!(matches!(
            room.turn(&waiting, SCHOOL),
            Turn::Waiting { ahead: 0, .. }
        ));
        assert_eq!(room.waiting(), 1);
        assert!(pass.is_pass() && !waiting.is_pass());
        assert_eq!(Ticket::parse(&pass.text()), Some(pass));
    }

    #[test]
    fn a_ticket_is_valid_only_from_its_network_and_only_if_drawn() {
        let room = WaitingRoom::new(7);
        let ticket = room.enter(SCHOOL, NOW);
        room.admit(1, NOW);
        assert_eq!(room.turn(&ticket, "198.51.100.0/24"), Turn::Refused);
        // A number the room never handed out (a forged text that passed no signature
        // would not get here; this is the room's own check).
        let invented = Ticket::parse(&format!("v1.7.99.{SCHOOL}")).unwrap();
        assert_eq!(room.turn(&invented, SCHOOL), Turn::Refused);
        // A ticket of the room before a restart does not stand in the new queue.
        let restarted = WaitingRoom::new(8);
        (0..5).for_each(|_| drop(restarted.enter(SCHOOL, NOW)));
        assert_eq!(restarted.turn(&ticket, SCHOOL), Turn::Refused);
    }

    #[test]
    fn the_wait_is_estimated_from_the_pace_of_admissions() {
        let room = WaitingRoom::new(7);
        let tickets: Vec<Ticket> = (0..100).map(|_| room.enter(SCHOOL, NOW)).collect();
        assert_eq!(room.expected_wait_seconds(), None);
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
        // Seventy waiting: the next to come would wait eight seconds.
        assert_eq!(room.expected_wait_seconds(), Some(8));
    }

    #[test]
    fn a_queue_that_barely_moves_announces_a_day_at_most() {
        let room = WaitingRoom::new(7);
        let tickets: Vec<Ticket> = (0..4).map(|_| room.enter(SCHOOL, NOW)).collect();
        // One admission in more than a day.
        room.admit(1, NOW);
        room.admit(1, NOW.plus_seconds(100_000));
        assert_eq!(room.expected_wait_seconds(), Some(LONGEST_ETA_SECONDS));
        assert!(matches!(
            room.turn(&tickets[3], SCHOOL),
            Turn::Waiting {
                ahead: 1,
                eta_seconds: Some(LONGEST_ETA_SECONDS)
            }
        ));
    }

    #[test]
    fn tickets_are_judged_once_as_come_back_or_abandoned() {
        let room = WaitingRoom::new(7);
        let browser = room.enter(SCHOOL, NOW);
        let bots: Vec<Ticket> = (0..30).map(|_| room.enter(SCHOOL, NOW)).collect();
        let late = room.enter(SCHOOL, NOW.plus_seconds(3));
        // Showing a ticket to the browser that drew it is not its return.
        room.peek(&bots[0], SCHOOL);
        // The browser's page reloads itself and presents its ticket; the bots never do.
        assert!(matches!(
            room.turn(&browser, SCHOOL),
            Turn::Waiting { ahead: 0, .. }
        ));
        // Not judged before their holders had time to come back.
        let nothing = Judged {
            came_back: 0,
            abandoned: 0,
        };
        assert_eq!(room.judge(NOW.plus_seconds(8)), nothing);
        let judged = room.judge(NOW.plus_seconds(9));
        assert_eq!(
            judged,
            Judged {
                came_back: 1,
                abandoned: 30
            }
        );
        assert_eq!(judged.beyond_came_back(), 29);
        assert_eq!(room.judge(NOW.plus_seconds(9)), nothing, "judged once");
        // Thirty numbers are passed for the thirty abandoned: the next thirty are called,
        // the browser's first among them, and of the thirty-one ahead of the latecomer one
        // is left.
        assert_eq!(room.turn(&browser, SCHOOL), Turn::Admitted);
        assert!(matches!(
            room.turn(&late, SCHOOL),
            Turn::Waiting { ahead: 1, .. }
        ));
        assert_eq!(room.waiting(), 2);
        assert_eq!(room.judge(NOW.plus_seconds(60)).abandoned, 0);
    }

    #[test]
    fn a_crowd_where_some_give_up_is_not_a_flood() {
        let room = WaitingRoom::new(7);
        let crowd: Vec<Ticket> = (0..100).map(|_| room.enter(SCHOOL, NOW)).collect();
        // Forty of a hundred give up during a long wait; sixty come back.
        for ticket in &crowd[40..] {
            room.turn(ticket, SCHOOL);
        }
        let judged = room.judge(NOW.plus_seconds(60));
        assert_eq!(judged.abandoned, 40);
        assert_eq!(judged.beyond_came_back(), 0);
    }

    #[test]
    fn a_ticket_reads_back_as_written_and_odd_texts_are_refused() {
        let room = WaitingRoom::new(7);
        let ticket = room.enter("2001:db8:aa00::/56", NOW);
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
