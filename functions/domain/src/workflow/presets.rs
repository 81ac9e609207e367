//! The three workflows Worklane ships with: the consultation flow of seeds 001/002, the
//! numbered service-ticket flow of seed 004, and the work-order flow of seed 003.

use crate::{
    ExtensionDef, Priority, PriorityChange, Requirement, StatusDef, StatusKind, TransitionDef,
    Workflow,
};

pub const CONSULTATION: &str = "consultation";
pub const SERVICE_TICKET: &str = "service-ticket";
pub const WORK_ORDER: &str = "work-order";

fn status(key: &str, label: &str, color: &str, kind: StatusKind) -> StatusDef {
    StatusDef {
        key: key.into(),
        label: label.into(),
        number: None,
        color: color.into(),
        kind,
        requires: Vec::new(),
        priority_change: None,
    }
}

fn transitions(pairs: &[(&str, &str)]) -> Vec<TransitionDef> {
    pairs
        .iter()
        .map(|(from, to)| TransitionDef {
            from: (*from).into(),
            to: (*to).into(),
        })
        .collect()
}

/// NEW → IN PROGRESS → PENDING → RESOLVED / SELLING → SOLD, and CLOSED. Closing asks why.
pub fn consultation() -> Workflow {
    let closing = |mut s: StatusDef| {
        s.requires = vec![Requirement::ClosingReason];
        s
    };
    Workflow {
        key: CONSULTATION.into(),
        name: "Consultation".into(),
        statuses: vec![
            status("NEW", "New", "#2e7d32", StatusKind::Open),
            status("IN_PROGRESS", "In Progress", "#1565c0", StatusKind::Open),
            status("PENDING", "Pending", "#f9a825", StatusKind::Open),
            closing(status(
                "RESOLVED",
                "Resolved",
                "#00897b",
                StatusKind::Closed,
            )),
            status("SELLING", "Selling", "#6a1b9a", StatusKind::Open),
            closing(status("SOLD", "Sold", "#1b5e20", StatusKind::Closed)),
            closing(status("CLOSED", "Closed", "#616161", StatusKind::Closed)),
        ],
        initial: "NEW".into(),
        transitions: transitions(&[
            ("NEW", "IN_PROGRESS"),
            ("NEW", "CLOSED"),
            ("IN_PROGRESS", "PENDING"),
            ("IN_PROGRESS", "RESOLVED"),
            ("IN_PROGRESS", "SELLING"),
            ("IN_PROGRESS", "CLOSED"),
            ("PENDING", "IN_PROGRESS"),
            ("PENDING", "RESOLVED"),
            ("PENDING", "SELLING"),
            ("PENDING", "CLOSED"),
            ("SELLING", "SOLD"),
            ("SELLING", "PENDING"),
            ("SELLING", "CLOSED"),
            ("RESOLVED", "IN_PROGRESS"),
            ("CLOSED", "IN_PROGRESS"),
        ]),
        extensions: Vec::new(),
        lockable: false,
        version: 0,
    }
}

/// The numbered ticket statuses 0 New … 9 Completed with their status extensions. Any open
/// status may move to any other; a completed ticket may be reopened; a cancelled one is
/// kept, never deleted, and never handled again.
pub fn service_ticket() -> Workflow {
    let numbered = |n: u8, key: &str, label: &str, color: &str, kind: StatusKind| StatusDef {
        number: Some(n),
        ..status(key, label, color, kind)
    };
    let mut statuses = vec![
        numbered(0, "NEW", "New", "#2e7d32", StatusKind::Open),
        numbered(
            1,
            "ASSIGNED_IN_HOUSE",
            "Assigned in House",
            "#0277bd",
            StatusKind::Open,
        ),
        numbered(
            2,
            "ASSIGNED_ON_SITE",
            "Assigned on Site",
            "#00838f",
            StatusKind::Open,
        ),
        numbered(
            3,
            "WORK_IN_PROGRESS",
            "Work in Progress",
            "#1565c0",
            StatusKind::Open,
        ),
        numbered(
            4,
            "PENDING",
            "Pending (Completed Pending Approval)",
            "#f9a825",
            StatusKind::Open,
        ),
        numbered(5, "INTERNAL", "Internal", "#5d4037", StatusKind::Open),
        numbered(6, "HOLD", "Hold", "#ef6c00", StatusKind::Open),
        numbered(
            7,
            "RECURRING",
            "Recurring Task",
            "#7b1fa2",
            StatusKind::Open,
        ),
        numbered(8, "CANCELLED", "Cancelled", "#9e9e9e", StatusKind::Void),
        numbered(9, "COMPLETED", "Completed", "#1b5e20", StatusKind::Closed),
    ];
    statuses[4].priority_change = Some(PriorityChange::Lower);
    statuses[5].priority_change = Some(PriorityChange::Set(Priority::NotApplicable));
    statuses[6].priority_change = Some(PriorityChange::Set(Priority::NotApplicable));
    statuses[6].requires = vec![Requirement::NewDueDate];
    statuses[9].requires = vec![Requirement::ResolutionDescription];
    let mut pairs = Vec::new();
    for from in statuses.iter().filter(|s| s.kind == StatusKind::Open) {
        for to in statuses.iter().filter(|s| s.key != from.key) {
            pairs.push(TransitionDef {
                from: from.key.clone(),
                to: to.key.clone(),
            });
        }
    }
    pairs.push(TransitionDef {
        from: "COMPLETED".into(),
        to: "WORK_IN_PROGRESS".into(),
    });
    let extensions = [
        ("AES", "Assigned Email Sent"),
        ("CA1", "Contact Attempt 1"),
        ("CA2", "Contact Attempt 2"),
        ("CA3", "Contact Attempt 3"),
        ("CA4", "Contact Attempt 4"),
        ("FCI", "Final Check In"),
        ("Project", "Project"),
        ("Product", "Product"),
        ("Quote", "Quote"),
        ("WFC", "Waiting For Client"),
        ("WFR", "Waiting For Result"),
        ("WFV", "Waiting For Vendor"),
    ]
    .map(|(key, label)| ExtensionDef {
        key: key.into(),
        label: label.into(),
    })
    .into();
    Workflow {
        key: SERVICE_TICKET.into(),
        name: "Service ticket".into(),
        statuses,
        initial: "NEW".into(),
        transitions: pairs,
        extensions,
        lockable: false,
        version: 0,
    }
}

