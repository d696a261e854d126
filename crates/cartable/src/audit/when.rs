//! Instants on the command line and in exports: `--since` parsed, times written for people.

use anyhow::{bail, Context};
use cartable_core::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

/// Reads `--since`: Unix seconds, an RFC 3339 instant, or a date meaning its first instant
/// in `zone` (a date typed by a French school means French midnight, not UTC's).
pub fn parse_since(text: &str, zone: &TimeZone) -> anyhow::Result<Timestamp> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(Timestamp(seconds));
    }
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        return Ok(Timestamp(instant.as_second()));
    }
    // Only a bare date: jiff would also read the date out of a time without an offset, and
    // silently dropping that time would widen or narrow the export.
    let date = match text.len() {
        10 => text.parse::<jiff::civil::Date>().ok(),
        _ => None,
    };
    let Some(date) = date else {
        bail!(
            "--since {text:?}: expected a date (2024-03-18), an instant with its offset \
             (2024-03-18T08:00:00+01:00) or Unix seconds"
        );
    };
    let start = date
        .to_zoned(zone.clone())
        .with_context(|| format!("--since {text:?}"))?;
    Ok(Timestamp(start.timestamp().as_second()))
}

/// The time zone named by `--time-zone`.
pub fn time_zone(name: &str) -> anyhow::Result<TimeZone> {
    TimeZone::get(name).with_context(|| format!("--time-zone {name:?}: unknown time zone"))
}

/// An instant as an export shows it: Unix seconds, UTC, and the school's local time.
#[derive(Debug, Serialize)]
pub struct Instant {
    /// Seconds since 1970-01-01T00:00:00Z, as stored.
    pub unix: i64,
    /// RFC 3339 in UTC (absent only for instants outside years -9999 to 9999).
    pub utc: Option<String>,
    /// The same instant in the school's time zone.
    pub local: Option<String>,
}

impl Instant {
    /// `at` shown in UTC and in `zone`.
    pub fn new(at: Timestamp, zone: &TimeZone) -> Instant {
        let instant = jiff::Timestamp::from_second(at.0).ok();
        Instant {
            unix: at.0,
            utc: instant.map(|i| i.to_string()),
            local: instant.map(|i| i.to_zoned(zone.clone()).to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_reads_dates_at_local_midnight_instants_and_seconds() {
        let paris = time_zone("Europe/Paris").unwrap();
        // 18 March 2024 00:00 in Paris (UTC+1) is 17 March 23:00 UTC.
        assert_eq!(
            parse_since("2024-03-18", &paris).unwrap(),
            Timestamp(1_710_716_400)
        );
        let reunion = time_zone("Indian/Reunion").unwrap();
        assert_eq!(
            parse_since("2024-03-18", &reunion).unwrap(),
            Timestamp(1_710_705_600)
        );
        assert_eq!(
            parse_since("2024-03-18T08:00:00+01:00", &paris).unwrap(),
            Timestamp(1_710_745_200)
        );
        assert_eq!(
            parse_since(" 1710745200 ", &paris).unwrap(),
            Timestamp(1_710_745_200)
        );
        for bad in [
            "yesterday",
            "2024-13-01",
            "18/03/2024",
            "2024-03-18T08:00:00",
        ] {
            let error = parse_since(bad, &paris).unwrap_err().to_string();
            assert!(error.contains("--since"), "{bad}: {error}");
        }
        assert!(time_zone("Europe/Atlantis").is_err());
    }

    #[test]
    fn instants_are_shown_in_utc_and_local_time() {
        let paris = time_zone("Europe/Paris").unwrap();
        let shown = Instant::new(Timestamp(1_710_745_200), &paris);
        assert_eq!(shown.utc.as_deref(), Some("2024-03-18T07:00:00Z"));
        assert_eq!(
            shown.local.as_deref(),
            Some("2024-03-18T08:00:00+01:00[Europe/Paris]")
        );
        assert_eq!(Instant::new(Timestamp(i64::MAX), &paris).utc, None);
    }
}
