use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};

use crate::{Index, Item, StoreError};

/// Where a query resumes: the keys of the last item of the previous page, opaque to clients.
/// Both engines encode it the same way, from the item's own keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(String);

/// What a cursor holds: the item's table keys and, for an index query, its index keys.
/// For engines only.
#[doc(hidden)]
#[derive(Debug, Serialize, Deserialize)]
pub struct CursorKeys {
    pub pk: String,
    pub sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isk: Option<String>,
}

impl Cursor {
    /// Accepts a cursor a client sent back. Its content is checked when it is used.
    pub fn from_client(raw: impl Into<String>) -> Self {
        Self(raw.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The cursor that resumes after `item`. For engines only.
    #[doc(hidden)]
    pub fn after(item: &Item, index: Option<Index>) -> Self {
        let key = index.and_then(|i| item.index_key(i));
        let keys = CursorKeys {
            pk: item.pk.clone(),
            sk: item.sk.clone(),
            ipk: key.map(|k| k.pk.clone()),
            isk: key.map(|k| k.sk.clone()),
        };
        let json = serde_json::to_vec(&keys).unwrap_or_default();
        Self(URL_SAFE_NO_PAD.encode(json))
    }

    /// The keys inside, checked against the query it is used with. For engines only.
    #[doc(hidden)]
    pub fn keys(&self, index: Option<Index>, pk: &str) -> Result<CursorKeys, StoreError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(&self.0)
            .map_err(|_| StoreError::BadCursor)?;
        let keys: CursorKeys = serde_json::from_slice(&bytes).map_err(|_| StoreError::BadCursor)?;
        let partition = match index {
            None => Some(keys.pk.as_str()),
            Some(_) => keys.isk.as_ref().and(keys.ipk.as_deref()),
        };
        if partition != Some(pk) {
            return Err(StoreError::BadCursor);
        }
        Ok(keys)
    }
}

impl From<Cursor> for String {
    fn from(cursor: Cursor) -> String {
        cursor.0
    }
}
