//! One of the flood's kept-alive connections, a *lane*: it sends its share of the flood's
//! shots (several at once, pipelined, when several are due), reads the answers back in
//! order, and opens a new connection — from the next address of its rotation — when the
//! server closes it or stops answering.
//!
//! A lane never has more than [`DEPTH`] requests unanswered. A shot due while the lane is
//! full, or while its connection is down, is counted as dropped: not sent, and said so, so
//! the report tells the rate really offered.

use super::{flood, pace, wire, Arsenal, AttackKind};
use crate::addresses::{self, Population};
use crate::classify::Kind;
use crate::recorder::Recorder;
use std::collections::VecDeque;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Most requests a lane pipelines on its connection before it waits for answers: enough for
/// the flood to stay open-loop while the server queues them, as a real botnet's would.
pub const DEPTH: usize = 8;
/// Shortest pause between two writes of a lane: shots due closer together leave together.
const TICK: Duration = Duration::from_millis(10);
/// Pause after a failed connection attempt.
const RECONNECT_PAUSE: Duration = Duration::from_millis(500);
/// Room made in the read buffer before each read.
const READ_CHUNK: usize = 16 * 1024;

/// One lane of the flood: it fires shots `index`, `index + lanes`, `index + 2 × lanes`…
#[derive(Debug, Clone)]
pub struct Lane {
    /// Its number, from 0.
    pub index: u64,
    /// How many lanes share the flood.
    pub lanes: u64,
    /// The whole flood's rate, shots per second.
    pub rate: f64,
    /// The request bytes.
    pub get: wire::Get,
    /// The server, the ledger, the end.
    pub arsenal: Arsenal,
}

/// Where a lane is.
struct State {
    /// The lane's next shot.
    next: u64,
    /// Connections opened so far.
    opened: u64,
    /// The connection, when one is open.
    connection: Option<Connection>,
    /// When the lane last wrote.
    last_write: Option<Instant>,
    /// The bytes of the next write.
    out: Vec<u8>,
}

impl Lane {
    /// Fires this lane's shots of a flood that started at `start` until the arsenal's end,
    /// then waits for the last answers (at most the request timeout).
    pub async fn run(self, start: Instant) {
        let mut state = State {
            next: self.index,
            opened: 0,
            connection: None,
            last_write: None,
            out: Vec::new(),
        };
        loop {
            let now = Instant::now();
            let due = self.due(start, state.next, now);
            if due > 0 {
                self.fire(&mut state, due, now).await;
            }
            let recorder = &self.arsenal.recorder;
            let timeout = self.arsenal.timeout;
            if let Some(open) = &state.connection {
                if open.oldest().is_some_and(|sent| now >= sent + timeout) {
                    open.fail(recorder, Kind::Timeout);
                    state.connection = None;
                }
            }
            let next_at = pace::due(start, self.rate, state.next);
            let send_at = (next_at < self.arsenal.until).then(|| {
                state
                    .last_write
                    .map_or(next_at, |last| next_at.max(last + TICK))
            });
            let give_up_at = state
                .connection
                .as_ref()
                .and_then(Connection::oldest)
                .map(|sent| sent + timeout);
            let Some(wake) = send_at.into_iter().chain(give_up_at).min() else {
                return;
            };
            let Some(open) = &mut state.connection else {
                tokio::time::sleep_until(wake.into()).await;
                continue;
            };
            let read = tokio::select! {
                read = open.read(recorder) => read,
                () = tokio::time::sleep_until(wake.into()) => Ok(()),
            };
            if let Err(kind) = read {
                open.fail(recorder, kind);
                state.connection = None;
            }
        }
    }

