//! The local server's secret store: the import sources' credentials in a file beside the
//! database, readable by its owner only, never in the table.

use std::collections::BTreeMap;
use std::path::PathBuf;

use async_trait::async_trait;
use tokio::sync::Mutex;
use worklane_core::imports::ports::{SecretError, Secrets};

pub struct FileSecrets {
    path: PathBuf,
    /// Serialises writers, so two saves never interleave.
    lock: Mutex<()>,
}

impl FileSecrets {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: Mutex::new(()),
        }
    }

    async fn read(&self) -> Result<BTreeMap<String, String>, SecretError> {
        match tokio::fs::read(&self.path).await {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| SecretError(format!("{} is not readable: {e}", self.path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(SecretError(format!(
                "cannot read {}: {e}",
                self.path.display()
            ))),
        }
    }
}

#[async_trait]
impl Secrets for FileSecrets {
    async fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        Ok(self.read().await?.remove(name))
    }

    async fn put(&self, name: &str, value: &str) -> Result<(), SecretError> {
        let _writer = self.lock.lock().await;
        let mut all = self.read().await?;
        all.insert(name.into(), value.into());
        let text = serde_json::to_vec_pretty(&all).map_err(|e| SecretError(e.to_string()))?;
        let temporary = self.path.with_extension("tmp");
        write_private(&temporary, &text)
            .await
            .map_err(|e| SecretError(format!("cannot write {}: {e}", temporary.display())))?;
        tokio::fs::rename(&temporary, &self.path)
            .await
            .map_err(|e| SecretError(format!("cannot replace {}: {e}", self.path.display())))
    }
}

/// Writes `bytes` to a new file only its owner may read.
async fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    use tokio::io::AsyncWriteExt;
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.sync_all().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_secret_put_is_read_back_and_the_file_is_private() {
        let dir = std::env::temp_dir().join(format!("worklane-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let secrets = FileSecrets::new(dir.join("secrets.json"));
        assert_eq!(secrets.get("a").await.unwrap(), None);
        secrets.put("a", "one").await.unwrap();
        secrets.put("b", "two").await.unwrap();
        assert_eq!(secrets.get("a").await.unwrap().as_deref(), Some("one"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("secrets.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
