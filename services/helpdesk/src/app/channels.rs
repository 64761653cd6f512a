//! Reading the sales channels.

use super::Helpdesk;
use crate::domain::channels::SalesChannel;
use crate::error::Result;
use crate::store::channels;

/// Every channel the desk knows, active or not, by code.
pub async fn list(h: &Helpdesk) -> Result<Vec<SalesChannel>> {
    let mut conn = h.pool.get().await?;
    channels::all(&mut conn).await
}