    /// Sends the `due` shots from `state.next` on, as many as the connection has room for
    /// (opening one if needed), and counts the others as dropped.
    async fn fire(&self, state: &mut State, due: u64, now: Instant) {
        let recorder = &self.arsenal.recorder;
        let first = state.next;
        state.next += due * self.lanes;
        if state.connection.is_none() {
            state.opened += 1;
            match self.connect(state.opened - 1).await {
                Ok(stream) => state.connection = Some(Connection::new(stream)),
                Err(_) => {
                    recorder.attack_sent(AttackKind::Anonymous, 1);
                    recorder.attack_answer(Kind::Connection);
                    recorder.attack_dropped(AttackKind::Anonymous, due - 1);
                    let pause = (now + RECONNECT_PAUSE).min(self.arsenal.until);
                    tokio::time::sleep_until(pause.into()).await;
                    return;
                }
            }
        }
        let Some(open) = &mut state.connection else {
            return;
        };
        let sent = due.min(DEPTH.saturating_sub(open.unanswered.len()) as u64);
        recorder.attack_dropped(AttackKind::Anonymous, due - sent);
        if sent == 0 {
            return;
        }
        state.out.clear();
        for j in 0..sent {
            self.get
                .write(&flood::path(first + j * self.lanes), &mut state.out);
        }
        recorder.attack_sent(AttackKind::Anonymous, sent);
        state.last_write = Some(now);
        if let Err(kind) = open.write(&state.out, sent, now).await {
            open.fail(recorder, kind);
            state.connection = None;
        }
    }

    /// How many of this lane's shots from `next` on are due by `now` (and before the end).
    fn due(&self, start: Instant, next: u64, now: Instant) -> u64 {
        let mut count = 0;
        loop {
            let at = pace::due(start, self.rate, next + count * self.lanes);
            if at > now || at >= self.arsenal.until {
                return count;
            }
            count += 1;
        }
    }

    /// Opens the lane's `opened`-th connection, from the next address of its rotation
    /// through the attack's addresses.
    async fn connect(&self, opened: u64) -> std::io::Result<TcpStream> {
        let n = (self.index + opened * self.lanes) % u64::from(self.arsenal.ips);
        let source = addresses::nth(Population::Flood, n as u32);
        self.arsenal.connect_from(source).await
    }
}

/// An open connection and the requests waiting for their answers on it.
struct Connection {
    stream: TcpStream,
    /// When each unanswered request left, oldest first.
    unanswered: VecDeque<Instant>,
    /// Bytes read and not yet understood.
    buffer: Vec<u8>,
    /// Body bytes of the current answer still to pass over.
    skip: usize,
}

impl Connection {
    fn new(stream: TcpStream) -> Self {
        Connection {
            stream,
            unanswered: VecDeque::new(),
            buffer: Vec::with_capacity(READ_CHUNK),
            skip: 0,
        }
    }

    /// When the oldest unanswered request left.
    fn oldest(&self) -> Option<Instant> {
        self.unanswered.front().copied()
    }

    /// Writes `bytes`, which hold `requests` requests, at `now`.
    async fn write(&mut self, bytes: &[u8], requests: u64, now: Instant) -> Result<(), Kind> {
        self.unanswered
            .extend(std::iter::repeat_n(now, requests as usize));
        self.stream
            .write_all(bytes)
            .await
            .map_err(|_| Kind::Connection)
    }

    /// Reads what the server sent and records the answers it completes; an error says how
    /// the requests still unanswered end (the connection is over).
    async fn read(&mut self, recorder: &Recorder) -> Result<(), Kind> {
        self.buffer.reserve(READ_CHUNK);
        match self.stream.read_buf(&mut self.buffer).await {
            Ok(0) | Err(_) => return Err(Kind::Connection),
            Ok(_) => {}
        }
        let mut at = 0;
        let result = loop {
            let skipped = self.skip.min(self.buffer.len() - at);
            at += skipped;
            self.skip -= skipped;
            if self.skip > 0 {
                break Ok(());
            }
            let head = match wire::head(&self.buffer[at..]) {
                Ok(Some(head)) => head,
                Ok(None) => break Ok(()),
                Err(wire::Malformed) => break Err(Kind::Connection),
            };
            if self.unanswered.pop_front().is_none() {
                break Err(Kind::Connection);
            }
            recorder.attack_answer(head.kind);
            at += head.len;
            match head.body {
                Some(body) => self.skip = body,
                // The connection ends with this answer.
                None => break Err(Kind::Connection),
            }
        };
        self.buffer.drain(..at);
        result
    }

    /// Records every unanswered request as ending with `kind`.
    fn fail(&self, recorder: &Recorder, kind: Kind) {
        for _ in &self.unanswered {
            recorder.attack_answer(kind);
        }
    }
}
