//! The gateway's rows of the one policy table: the routes it serves itself.

use tam_auth::{route, Access, Route};

/// The API's own description and the bus's (the AsyncAPI document), public.
pub const ROUTES: &[Route] = &[
    route("GET", "/api/v1/openapi.json", Access::Public),
    route("GET", "/api/v1/asyncapi.json", Access::Public),
    route("GET", "/api/v1/docs", Access::Public),
];
