//! The `channels` table.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::decode;

use super::schema::channels;
use crate::domain::channels::SalesChannel;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = channels, check_for_backend(diesel::pg::Pg))]
struct ChannelRow {
    code: String,
    name: String,
    active: bool,
}

/// Every channel, by code.
pub async fn all(conn: &mut AsyncPgConnection) -> crate::Result<Vec<SalesChannel>> {
    let rows: Vec<ChannelRow> = channels::table
        .order(channels::code)
        .select(ChannelRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(SalesChannel {
                code: decode("channels.code", &row.code)?,
                name: row.name,
                active: row.active,
            })
        })
        .collect()
}
