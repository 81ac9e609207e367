//! App-wide state: who is signed in, and the team (for owner names and owner choices).

use leptos::prelude::*;
use worklane_domain::{Availability, Role, TeamMember, UserId, UserView};

use crate::{
    api::{self, ApiError},
    catalog::Catalog,
};

/// The user id imported work items are created by: shown as "Imports", not as a person.
pub const IMPORTS_USER: &str = "system-imports";

pub type TeamResource = LocalResource<Result<Vec<TeamMember>, ApiError>>;
pub type CatalogResource = LocalResource<Result<Catalog, ApiError>>;

/// Whether the router is resolving a route: true while a page's code is being fetched on
/// its first visit.
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in user, once known.
    pub user: RwSignal<Option<UserView>>,
    /// Every user by name (disabled ones marked); loaded once per signed-in user.
    pub team: TeamResource,
    /// Workflows and work item types; loaded once per signed-in user.
    pub catalog: CatalogResource,
    /// How many Inbox entries are unread, once known; updated at once by the app's own
    /// read/unread clicks and polled for everything else.
    pub unread: RwSignal<Option<u64>>,
    /// Counts this app's own read/unread clicks, so an older answer of the server does not
    /// put back a number a click has already changed.
    unread_changes: RwSignal<u64>,
}

impl Session {
    pub fn role(&self) -> Option<Role> {
        self.user.with(|u| u.as_ref().map(|u| u.role))
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    /// Managers and admins: those who supervise others' work.
    pub fn supervises(&self) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Manager))
    }

    pub fn may_reassign(&self) -> bool {
        self.role().is_some_and(Role::may_reassign)
    }

    /// Reads the catalog, tracked; it is empty until loaded (or when it could not be).
    pub fn with_catalog<R>(&self, read: impl FnOnce(&Catalog) -> R) -> R {
        self.catalog.with(|loaded| match loaded {
            Some(Ok(catalog)) => read(catalog),
            _ => read(&Catalog::default()),
        })
    }

    /// Asks the server for the unread count. An answer is dropped when a read/unread click
    /// of this app happened while it was on its way: the click's number is newer.
    pub fn refresh_unread(&self) {
        let (unread, changes) = (self.unread, self.unread_changes);
        let asked_at = changes.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(count) = api::unread_count().await
                && changes.get_untracked() == asked_at
            {
                unread.set(Some(count.unread));
            }
        });
    }

    /// A row moved by this app: one more (`true`) or one fewer unread, shown at once.
    pub fn unread_moved(&self, more: bool) {
        self.unread_changes.update(|n| *n += 1);
        self.unread.update(|count| {
            if let Some(n) = count {
                *n = if more { *n + 1 } else { n.saturating_sub(1) };
            }
        });
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.user.with(|u| u.as_ref().map(|u| u.id.clone()))
    }

    /// A user's availability as everyone sees it; none for a disabled user.
    pub fn member_availability(&self, id: &UserId) -> Option<Availability> {
        if let Some(own) = self
            .user
            .with(|u| u.as_ref().filter(|u| &u.id == id).map(|u| u.availability))
        {
            return Some(own);
        }
        match self.team.get() {
            Some(Ok(team)) => team
                .iter()
                .find(|m| &m.id == id && !m.disabled)
                .map(|m| m.availability),
            _ => None,
        }
    }

    /// The display name of a user, tracked so it fills in once the team has loaded.
    pub fn member_name(&self, id: &UserId) -> String {
        if id.as_str() == IMPORTS_USER {
            return "Imports".to_string();
        }
        if let Some(name) = self.user.with(|u| {
            u.as_ref()
                .filter(|u| &u.id == id)
                .map(|u| u.name.to_string())
        }) {
            return name;
        }
        match self.team.get() {
            None => "…".to_string(),
            Some(Ok(team)) => team
                .iter()
                .find(|m| &m.id == id)
                .map(|m| m.name.to_string())
                .unwrap_or_else(|| "Unknown user".to_string()),
            Some(Err(_)) => "Unknown user".to_string(),
        }
    }
}

pub fn provide_session() {
    let user = RwSignal::new(None::<UserView>);
    let user_id = Memo::new(move |_| user.with(|u| u.as_ref().map(|u| u.id.clone())));
    let team = LocalResource::new(move || {
        let signed_in = user_id.get().is_some();
        async move {
            if signed_in {
                api::team().await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let catalog = LocalResource::new(move || {
        let signed_in = user_id.get().is_some();
        async move {
            if !signed_in {
                return Ok(Catalog::default());
            }
            Ok(Catalog {
                workflows: api::workflows().await?,
                types: api::work_item_types().await?,
            })
        }
    });
    provide_context(Session {
        user,
        team,
        catalog,
        unread: RwSignal::new(None),
        unread_changes: RwSignal::new(0),
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