/// Open, resolved, closed, and Obsolete (void). Work orders can be locked.
pub fn work_order() -> Workflow {
    Workflow {
        key: WORK_ORDER.into(),
        name: "Work order".into(),
        statuses: vec![
            status("OPEN", "Open", "#1565c0", StatusKind::Open),
            status("RESOLVED", "Resolved", "#00897b", StatusKind::Open),
            status("CLOSED", "Closed", "#616161", StatusKind::Closed),
            status("OBSOLETE", "Obsolete", "#9e9e9e", StatusKind::Void),
        ],
        initial: "OPEN".into(),
        transitions: transitions(&[
            ("OPEN", "RESOLVED"),
            ("OPEN", "CLOSED"),
            ("OPEN", "OBSOLETE"),
            ("RESOLVED", "OPEN"),
            ("RESOLVED", "CLOSED"),
            ("RESOLVED", "OBSOLETE"),
            ("CLOSED", "OPEN"),
        ]),
        extensions: Vec::new(),
        lockable: true,
        version: 0,
    }
}

/// Every shipped workflow.
pub fn preset_workflows() -> Vec<Workflow> {
    vec![consultation(), service_ticket(), work_order()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CalendarDate, ItemState, TransitionRequest};

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 23).unwrap()
    }

    fn to(status: &str) -> TransitionRequest {
        TransitionRequest {
            to: status.into(),
            ..TransitionRequest::default()
        }
    }

    fn at(status: &str, priority: Priority) -> ItemState<'_> {
        ItemState {
            status,
            priority,
            locked: false,
        }
    }

    #[test]
    fn every_preset_is_a_valid_workflow() {
        for workflow in preset_workflows() {
            workflow
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", workflow.key));
        }
    }

    #[test]
    fn a_consultation_walks_new_in_progress_pending_resolved_and_asks_why_it_closes() {
        let w = consultation();
        assert_eq!(w.initial, "NEW");
        let mut state = "NEW".to_string();
        for next in ["IN_PROGRESS", "PENDING"] {
            state = w
                .transition(at(&state, Priority::Normal), &to(next), today())
                .unwrap()
                .status;
        }
        let refused = w
            .transition(at(&state, Priority::Normal), &to("RESOLVED"), today())
            .unwrap_err();
        assert!(
            refused
                .for_field("closing_reason")
                .unwrap()
                .contains("Resolved")
        );
        let reason = TransitionRequest {
            closing_reason: Some("Explained the quiz".into()),
            ..to("RESOLVED")
        };
        let done = w
            .transition(at(&state, Priority::Normal), &reason, today())
            .unwrap();
        assert_eq!(done.status, "RESOLVED");
        assert_eq!(done.closing_reason.as_deref(), Some("Explained the quiz"));
    }

    #[test]
    fn a_consultation_sells_before_it_is_sold_and_names_the_allowed_steps() {
        let w = consultation();
        let refused = w
            .transition(at("NEW", Priority::High), &to("SOLD"), today())
            .unwrap_err();
        let message = refused.for_field("to").unwrap();
        assert!(message.contains("cannot go from New to Sold"), "{message}");
        assert!(message.contains("In Progress, Closed"), "{message}");
        let sold = TransitionRequest {
            closing_reason: Some("Order 1001".into()),
            ..to("SOLD")
        };
        assert_eq!(
            w.transition(at("SELLING", Priority::High), &sold, today())
                .unwrap()
                .status,
            "SOLD"
        );
    }

    #[test]
    fn a_ticket_on_hold_needs_a_later_due_date_and_drops_its_priority() {
        let w = service_ticket();
        let missing = w
            .transition(at("WORK_IN_PROGRESS", Priority::High), &to("HOLD"), today())
            .unwrap_err();
        assert!(missing.for_field("due_date").is_some());
        let past = TransitionRequest {
            due_date: Some("2026-11-23".into()),
            ..to("HOLD")
        };
        let refused = w
            .transition(at("WORK_IN_PROGRESS", Priority::High), &past, today())
            .unwrap_err();
        assert!(
            refused
                .for_field("due_date")
                .unwrap()
                .contains("after 2026-11-23")
        );
        let later = TransitionRequest {
            due_date: Some("2026-12-01".into()),
            ..to("HOLD")
        };
        let held = w
            .transition(at("WORK_IN_PROGRESS", Priority::High), &later, today())
            .unwrap();
        assert_eq!(held.priority, Priority::NotApplicable);
        assert_eq!(held.due_date, CalendarDate::new(2026, 12, 1));
    }

    #[test]
    fn pending_lowers_a_tickets_priority_and_internal_makes_it_not_applicable() {
        let w = service_ticket();
        let pending = w
            .transition(
                at("WORK_IN_PROGRESS", Priority::High),
                &to("PENDING"),
                today(),
            )
            .unwrap();
        assert_eq!(pending.priority, Priority::Normal);
        let internal = w
            .transition(at("NEW", Priority::Urgent), &to("INTERNAL"), today())
            .unwrap();
        assert_eq!(internal.priority, Priority::NotApplicable);
        let numbers: Vec<_> = w.statuses.iter().map(|s| s.number.unwrap()).collect();
        assert_eq!(numbers, (0..=9).collect::<Vec<u8>>());
    }

    #[test]
    fn a_ticket_completes_only_with_a_resolution_and_a_cancelled_one_is_never_handled_again() {
        let w = service_ticket();
        let bare = w
            .transition(at("PENDING", Priority::Low), &to("COMPLETED"), today())
            .unwrap_err();
        assert!(bare.for_field("resolution").is_some());
        let resolved = TransitionRequest {
            resolution: Some("Replaced the router".into()),
            ..to("COMPLETED")
        };
        assert_eq!(
            w.transition(at("PENDING", Priority::Low), &resolved, today())
                .unwrap()
                .status,
            "COMPLETED"
        );
        let cancelled = w
            .transition(at("CANCELLED", Priority::Low), &to("NEW"), today())
            .unwrap_err();
        assert!(cancelled.for_field("to").unwrap().contains("void"));
    }

    #[test]
    fn ticket_extensions_are_checked_and_may_change_without_a_status_change() {
        let w = service_ticket();
        let ca2 = TransitionRequest {
            extension: Some("CA2".into()),
            ..to("PENDING")
        };
        let outcome = w
            .transition(at("PENDING", Priority::Normal), &ca2, today())
            .unwrap();
        assert_eq!(
            (outcome.status.as_str(), outcome.extension.as_deref()),
            ("PENDING", Some("CA2"))
        );
        assert_eq!(
            outcome.priority,
            Priority::Normal,
            "staying in Pending does not lower it again"
        );
        let unknown = TransitionRequest {
            extension: Some("XYZ".into()),
            ..to("PENDING")
        };
        assert!(
            w.transition(at("PENDING", Priority::Normal), &unknown, today())
                .unwrap_err()
                .for_field("extension")
                .is_some()
        );
        assert_eq!(w.extensions.len(), 12);
    }

    #[test]
    fn a_locked_or_obsolete_work_order_cannot_be_handled() {
        let w = work_order();
        let locked = ItemState {
            status: "OPEN",
            priority: Priority::Urgent,
            locked: true,
        };
        assert!(
            w.transition(locked, &to("RESOLVED"), today())
                .unwrap_err()
                .for_field("to")
                .unwrap()
                .contains("locked")
        );
        assert!(
            w.transition(at("OBSOLETE", Priority::Urgent), &to("OPEN"), today())
                .is_err()
        );
        assert_eq!(
            w.transition(at("OPEN", Priority::Urgent), &to("OBSOLETE"), today())
                .unwrap()
                .status,
            "OBSOLETE"
        );
    }

    #[test]
    fn a_broken_definition_is_refused_field_by_field() {
        let mut w = consultation();
        w.statuses[1].key = "NEW".into();
        w.statuses[2].color = "orange".into();
        w.initial = "NOPE".into();
        w.transitions.push(TransitionDef {
            from: "NEW".into(),
            to: "GONE".into(),
        });
        let errors = w.validate().unwrap_err();
        for field in ["statuses[1].key", "statuses[2].color", "initial"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors}");
        }
        assert!(errors.iter().any(|e| e.message.contains("GONE")));
    }

    #[test]
    fn calendar_dates_are_real_days() {
        assert_eq!(
            CalendarDate::parse("2028-02-29").unwrap().to_string(),
            "2028-02-29"
        );
        assert!(CalendarDate::parse("2026-02-29").is_err());
        assert!(CalendarDate::parse("26-1-1").is_err());
        assert!(CalendarDate::parse("2026-01-01") < CalendarDate::parse("2026-01-02"));
    }
}
