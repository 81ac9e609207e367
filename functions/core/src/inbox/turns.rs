//! One process never races itself on a user's inbox: the writes that file into or move
//! within one user's inbox take turns here. Exactness does not depend on it — every such
//! write is a transaction conditioned on the entry and the unread count it read, so writers
//! in different processes (Lambda instances) stay exact — but within one process a burst of
//! clicks then queues instead of failing its conditions and retrying. (It also keeps the
//! DynamoDB test server honest: moto rolls a failed transaction back by restoring a copy of
//! the whole table, which loses a concurrent transaction's writes.)

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use tokio::sync::{Mutex as Queue, OwnedMutexGuard};
use worklane_domain::UserId;

type Queues = Mutex<HashMap<UserId, Arc<Queue<()>>>>;

static QUEUES: LazyLock<Queues> = LazyLock::new(Queues::default);

/// A user's turn; the next writer to their inbox goes when it is dropped.
pub(crate) struct Turn {
    user: UserId,
    _guard: OwnedMutexGuard<()>,
}

/// Waits for `user`'s turn.
pub(crate) async fn take(user: &UserId) -> Turn {
    let queue = {
        let mut queues = QUEUES.lock().unwrap_or_else(|p| p.into_inner());
        queues.entry(user.clone()).or_default().clone()
    };
    Turn {
        user: user.clone(),
        _guard: queue.lock_owned().await,
    }
}

impl Drop for Turn {
    /// Forgets the user's queue when nobody waits on it (the map and this turn hold it).
    fn drop(&mut self) {
        let mut queues = QUEUES.lock().unwrap_or_else(|p| p.into_inner());
        if queues
            .get(&self.user)
            .is_some_and(|q| Arc::strong_count(q) <= 2)
        {
            queues.remove(&self.user);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn turns_of_one_user_queue_and_are_forgotten_when_done() {
        let user = UserId::from_raw("turns-test-user");
        let first = take(&user).await;
        let waiting = tokio::spawn({
            let user = user.clone();
            async move {
                let _second = take(&user).await;
            }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(first);
        waiting.await.unwrap();
        let other = take(&UserId::from_raw("turns-test-other")).await;
        drop(other);
        let queues = QUEUES.lock().unwrap();
        assert!(!queues.contains_key(&user));
    }
}
