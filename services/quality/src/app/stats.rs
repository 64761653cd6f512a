//! The Quality Validation Score and the tapping coverage.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Quality, Request};
use crate::domain::scope::{call_scope, site_scope};
use crate::domain::score::{self, Month, Score, ScoreFilters};
use crate::error::{Error, Result};
use crate::store::stats::{self, SiteCoverage};

/// The score of `month` for the calls in the caller's scope narrowed by `wanted`
/// (404 when a filter names something outside the scope); with the filters applied.
pub async fn score(
    q: &Quality,
    request: &Request,
    month: Month,
    wanted: ScoreFilters,
) -> Result<(ScoreFilters, Score)> {
    let filters = score::effective(call_scope(&request.actor), wanted)
        .map_err(|_| Error::NotFound("score in your scope"))?;
    let mut conn = q.pool.get().await?;
    let counts = stats::month_counts(&mut conn, month, filters).await?;
    Ok((filters, score::score(counts)))
}

/// The mis-sale reviews of `month` within `filters` (already the caller's scope).
pub async fn mis_sales(
    q: &Quality,
    month: Month,
    filters: ScoreFilters,
) -> Result<Vec<crate::domain::mis_sale::MisSaleReview>> {
    let (from, to) = month.days();
    let mut conn = q.pool.get().await?;
    crate::store::mis_sales::of_month(&mut conn, from, to, filters).await
}

/// The invalid activations (QC Tier 2) of `month` within `filters` (already the
/// caller's scope).
pub async fn invalid_activations(
    q: &Quality,
    month: Month,
    filters: ScoreFilters,
) -> Result<Vec<crate::domain::invalid_activation::InvalidActivation>> {
    let (from, to) = month.days();
    let mut conn = q.pool.get().await?;
    crate::store::invalid_activations::of_month(&mut conn, from, to, filters).await
}

/// The tapping of `day` (today in WIB by default) at every site in the caller's scope.
pub async fn coverage(
    q: &Quality,
    request: &Request,
    day: Option<NaiveDate>,
) -> Result<(NaiveDate, DateTime<Utc>, Vec<SiteCoverage>)> {
    let now = q.now();
    let day = day.unwrap_or_else(|| tam_kernel::wib_date(now));
    let sites = site_scope(&request.actor).sites();
    let mut conn = q.pool.get().await?;
    let rows = stats::coverage(&mut conn, &sites, day, now).await?;
    Ok((day, now, rows))
}
