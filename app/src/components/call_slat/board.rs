//! Which calls the slat shows: the last poll's, brought up to date by the answers to the rep's
//! own clicks (a poll asked before a click may answer after it), without the ones the rep
//! closed; newest first.

use worklane_domain::{CallId, LiveCall};

/// A call as an answer to one of this app's requests gave it, and when (milliseconds since
/// the epoch, by the browser's clock).
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    pub call: LiveCall,
    pub at: f64,
}

/// The calls to show. A call the poll lists is shown as the newer of its two versions; one it
/// does not list is shown only if this app learned of it after the poll was asked (a call just
/// placed), so a call closed elsewhere does not come back.
pub fn merge(
    polled: &[LiveCall],
    asked_at: f64,
    learned: &[Learned],
    closed: &[CallId],
) -> Vec<LiveCall> {
    let mut calls: Vec<LiveCall> = polled.to_vec();
    for Learned { call, at } in learned {
        match calls.iter_mut().find(|c| c.id == call.id) {
            Some(shown) if shown.version < call.version => *shown = call.clone(),
            Some(_) => {}
            None if *at > asked_at => calls.push(call.clone()),
            None => {}
        }
    }
    calls.retain(|c| !closed.contains(&c.id));
    calls.sort_by_key(|c| std::cmp::Reverse(c.started_at));
    calls
}

#[cfg(test)]
mod tests {
    use worklane_domain::{Direction, LiveCallState, UserId};

    use super::*;

    fn call(id: &str, minute: u32, version: u64, state: LiveCallState) -> LiveCall {
        LiveCall {
            id: CallId::from_raw(id),
            direction: Direction::Inbound,
            number: Some("+1 555 0100".into()),
            contact_id: None,
            contact_name: None,
            user: UserId::from_raw("u"),
            state,
            started_at: format!("2026-06-01T15:{minute:02}:00Z").parse().unwrap(),
            connected_at: None,
            ended_at: None,
            interaction_id: None,
            note: String::new(),
            order_id: None,
            work_items: Vec::new(),
            recording_url: None,
            version,
        }
    }

    fn ids(calls: &[LiveCall]) -> Vec<&str> {
        calls.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn the_newer_version_of_a_call_wins_whoever_brought_it() {
        let polled = [call("a", 1, 2, LiveCallState::Connected)];
        let hung_up = Learned {
            call: call("a", 1, 3, LiveCallState::Ended),
            at: 10.0,
        };
        let shown = merge(&polled, 20.0, std::slice::from_ref(&hung_up), &[]);
        assert_eq!(
            shown[0].state,
            LiveCallState::Ended,
            "a stale poll does not undo it"
        );

        let later = [call("a", 1, 4, LiveCallState::Ended)];
        assert_eq!(merge(&later, 20.0, &[hung_up], &[])[0].version, 4);
    }

    #[test]
    fn a_call_just_placed_shows_before_the_poll_lists_it_and_not_after_it_left() {
        let placed = Learned {
            call: call("new", 5, 1, LiveCallState::Connected),
            at: 100.0,
        };
        let polled = [call("old", 1, 1, LiveCallState::Connected)];
        let shown = merge(&polled, 50.0, std::slice::from_ref(&placed), &[]);
        assert_eq!(ids(&shown), ["new", "old"], "newest first");
        // A poll asked after the call was placed no longer lists it: closed elsewhere.
        assert_eq!(ids(&merge(&polled, 150.0, &[placed], &[])), ["old"]);
    }

    #[test]
    fn a_closed_call_stays_off_even_if_a_poll_still_lists_it() {
        let polled = [
            call("a", 1, 1, LiveCallState::Ended),
            call("b", 2, 1, LiveCallState::Ringing),
        ];
        let shown = merge(&polled, 0.0, &[], &[CallId::from_raw("a")]);
        assert_eq!(ids(&shown), ["b"]);
    }
}
