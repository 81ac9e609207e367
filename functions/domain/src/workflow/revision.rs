//! What an admin may change in a workflow that items already follow.

use crate::{FieldErrors, Workflow};

impl Workflow {
    /// Checks `self` as the next version of `current`: a valid definition with the same key
    /// that keeps every status `current` has, each of the same kind. Items may sit in any
    /// status, and open items are listed by it, so a status is retired by removing the
    /// transitions into it, never the status itself.
    pub fn validate_revision(&self, current: &Workflow) -> Result<(), FieldErrors> {
        let mut errors = match self.validate() {
            Ok(()) => FieldErrors::new(),
            Err(errors) => errors,
        };
        if self.key != current.key {
            errors.add(
                "key",
                format!("a workflow's key can't change; this is {}", current.key),
            );
        }
        for old in &current.statuses {
            match self.statuses.iter().position(|s| s.key == old.key) {
                None => errors.add(
                    "statuses",
                    format!(
                        "status {} is in use by work items; remove its transitions instead",
                        old.key
                    ),
                ),
                Some(i) if self.statuses[i].kind != old.kind => errors.add(
                    format!("statuses[{i}].kind"),
                    format!(
                        "status {} stays {:?}: work items in it are listed by it; add a new status instead",
                        old.key, old.kind
                    ),
                ),
                Some(_) => {}
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{StatusKind, consultation};

    #[test]
    fn a_revision_keeps_every_status_and_its_kind_but_may_drop_transitions() {
        let current = consultation();
        let mut next = consultation();
        next.transitions.retain(|t| t.to != "SELLING");
        next.statuses[0].label = "Fresh".into();
        assert!(next.validate_revision(&current).is_ok());

        let mut removed = consultation();
        removed.statuses.retain(|s| s.key != "SELLING");
        removed
            .transitions
            .retain(|t| t.from != "SELLING" && t.to != "SELLING");
        let errors = removed.validate_revision(&current).unwrap_err();
        assert_eq!(
            errors.for_field("statuses"),
            Some("status SELLING is in use by work items; remove its transitions instead")
        );

        let mut rekinded = consultation();
        rekinded.statuses[2].kind = StatusKind::Closed;
        let errors = rekinded.validate_revision(&current).unwrap_err();
        assert!(errors.for_field("statuses[2].kind").is_some(), "{errors}");

        let mut renamed = consultation();
        renamed.key = "other".into();
        assert!(
            renamed
                .validate_revision(&current)
                .unwrap_err()
                .for_field("key")
                .is_some()
        );
    }
}
