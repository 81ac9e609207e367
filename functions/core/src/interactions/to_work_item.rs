//! Create work item from an interaction (seed 000: from the Inbox; seed 002: from the Call
//! Slat): a new work item on the interaction's contact, the interaction attached to it.

use worklane_domain::{
    AttachRequest, InteractionId, NewWorkItemRequest, WorkItemFromInteraction, WorkItemView,
};

use super::Interactions;
use crate::{Access, CoreError, WorkItems};

impl Interactions<'_> {
    pub async fn create_work_item(
        &self,
        access: &Access,
        id: &InteractionId,
        request: WorkItemFromInteraction,
    ) -> Result<WorkItemView, CoreError> {
        let record = self.require_to_change(access, id).await?;
        let view = &record.view;
        // Said as the interaction says it, unless the rep wrote what the contact needs.
        let description = match request.description.trim() {
            "" => {
                let summary = super::summary(view);
                if summary.is_empty() {
                    format!(
                        "{} on {}",
                        view.channel.label(),
                        view.at.strftime("%Y-%m-%d")
                    )
                } else {
                    summary
                }
            }
            written => written.to_string(),
        };
        let item = WorkItems::new(self.store)
            .create(
                access,
                &view.contact_id,
                NewWorkItemRequest {
                    type_key: request.type_key,
                    description,
                    assignee_id: None,
                },
            )
            .await?;
        self.attach(
            access,
            id,
            AttachRequest {
                work_item: item.number,
            },
        )
        .await?;
        Ok(item)
    }
}
