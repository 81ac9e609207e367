//! Sign-in limits stop guessing without handing strangers a way to lock a rep out.

use std::time::Duration;

use reqwest::StatusCode;
use worklane_domain::Role;

use crate::helpers::{Browser, PASSWORD, ResponseExt, TestApp, spawn_app};

async fn fail_times(browser: &Browser, email: &str, times: usize) {
    for n in 0..times {
        browser
            .sign_in(email, &format!("wrong guess {n}"))
            .await
            .error_with(StatusCode::UNAUTHORIZED)
            .await;
    }
}

async fn app_with_rep() -> TestApp {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    app.user(&admin, "rep@example.com", Role::Rep).await;
    app
}

#[tokio::test]
async fn after_five_failures_from_one_address_that_address_waits_a_minute_even_with_the_right_password()
 {
    let app = app_with_rep().await;
    let stranger = app.browser_at("127.0.0.2");
    fail_times(&stranger, "rep@example.com", 5).await;
    let refused = stranger.sign_in("rep@example.com", PASSWORD).await;
    let wait: i64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((50..=60).contains(&wait), "Retry-After: {wait}");
    let error = refused.error_with(StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(error.code, "too_many_attempts");
    // The minute has been running since the fifth failure: on a slow run a second or two of it
    // is gone, and the message says the seconds left, as the header does.
    let phrase = match wait {
        60 => "1 minute".to_string(),
        seconds => format!("{seconds} seconds"),
    };
    assert!(error.message.ends_with(&phrase), "{}", error.message);
}

#[tokio::test]
async fn a_strangers_failures_from_one_address_do_not_stop_the_rep_signing_in_from_another() {
    let app = app_with_rep().await;
    let stranger = app.browser_at("127.0.0.2");
    fail_times(&stranger, "rep@example.com", 5).await;
    stranger
        .sign_in("rep@example.com", "one more guess")
        .await
        .error_with(StatusCode::TOO_MANY_REQUESTS)
        .await;
    app.browser_at("127.0.0.3")
        .sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn a_browser_that_signed_in_before_is_not_locked_out_by_a_stranger_at_the_same_address() {
    let app = app_with_rep().await;
    // The rep and a stranger share an office's address.
    let rep = app.browser_at("127.0.0.4");
    rep.sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let stranger = app.browser_at("127.0.0.4");
    fail_times(&stranger, "rep@example.com", 5).await;
    stranger
        .sign_in("rep@example.com", PASSWORD)
        .await
        .error_with(StatusCode::TOO_MANY_REQUESTS)
        .await;
    rep.sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn only_failures_count_and_a_success_starts_the_count_afresh() {
    let app = app_with_rep().await;
    let rep = app.browser_at("127.0.0.5");
    for _ in 0..8 {
        rep.sign_in("rep@example.com", PASSWORD)
            .await
            .assert_status(StatusCode::OK)
            .await;
    }
    fail_times(&rep, "rep@example.com", 4).await;
    rep.sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
    fail_times(&rep, "rep@example.com", 4).await;
    rep.sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn sign_ins_whose_connections_drop_lock_nobody_out() {
    let app = app_with_rep().await;
    let tabs: Vec<_> = (0..8)
        .map(|_| {
            let browser = app.browser_at("127.0.0.6");
            tokio::spawn(async move {
                // The client gives up long before the password is checked.
                let _ = tokio::time::timeout(
                    Duration::from_millis(2),
                    browser.sign_in("rep@example.com", PASSWORD),
                )
                .await;
            })
        })
        .collect();
    for tab in tabs {
        tab.await.unwrap();
    }
    // Attempts the server had admitted still finish; give them time to.
    tokio::time::sleep(Duration::from_secs(3)).await;
    app.browser_at("127.0.0.6")
        .sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn parallel_guesses_from_one_address_cannot_slip_past_the_limit() {
    let app = app_with_rep().await;
    let guesses: Vec<_> = (0..20)
        .map(|n| {
            let browser = app.browser_at("127.0.0.7");
            tokio::spawn(async move {
                browser
                    .sign_in("rep@example.com", &format!("guess number {n}"))
                    .await
                    .status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.expect("the guess ran"));
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(checked <= 5, "{checked} passwords were checked");
    assert_eq!(checked + refused, 20, "{statuses:?}");
}

#[tokio::test]
async fn guessing_spread_over_many_addresses_meets_the_account_ceiling_but_a_known_browser_passes()
{
    let app = app_with_rep().await;
    let rep = app.browser_at("127.0.1.1");
    rep.sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
    // Fifty failures an hour from untrusted sources: five from each of ten addresses.
    for host in 0..10 {
        let stranger = app.browser_at(&format!("127.0.2.{}", host + 1));
        fail_times(&stranger, "rep@example.com", 5).await;
    }
    let error = app
        .browser_at("127.0.3.1")
        .sign_in("rep@example.com", PASSWORD)
        .await
        .error_with(StatusCode::TOO_MANY_REQUESTS)
        .await;
    assert_eq!(error.code, "too_many_attempts");
    rep.sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn the_trusted_device_cookie_is_http_only_strict_and_only_sent_to_sign_in() {
    let app = app_with_rep().await;
    let response = app.browser().sign_in("rep@example.com", PASSWORD).await;
    let device = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("worklane_device="))
        .expect("a trusted-device cookie")
        .to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/api/session"] {
        assert!(device.contains(part), "{device} lacks {part}");
    }
}
