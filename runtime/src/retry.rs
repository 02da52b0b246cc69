//! When to retry an attempt and how long to wait first.
//!
//! A request is retried only when repeating it cannot make the server act twice: connect failures,
//! 429 and 503 (the server refused before doing anything), and any 5xx for idempotent methods. A
//! timeout or a connection broken after sending is never retried: the server may have acted.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::RETRY_AFTER;
use reqwest::Method;

use crate::failure::Failure;
use crate::Response;

/// The retry settings of a client.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retries off.
    pub max_retries: u32,
    /// The backoff before the first retry, doubled for each further one.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; a server asking for more gets its error returned at once.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before another attempt, or `None` when `outcome` (of attempt number `attempts`)
    /// is final.
    pub fn delay(
        &self,
        method: &Method,
        outcome: &Result<Response, Failure>,
        attempts: u32,
    ) -> Option<Duration> {
        if attempts > self.max_retries {
            return None;
        }
        let retry_after = match outcome {
            Ok(response) if retryable_status(method, response.status()) => retry_after(response),
            Err(Failure::Connect(_)) => None,
            _ => return None,
        };
        match retry_after {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempts, random_unit())),
        }
    }

    /// The backoff after the `retry`-th failure (1-based): `initial * 2^(retry-1)` capped at the
    /// maximum, scaled into its upper half by `unit` in `[0, 1)` so clients spread out.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        ceiling.mul_f64(0.5 + 0.5 * unit.clamp(0.0, 1.0))
    }
}

/// The wait a response asks for in `Retry-After`, if it has a usable one.
fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// Whether a response with `status` may be retried for `method`.
fn retryable_status(method: &Method, status: u16) -> bool {
    status == 429 || status == 503 || (is_idempotent(method) && (500..600).contains(&status))
}

/// RFC 9110's idempotent methods: repeating them has the effect of sending them once.
fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// A number in `[0, 1)` for jitter: the top 53 random bits, as many as an `f64` holds exactly.
fn random_unit() -> f64 {
    let bits = super::random_u64();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses `Retry-After` as delay-seconds or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// relative to `now`; a date in the past means no wait. Other forms are ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // Absurdly long digit strings overflow u64; treating them as "very long" keeps them above
        // any cap instead of silently ignoring the server's request to wait.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = parse_imf_fixdate(value)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate, the HTTP date format servers must send.
fn parse_imf_fixdate(value: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = value.split(' ').collect();
    let [weekday, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    if weekday.len() != 4 || !weekday.ends_with(',') || day.len() != 2 || year.len() != 4 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|name| name == month)? as u64 + 1;
    let (day, year): (u64, u64) = (digits(day)?, digits(year)?);
    let clock: Vec<u64> = time.split(':').map(digits).collect::<Option<_>>()?;
    let [hour, minute, second] = clock[..] else {
        return None;
    };
    if !(1..=31).contains(&day) || year < 1970 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_since_epoch(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Parses a field of ASCII digits only.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's `days_from_civil`, for years
/// from 1970 on).
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn retry_after_seconds() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_http_date() {
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT, the example in RFC 9110.
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(
            parse_retry_after(date, at(784_111_777 - 30)),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after(date, at(784_111_777 + 5)),
            Some(Duration::ZERO)
        );
        let leap = "Thu, 29 Feb 2024 00:00:00 GMT";
        assert_eq!(
            parse_retry_after(leap, at(1_709_164_800 - 2)),
            Some(Duration::from_secs(2))
        );
        let new_year = "Sat, 01 Jan 2000 00:00:00 GMT";
        assert_eq!(
            parse_retry_after(new_year, at(946_684_800)),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(new_year, at(946_684_799)),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn retry_after_rejects_other_date_forms() {
        let now = at(0);
        for bad in [
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn backoff_doubles_and_stays_within_bounds() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(50));
        assert_eq!(policy.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(policy.backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(policy.backoff(3, 0.0), Duration::from_millis(200));
        assert_eq!(policy.backoff(5, 1.0), Duration::from_millis(1000));
        assert_eq!(policy.backoff(u32::MAX, 1.0), Duration::from_millis(1000));
        for retry in 1..40 {
            let wait = policy.backoff(retry, random_unit());
            assert!(wait >= Duration::from_millis(50) && wait <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn jitter_is_in_the_unit_interval_and_varies() {
        let samples: Vec<f64> = (0..64).map(|_| random_unit()).collect();
        assert!(samples.iter().all(|unit| (0.0..1.0).contains(unit)));
        assert!(samples.windows(2).any(|pair| pair[0] != pair[1]));
    }

    #[test]
    fn retryable_statuses_depend_on_idempotency() {
        for status in [429, 503] {
            assert!(retryable_status(&Method::POST, status));
            assert!(retryable_status(&Method::GET, status));
        }
        for status in [500, 502, 504] {
            assert!(!retryable_status(&Method::POST, status));
            assert!(!retryable_status(&Method::PATCH, status));
            assert!(retryable_status(&Method::GET, status));
            assert!(retryable_status(&Method::DELETE, status));
        }
        for status in [200, 202, 400, 401, 402, 404, 422] {
            assert!(!retryable_status(&Method::GET, status));
            assert!(!retryable_status(&Method::POST, status));
        }
    }
}
