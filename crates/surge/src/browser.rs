//! A legitimate user's browser: asks for a page and keeps asking as the shield tells it to.
//!
//! In the waiting room it keeps its ticket cookie, waits `Retry-After` and asks again, until
//! admitted or out of patience. Shed or rate-limited, it retries a few times after
//! `Retry-After`. Challenged, it solves the proof of work, gets its pass and asks again. Any
//! other refusal ends the request. Every attempt is recorded; the request as a whole counts
//! as answered only when the real answer came.

use crate::classify::Kind;
use crate::cookies::CookieJar;
use crate::exchange::{self, Answer, Request};
use crate::recorder::Recorder;
use cartable_shield::Challenge;
use reqwest::Client;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Challenges a browser solves for one request before deciding something is wrong.
const MAX_CHALLENGES: u32 = 3;
/// The shortest pause before asking again, whatever `Retry-After` says.
const MIN_WAIT: Duration = Duration::from_millis(250);
/// Where a solved challenge is handed in.
pub const PASS_PATH: &str = "/shield/pass";

/// The server and the manners of every browser playing against it.
#[derive(Debug, Clone)]
pub struct Site {
    /// The base URL, without a trailing slash.
    pub base: String,
    /// Where attempts and outcomes are recorded.
    pub recorder: Arc<Recorder>,
    /// How long a user accepts to be told to wait, over the whole morning.
    pub patience: Duration,
    /// Retries of one request after a shed or rate-limited answer.
    pub max_retries: u32,
}

/// What happened to one user so far.
#[derive(Debug, Clone, Default)]
pub struct UserState {
    /// Time spent in the waiting room.
    pub waited: Duration,
    /// Time spent waiting for any reason (what patience is measured against).
    pub patience_used: Duration,
    /// Whether the user saw the waiting room.
    pub saw_waiting_room: bool,
    /// Whether the user was refused at least once (anything but a real answer or a challenge).
    pub refused: bool,
    /// Whether the user left, out of patience.
    pub gave_up: bool,
    /// Whether a request failed for good.
    pub failed: bool,
}

/// One user's browser: its connection, its cookies, its story.
#[derive(Debug)]
pub struct Browser {
    site: Site,
    client: Client,
    /// The browser's cookies.
    pub jar: CookieJar,
    /// What happened so far.
    pub state: UserState,
}

impl Browser {
    /// A browser speaking through `client` with cookies `jar`.
    pub fn new(site: Site, client: Client, jar: CookieJar) -> Self {
        Browser {
            site,
            client,
            jar,
            state: UserState::default(),
        }
    }

    /// Asks for `request` until it gets the real answer (returned) or gives up (`None`).
    /// With `needs_session`, a redirect to `/signin` is a lost session, not an answer.
    pub async fn fetch(
        &mut self,
        request: &Request,
        needs_session: bool,
        keep_body: bool,
    ) -> Option<Answer> {
        let signed_in = self.jar.signed_in();
        self.site.recorder.request_started(signed_in);
        let answer = self.attempts(request, needs_session, keep_body).await;
        self.site
            .recorder
            .request_finished(signed_in, answer.is_some());
        answer
    }

