//! Messaging rules: recipients, who may write to whom, sending limits and hours, and the
//! school's emergency switches.
//!
//! Messaging is what hijacked accounts used in March 2024 to send threats to schools. Every
//! rule a message passes before it is delivered lives here, pure and tested without a
//! server; the store counts and delivers, the web layer only parses and calls.

pub mod clearance;
pub mod content;
pub mod policy;
pub mod quiet_hours;
pub mod rate_limit;
pub mod recipient;
pub mod switches;

pub use clearance::{
    check_new_device_reach, clear, Clearance, Refusal, RefusedRecipient, Sender, Target,
    TargetKind, Ties, NEW_DEVICE_DAILY_REACH, NEW_DEVICE_SECONDS,
};
pub use content::{ContentError, MessageContent};
pub use policy::{MessagingPolicy, PerRole, RateLimit};
pub use quiet_hours::{QuietHours, SendingWindow};
pub use rate_limit::{check_rate, LimitCrossed, RecentSending};
pub use recipient::{InvalidRecipient, Recipient, MAX_RECIPIENT_ENTRIES};
pub use switches::{InvalidSwitch, MessagingSwitches};
