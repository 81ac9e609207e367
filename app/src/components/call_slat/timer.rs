//! The slat's running timer: how long the call has been connected, as mm:ss, by the browser's
//! clock (jiff's `Timestamp::now()` has no clock to read in the browser).

use worklane_domain::{LiveCall, LiveCallState, Timestamp};

/// Seconds as "mm:ss" (minutes go on past 59: "75:03").
pub fn clock(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

/// What the timer shows at `now_ms` (milliseconds since the epoch): the time talked so far,
/// frozen once the call ended; "Ringing" before it connected; "Missed" if it never did.
pub fn timer_text(call: &LiveCall, now_ms: f64) -> String {
    if call.connected_at.is_none() {
        return if call.state == LiveCallState::Ended {
            "Missed".into()
        } else {
            "Ringing".into()
        };
    }
    let now = Timestamp::from_millisecond(now_ms as i64).unwrap_or(call.started_at);
    clock(i64::from(call.talked_seconds(now)))
}

#[cfg(test)]
mod tests {
    use worklane_domain::{CallId, Direction, UserId};

    use super::*;

    #[test]
    fn the_clock_shows_minutes_and_seconds() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(65), "01:05");
        assert_eq!(clock(4503), "75:03");
        assert_eq!(
            clock(-3),
            "00:00",
            "a browser clock a little behind the server's"
        );
    }

    #[test]
    fn the_timer_runs_from_the_connection_and_stops_at_the_end() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let mut call = LiveCall {
            id: CallId::from_raw("c"),
            direction: Direction::Inbound,
            number: None,
            contact_id: None,
            contact_name: None,
            user: UserId::from_raw("u"),
            state: LiveCallState::Ringing,
            started_at: at("2026-06-01T15:00:00Z"),
            connected_at: None,
            ended_at: None,
            interaction_id: None,
            note: String::new(),
            order_id: None,
            work_items: Vec::new(),
            recording_url: None,
            version: 1,
        };
        let now = at("2026-06-01T15:01:00Z").as_millisecond() as f64;
        assert_eq!(timer_text(&call, now), "Ringing");
        call.state = LiveCallState::Connected;
        call.connected_at = Some(at("2026-06-01T15:00:10Z"));
        assert_eq!(timer_text(&call, now), "00:50");
        call.state = LiveCallState::Ended;
        call.ended_at = Some(at("2026-06-01T15:02:15Z"));
        assert_eq!(timer_text(&call, now + 600_000.0), "02:05");
        call.connected_at = None;
        assert_eq!(timer_text(&call, now), "Missed");
    }
}