    async fn attempts(
        &mut self,
        request: &Request,
        needs_session: bool,
        keep_body: bool,
    ) -> Option<Answer> {
        let mut retries = 0;
        let mut challenges = 0;
        loop {
            self.site.recorder.legit_sent();
            let mut answer = exchange::send(
                &self.client,
                &self.site.base,
                request,
                Some(&mut self.jar),
                keep_body,
            )
            .await;
            if answer.kind == Kind::Ok && needs_session && answer.to_signin {
                answer.kind = Kind::SignedOut;
            }
            self.site.recorder.legit_answer(answer.kind, answer.latency);
            let pause = Duration::from_secs(answer.retry_after.unwrap_or(1)).max(MIN_WAIT);
            match answer.kind {
                Kind::Ok => return Some(answer),
                Kind::WaitingRoom => {
                    self.state.saw_waiting_room = true;
                    self.state.refused = true;
                    if !self.wait(pause, true).await {
                        return None;
                    }
                }
                Kind::Shed | Kind::RateLimited => {
                    self.state.refused = true;
                    retries += 1;
                    if retries > self.site.max_retries {
                        self.state.failed = true;
                        return None;
                    }
                    if !self.wait(pause, false).await {
                        return None;
                    }
                }
                Kind::Challenge => {
                    // A refused solution comes back as a fresh challenge: solve that one.
                    let mut token = answer.challenge;
                    loop {
                        challenges += 1;
                        if challenges > MAX_CHALLENGES {
                            self.state.failed = true;
                            return None;
                        }
                        match self.pass(token.as_deref(), &request.path).await {
                            Pass::Granted => break,
                            Pass::Again(fresh) => token = fresh,
                            Pass::Refused => {
                                self.state.failed = true;
                                return None;
                            }
                        }
                    }
                }
                _ => {
                    self.state.refused = true;
                    self.state.failed = true;
                    return None;
                }
            }
        }
    }

    /// Waits `pause` if patience allows; otherwise waits what patience is left, leaves, and
    /// returns false.
    async fn wait(&mut self, pause: Duration, in_waiting_room: bool) -> bool {
        let left = self.site.patience.saturating_sub(self.state.patience_used);
        let patient = pause <= left;
        let pause = pause.min(left);
        self.state.patience_used += pause;
        if in_waiting_room {
            self.state.waited += pause;
        }
        tokio::time::sleep(pause).await;
        if !patient {
            self.state.gave_up = true;
        }
        patient
    }

    /// Solves the challenge `token` (`<text>~<signature>`) and hands the solution in.
    async fn pass(&mut self, token: Option<&str>, next: &str) -> Pass {
        let recorder = Arc::clone(&self.site.recorder);
        let Some((token, challenge)) =
            token.and_then(|token| Some((token, parse_challenge(token)?)))
        else {
            recorder.challenge_unreadable();
            return Pass::Refused;
        };
        let started = Instant::now();
        let Ok(nonce) = tokio::task::spawn_blocking(move || challenge.solve()).await else {
            recorder.challenge_unreadable();
            return Pass::Refused;
        };
        let solve_time = started.elapsed();
        let request = Request::form(
            PASS_PATH,
            &[("challenge", token), ("nonce", &nonce), ("next", next)],
        );
        let answer = exchange::send(
            &self.client,
            &self.site.base,
            &request,
            Some(&mut self.jar),
            false,
        )
        .await;
        let passed = answer.kind == Kind::Ok;
        recorder.challenge_solved(solve_time, passed);
        match answer.kind {
            Kind::Ok => Pass::Granted,
            Kind::Challenge => Pass::Again(answer.challenge),
            _ => Pass::Refused,
        }
    }
}

/// What came of handing in a solution.
enum Pass {
    /// The pass cookie came back: ask again for the page.
    Granted,
    /// Refused (expired, reused…) with a fresh challenge to solve.
    Again(Option<String>),
    /// Refused for good.
    Refused,
}

/// The challenge in a `Cartable-Challenge` token: the text before the last `~` (the
/// signature follows it).
pub fn parse_challenge(token: &str) -> Option<Challenge> {
    let (text, _signature) = token.rsplit_once('~')?;
    Challenge::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_signed_challenge() {
        let id = "0123456789abcdef0123456789abcdef";
        let token = format!("v1.{id}.1900000000.4~c2lnbmF0dXJl");
        let challenge = parse_challenge(&token).unwrap();
        assert_eq!(challenge.difficulty(), 4);
        assert!(challenge.is_solved_by(&challenge.solve()));
        assert!(parse_challenge("v1.nope").is_none());
        assert!(parse_challenge(&format!("v1.{id}.1900000000.4")).is_none());
    }
}
