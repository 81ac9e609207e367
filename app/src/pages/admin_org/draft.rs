//! The chart being edited, as every row of the form reads and changes it, and the server's
//! messages for each row.

use leptos::prelude::*;
use worklane_domain::{
    Department, FieldError, OrgChart, Placement, SharingRule, TeamMember, UserGroup, UserId,
};

use super::chart::name_of;

/// What every row of the form reads and edits.
#[derive(Clone, Copy)]
pub struct Org {
    pub draft: RwSignal<OrgChart>,
    pub team: StoredValue<Vec<TeamMember>>,
    /// The last refused save's messages, by what they are about (`dept:sales.parent`).
    pub errors: RwSignal<Vec<FieldError>>,
    /// The departments in tree order with their depth.
    pub tree: Memo<Vec<(String, usize)>>,
    /// The same as choices of a select, each shown by its path (`Sales › Team East`).
    pub departments: Memo<Vec<(String, String)>>,
}

impl Org {
    pub fn department<T: Default>(&self, key: &str, read: impl FnOnce(&Department) -> T) -> T {
        self.draft.with(|c| {
            c.departments
                .iter()
                .find(|d| d.key == key)
                .map(read)
                .unwrap_or_default()
        })
    }

    pub fn edit_department(&self, key: &str, edit: impl FnOnce(&mut Department)) {
        self.draft.update(|c| {
            if let Some(d) = c.departments.iter_mut().find(|d| d.key == key) {
                edit(d);
            }
        });
    }

    pub fn placement<T: Default>(&self, user: &UserId, read: impl FnOnce(&Placement) -> T) -> T {
        self.draft.with(|c| {
            c.placements
                .iter()
                .find(|p| &p.user == user)
                .map(read)
                .unwrap_or_default()
        })
    }

    pub fn edit_placement(&self, user: &UserId, edit: impl FnOnce(&mut Placement)) {
        self.draft.update(
            |c| match c.placements.iter_mut().find(|p| &p.user == user) {
                Some(p) => edit(p),
                None => {
                    let mut p = Placement {
                        user: user.clone(),
                        department: None,
                        reports_to: None,
                    };
                    edit(&mut p);
                    c.placements.push(p);
                }
            },
        );
    }

    pub fn group<T: Default>(&self, key: &str, read: impl FnOnce(&UserGroup) -> T) -> T {
        self.draft.with(|c| {
            c.groups
                .iter()
                .find(|g| g.key == key)
                .map(read)
                .unwrap_or_default()
        })
    }

    pub fn edit_group(&self, key: &str, edit: impl FnOnce(&mut UserGroup)) {
        self.draft.update(|c| {
            if let Some(g) = c.groups.iter_mut().find(|g| g.key == key) {
                edit(g);
            }
        });
    }

    pub fn rule<T: Default>(&self, key: &str, read: impl FnOnce(&SharingRule) -> T) -> T {
        self.draft.with(|c| {
            c.sharing_rules
                .iter()
                .find(|r| r.key == key)
                .map(read)
                .unwrap_or_default()
        })
    }

    pub fn edit_rule(&self, key: &str, edit: impl FnOnce(&mut SharingRule)) {
        self.draft.update(|c| {
            if let Some(r) = c.sharing_rules.iter_mut().find(|r| r.key == key) {
                edit(r);
            }
        });
    }

    pub fn name_of(&self, id: &UserId) -> String {
        self.team.with_value(|team| name_of(team, id))
    }

    /// The message of the first error about `id` (`dept:sales`) whose part is one of `parts`.
    pub fn message_for(
        &self,
        id: String,
        parts: &'static [&'static str],
    ) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| {
                        e.field
                            .strip_prefix(id.as_str())
                            .and_then(|rest| rest.strip_prefix('.'))
                            .is_some_and(|part| parts.contains(&part))
                    })
                    .map(|e| e.message.clone())
            })
        })
    }
}
