//! Retries, timeouts and transport failures against a real local HTTP server: which failures
//! are retried, how long the client waits, and what it returns when it gives up.

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use browser_use_client::{CreateSkillError, Error};
use support::{builder, call, json, request, respond, response_bytes, Reply, Server, CREATED, KEY};

const MS: Duration = Duration::from_millis(1);

/// The gaps between the arrival times of the server's requests.
fn gaps(server: &Server) -> Vec<Duration> {
    let requests = server.requests();
    requests
        .windows(2)
        .map(|pair| pair[1].at - pair[0].at)
        .collect()
}

#[tokio::test]
async fn a_429_without_retry_after_is_retried_with_backoff() {
    let server = Server::start(vec![json(429, "{}"), json(202, CREATED)]).await;
    let client = builder(&server)
        .max_retries(2)
        .retry_backoff(40 * MS, 80 * MS)
        .build()
        .unwrap();
    call(&client, &request()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    // The jittered first backoff lies in the upper half of 40 ms.
    assert!(gaps(&server)[0] >= 20 * MS, "{:?}", gaps(&server));
    // A retry resends the same bytes with the same key.
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[1].header("x-browser-use-api-key"), Some(KEY));
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_waits_that_long() {
    let limited = respond(429, &[("Retry-After", "1")], "{}");
    let server = Server::start(vec![limited, json(202, CREATED)]).await;
    let client = builder(&server).max_retries(1).build().unwrap();
    let started = Instant::now();
    call(&client, &request()).await.unwrap();
    assert_eq!(server.requests().len(), 2);
    let gap = gaps(&server)[0];
    assert!(gap >= 990 * MS && gap < 3000 * MS, "{gap:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_503_with_retry_after_as_http_date_waits_until_then() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let date = imf_fixdate(now + 2);
    let unavailable = respond(503, &[("Retry-After", &date)], "busy");
    let server = Server::start(vec![unavailable, json(202, CREATED)]).await;
    let client = builder(&server).max_retries(1).build().unwrap();
    call(&client, &request()).await.unwrap();
    let gap = gaps(&server)[0];
    // The date has whole seconds, so the wait is between one and two seconds.
    assert!(gap >= 990 * MS && gap < 3000 * MS, "{date}: {gap:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let limited = respond(429, &[("Retry-After", "120")], r#"{"detail":"later"}"#);
    let server = Server::start(vec![limited]).await;
    let client = builder(&server)
        .max_retries(3)
        .max_retry_after(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call(&client, &request()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.requests().len(), 1);
    match err {
        Error::Api(CreateSkillError::TooManyRequests(body)) => assert_eq!(body.detail, "later"),
        other => panic!("expected the 429, got {other:?}"),
    }
}

#[tokio::test]
async fn a_503_is_retried_until_success() {
    let html = "<html>maintenance</html>";
    let script = vec![
        respond(503, &[], html),
        respond(503, &[], html),
        json(202, CREATED),
    ];
    let server = Server::start(script).await;
    let client = builder(&server).max_retries(2).build().unwrap();
    call(&client, &request()).await.unwrap();
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn other_5xx_on_post_are_not_retried() {
    for status in [500, 502, 504] {
        let server = Server::start(vec![respond(status, &[], "oops"), json(202, CREATED)]).await;
        let client = builder(&server).max_retries(3).build().unwrap();
        let err = call(&client, &request()).await.unwrap_err();
        assert_eq!(server.requests().len(), 1, "{status} was retried");
        assert!(
            matches!(err, Error::UnexpectedStatus { status: got, attempts: 1, .. } if got == status),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let replies = [
        json(400, r#"{"detail":"busy"}"#),
        json(402, "{}"),
        json(422, r#"{"detail":[]}"#),
    ];
    for reply in replies {
        let server = Server::start(vec![reply, json(202, CREATED)]).await;
        let client = builder(&server).max_retries(3).build().unwrap();
        let err = call(&client, &request()).await.unwrap_err();
        assert!(matches!(err, Error::Api(_)), "{err:?}");
        assert_eq!(server.requests().len(), 1, "{err} was retried");
    }
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error_with_the_attempt_count() {
    let script = (0..3).map(|_| respond(503, &[], "down")).collect();
    let server = Server::start(script).await;
    let client = builder(&server).max_retries(2).build().unwrap();
    let err = call(&client, &request()).await.unwrap_err();
    assert_eq!(server.requests().len(), 3);
    assert_eq!(err.attempts(), Some(3));
    assert_eq!(
        err.to_string(),
        "unexpected http status 503 after 3 attempts"
    );

    let script = (0..3)
        .map(|i| json(429, &format!(r#"{{"detail":"{i}"}}"#)))
        .collect();
    let server = Server::start(script).await;
    let client = builder(&server).max_retries(2).build().unwrap();
    match call(&client, &request()).await.unwrap_err() {
        Error::Api(CreateSkillError::TooManyRequests(body)) => assert_eq!(body.detail, "2"),
        other => panic!("expected the last 429, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn zero_retries_sends_once() {
    let server = Server::start(vec![respond(503, &[], ""), json(202, CREATED)]).await;
    let client = builder(&server).max_retries(0).build().unwrap();
    let err = call(&client, &request()).await.unwrap_err();
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_stalled_server_times_out_without_retry() {
    let head = response_bytes(202, &[], r#"{"id":"#, 100);
    for reply in [Reply::StallAfter(Vec::new()), Reply::StallAfter(head)] {
        let server = Server::start(vec![reply, json(202, CREATED)]).await;
        let client = builder(&server)
            .timeout(300 * MS)
            .max_retries(2)
            .build()
            .unwrap();
        let started = Instant::now();
        let err = call(&client, &request()).await.unwrap_err();
        let elapsed = started.elapsed();
        assert!(
            elapsed >= 290 * MS && elapsed < 3 * 1000 * MS,
            "{elapsed:?}"
        );
        assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
        assert!(err
            .to_string()
            .starts_with("request timed out after 1 attempt"));
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error_after_every_retry() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = browser_use_client::Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}/api/v2"))
        .max_retries(2)
        .retry_backoff(MS, 5 * MS)
        .build()
        .unwrap();
    let err = call(&client, &request()).await.unwrap_err();
    assert!(matches!(err, Error::Connect { attempts: 3, .. }), "{err:?}");
    assert!(err
        .to_string()
        .starts_with("could not connect to the server after 3 attempts"));
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error_without_retry() {
    let partial = response_bytes(202, &[], r#"{"id":"3fa8"#, 100);
    for reply in [Reply::ResetAfter(partial), Reply::ResetAfter(Vec::new())] {
        let server = Server::start(vec![reply, json(202, CREATED)]).await;
        let client = builder(&server).max_retries(2).build().unwrap();
        let err = call(&client, &request()).await.unwrap_err();
        assert!(
            matches!(err, Error::Transport { attempts: 1, .. }),
            "{err:?}"
        );
        assert_eq!(server.requests().len(), 1);
    }
}

/// Formats Unix time `seconds` as an IMF-fixdate, the HTTP date form.
fn imf_fixdate(seconds: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[test]
fn the_date_helper_matches_the_rfc_example() {
    assert_eq!(imf_fixdate(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
}
