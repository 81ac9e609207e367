//! My Work Items: the open items assigned to the signed-in user, by callback time and then
//! age, filtered by type, category, status and priority. Every filter combination is a
//! keyed query of one of the assignee's open-item indexes (by type, else by status, else by
//! category, else all); what that index does not decide is checked item by item.

use std::collections::HashMap;

use worklane_domain::{FieldErrors, Page, Priority, WorkItemView};
use worklane_store::{Cursor, Index, Query};

use super::WorkItems;
use crate::Access;
use crate::catalog::Catalog;
use crate::{CoreError, keys};

/// The most items on one page.
pub const PAGE_SIZE: usize = 50;

/// The most index reads of one request. When criteria are checked item by item a page may
/// hold fewer than [`PAGE_SIZE`] items and still have a cursor to go on.
pub const MAX_READS: usize = 4;

/// What My Work Items shows; every criterion is optional and they combine.
#[derive(Debug, Clone, Default)]
pub struct MyWorkItemsFilter {
    pub type_key: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub priority: Option<Priority>,
    pub cursor: Option<String>,
}

/// The filter's criteria, checked against the catalog.
struct Criteria {
    type_key: Option<String>,
    status: Option<String>,
    priority: Option<Priority>,
    category: Option<String>,
    /// Each type's category, when a category is asked for.
    categories: HashMap<String, String>,
}

impl Criteria {
    fn matches(&self, item: &WorkItemView) -> bool {
        self.type_key.as_ref().is_none_or(|t| *t == item.type_key)
            && self.status.as_ref().is_none_or(|s| *s == item.status)
            && self.priority.is_none_or(|p| p == item.priority)
            && self
                .category
                .as_ref()
                .is_none_or(|c| self.categories.get(&item.type_key) == Some(c))
    }
}

fn given(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl WorkItems<'_> {
    /// The actor's open items matching `filter`, by callback time and then age.
    pub async fn assigned_open(
        &self,
        access: &Access,
        filter: MyWorkItemsFilter,
    ) -> Result<Page<WorkItemView>, CoreError> {
        let actor = access.actor()?;
        let Some(criteria) = self.criteria(&filter).await? else {
            return Ok(Page {
                items: Vec::new(),
                next_cursor: None,
            });
        };
        let me = &actor.id;
        let (index, pk) = match (&criteria.type_key, &criteria.status, &criteria.category) {
            (Some(t), _, _) => (Index::GSI3, keys::open_items_of_type(me, t)),
            (None, Some(s), _) => (Index::GSI4, keys::open_items_in_status(me, s)),
            (None, None, Some(c)) => (Index::GSI5, keys::open_items_in_category(me, c)),
            (None, None, None) => (Index::GSI2, keys::open_items_of(me)),
        };
        let mut items = Vec::new();
        let mut cursor = filter.cursor;
        for _ in 0..MAX_READS {
            let query = Query::index(index, pk.clone())
                .limit(PAGE_SIZE - items.len())
                .after(cursor.take().map(Cursor::from_client));
            let page = self.page(query).await?;
            items.extend(page.items.into_iter().filter(|i| criteria.matches(i)));
            cursor = page.next_cursor;
            if cursor.is_none() || items.len() >= PAGE_SIZE {
                break;
            }
        }
        Ok(Page {
            items,
            next_cursor: cursor,
        })
    }

    /// The criteria, each checked to name something that exists; `None` when they cannot
    /// all hold at once (a type outside the category asked for).
    async fn criteria(&self, filter: &MyWorkItemsFilter) -> Result<Option<Criteria>, CoreError> {
        let catalog = Catalog::new(self.store);
        let type_key = given(filter.type_key.clone());
        let status = given(filter.status.clone());
        let category = given(filter.category.clone());
        let mut errors = FieldErrors::new();
        let work_type = match &type_key {
            None => None,
            Some(key) => match catalog.work_type(key).await {
                Ok(t) => Some(t),
                Err(CoreError::NotFound(_)) => {
                    errors.add("type", format!("there is no work item type {key}"));
                    None
                }
                Err(e) => return Err(e),
            },
        };
        let mut categories = HashMap::new();
        if let Some(category) = &category {
            categories = catalog
                .work_types()
                .await?
                .into_iter()
                .map(|t| (t.key, t.category))
                .collect();
            if !categories.values().any(|c| c == category) {
                errors.add(
                    "category",
                    format!("no work item type is in the category {category}"),
                );
            }
        }
        if let Some(status) = &status {
            let workflows = catalog.workflows().await?;
            match &work_type {
                Some(t) => {
                    if let Some(w) = workflows.iter().find(|w| w.key == t.workflow)
                        && w.status(status).is_none()
                    {
                        errors.add(
                            "status",
                            format!("{status} is not a status of the {} workflow", w.name),
                        );
                    }
                }
                None if !workflows.iter().any(|w| w.status(status).is_some()) => {
                    errors.add(
                        "status",
                        format!("{status} is not a status of any workflow"),
                    );
                }
                None => {}
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        if let (Some(t), Some(c)) = (&work_type, &category)
            && t.category != *c
        {
            return Ok(None);
        }
        Ok(Some(Criteria {
            type_key,
            status,
            priority: filter.priority,
            category,
            categories,
        }))
    }
}

#[cfg(test)]
mod tests {
    use worklane_domain::{NewWorkItemRequest, Priority};

    use super::*;
    use crate::work_items::tests::{setup, support};

    #[tokio::test]
    async fn a_sparse_filter_reads_a_bounded_number_of_pages_and_gives_a_cursor_to_go_on() {
        let (app, actor, contact) = setup().await;
        let items = app.work_items();
        let examined = PAGE_SIZE * MAX_READS;
        for n in 0..examined + 5 {
            items
                .create(&actor, &contact, support(&format!("Normal {n}")))
                .await
                .unwrap();
        }
        let fraud = NewWorkItemRequest {
            type_key: "fraud-review".into(),
            description: "The only High one".into(),
            assignee_id: None,
        };
        let high = items.create(&actor, &contact, fraud).await.unwrap();
        let filter = |cursor| MyWorkItemsFilter {
            priority: Some(Priority::High),
            cursor,
            ..MyWorkItemsFilter::default()
        };
        let first = items.assigned_open(&actor, filter(None)).await.unwrap();
        assert!(first.items.is_empty(), "nothing High among the first pages");
        let cursor = first.next_cursor.expect("a cursor to go on");
        let second = items
            .assigned_open(&actor, filter(Some(cursor)))
            .await
            .unwrap();
        assert_eq!(
            second.items.iter().map(|i| i.number).collect::<Vec<_>>(),
            [high.number]
        );
        assert_eq!(second.next_cursor, None);

        let unfiltered = items
            .assigned_open(&actor, MyWorkItemsFilter::default())
            .await
            .unwrap();
        assert_eq!(unfiltered.items.len(), PAGE_SIZE);
        assert!(unfiltered.next_cursor.is_some());
    }
}
