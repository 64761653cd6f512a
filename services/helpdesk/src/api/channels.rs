//! `/api/v1/helpdesk/channels`: the sales channels the desk follows.

use actix_web::web;
use serde::Serialize;
use tam_auth::Caller;
use tam_kernel::Problem;
use utoipa::ToSchema;

use crate::app::{channels, Helpdesk};
use crate::domain::channels::SalesChannel;
use crate::domain::policy::Channel;

/// One sales channel.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ChannelBody {
    #[schema(schema_with = channel_code)]
    pub code: Channel,
    pub name: String,
    /// Whether the desk still receives activations from it.
    pub active: bool,
}

impl From<SalesChannel> for ChannelBody {
    fn from(c: SalesChannel) -> Self {
        Self {
            code: c.code,
            name: c.name,
            active: c.active,
        }
    }
}

/// Every channel, by code.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ChannelList {
    pub items: Vec<ChannelBody>,
}

fn channel_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Channel::CODES, "sales channel code")
}

/// The sales channels the desk follows, active or not, by code.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/channels",
    tag = "channels",
    security(("bearer" = [])),
    responses((status = 200, body = ChannelList))
)]
pub async fn list(
    _caller: Caller,
    h: web::Data<Helpdesk>,
) -> Result<web::Json<ChannelList>, Problem> {
    let items = channels::list(&h).await?;
    Ok(web::Json(ChannelList {
        items: items.into_iter().map(Into::into).collect(),
    }))
}
