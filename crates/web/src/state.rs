//! What every handler shares: the store, the caches and the protections, behind one `Arc`.

use crate::config::WebConfig;
use crate::device::DeviceBook;
use crate::hash_pool::HashPool;
use crate::session_cache::SessionCache;
use crate::signing::Signer;
use cartable_core::{Clock, SystemClock, Timestamp};
use cartable_shield::{SignInThrottle, ThrottleConfig};
use cartable_store::{BlobStore, Store};
use std::ops::Deref;
use std::sync::Arc;

/// Sessions the cache holds at most: every pupil of a large academy signed in at once.
const SESSION_CACHE_CAPACITY: usize = 500_000;
/// Last good copies kept per kind of page: every pupil of a large academy.
const LAST_GOOD_CAPACITY: usize = 500_000;
/// Keys the sign-in throttle tracks at most.
const THROTTLE_CAPACITY: usize = 200_000;
/// (login, device) pairs remembered at most.
const DEVICE_BOOK_CAPACITY: usize = 500_000;
/// Sign-ins that may wait for a hashing worker, per worker, before new ones get "busy".
const HASH_QUEUE_PER_WORKER: usize = 32;

/// The shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

/// The parts of [`AppState`].
pub struct Shared {
    /// The database.
    pub store: Store,
    /// Files: attachments, documents.
    pub blobs: BlobStore,
    /// Cookie settings.
    pub secure_cookies: bool,
    /// Signs anti-forgery tokens and device cookies.
    pub signer: Signer,
    /// Live sessions, so page views skip the database.
    pub sessions: SessionCache,
    /// Where passwords are hashed.
    pub hash_pool: HashPool,
    /// Growing delays after failed sign-ins.
    pub throttle: SignInThrottle,
    /// Growing delays after failed activations (codes must not be guessable in bulk).
    pub activation_throttle: crate::activation_throttle::ActivationThrottle,
    /// Devices known to have signed in to an account.
    pub devices: DeviceBook,
    /// Where "now" comes from.
    pub clock: Arc<dyn Clock>,
    /// Schools whose messaging is switched off, for the banner.
    pub banners: crate::banners::Banners,
    /// Home pages' last good copies, served while the database fails.
    pub home_pages: crate::last_good::LastGood<crate::pages::home::HomeData>,
    /// The same for `GET /api/v1/home`.
    pub home_api: crate::last_good::LastGood<crate::api::dto::HomeDto>,
    /// Today's answer of `GET /api/v1/today` per viewer and child, for degraded mode.
    pub today_api: crate::last_good::LastGood<crate::today::TodayJson, crate::today::DayKey>,
    /// Today's `/today` page data per viewer and child, for degraded mode.
    pub today_pages: crate::last_good::LastGood<crate::today::ViewerDay, crate::today::DayKey>,
    /// Each class's day, read once and shared by its pupils and parents.
    pub class_days: crate::today::ClassDays,
    /// Each school's time zone, which decides what "today" is.
    pub school_zones: crate::today::SchoolZones,
    /// The zip archives this node may be writing at once.
    pub archives: crate::files::archive::ArchiveSlots,
    /// A client must send its request headers within this time (slowloris).
    pub header_read_timeout: std::time::Duration,
    /// A client must send its request body within this time once it started.
    pub body_read_timeout: std::time::Duration,
    /// Admission, rate limits, waiting room, proof of work; `None` when served without.
    pub shield: Option<Arc<crate::shield::Shield>>,
}

impl AppState {
    /// The state for a server over `store`, on the system clock.
    pub fn new(store: Store, blobs: BlobStore, config: &WebConfig) -> AppState {
        AppState::with_clock(store, blobs, config, Arc::new(SystemClock))
    }

    /// The same with another clock (tests that move time).
    pub fn with_clock(
        store: Store,
        blobs: BlobStore,
        config: &WebConfig,
        clock: Arc<dyn Clock>,
    ) -> AppState {
        let workers = config.hash_workers.max(1);
        AppState {
            inner: Arc::new(Shared {
                store,
                blobs,
                secure_cookies: config.secure_cookies,
                signer: Signer::new(config.secret_key),
                sessions: SessionCache::new(SESSION_CACHE_CAPACITY),
                hash_pool: HashPool::new(workers, workers * HASH_QUEUE_PER_WORKER),
                throttle: SignInThrottle::new(
                    ThrottleConfig::per_account(),
                    ThrottleConfig::per_ip(),
                    THROTTLE_CAPACITY,
                ),
                activation_throttle: crate::activation_throttle::ActivationThrottle::new(),
                devices: DeviceBook::new(DEVICE_BOOK_CAPACITY),
                clock,
                banners: crate::banners::Banners::default(),
                home_pages: crate::last_good::LastGood::new("home", LAST_GOOD_CAPACITY),
                home_api: crate::last_good::LastGood::new("api_home", LAST_GOOD_CAPACITY),
                today_api: crate::last_good::LastGood::new("api_today", LAST_GOOD_CAPACITY),
                today_pages: crate::last_good::LastGood::new("today", LAST_GOOD_CAPACITY),
                class_days: crate::today::ClassDays::default(),
                school_zones: crate::today::SchoolZones::default(),
                archives: crate::files::archive::ArchiveSlots::default(),
                header_read_timeout: config.header_read_timeout,
                body_read_timeout: config.body_read_timeout,
                shield: config
                    .shield
                    .as_ref()
                    .map(|shield| Arc::new(crate::shield::Shield::new(shield, rand::random()))),
            }),
        }
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.inner
    }
}
