//! What every report-shaped request reads (the family reports, the charts): the days
//! (`from`/`to` or `month`), the bucket and grouping, the filters, the caller's scope,
//! and the format asked for (`format=` or `Accept`). Plain functions, each answering the
//! value or the `errors[].reason` / the problem of the refusal.

use chrono::{Duration, NaiveDate};
use tam_kernel::{
    parse_code, parse_date, parse_uuid, Actor, Fields, Problem, Program, RoleScope, Site,
};
use uuid::Uuid;

use crate::families::Family;
use crate::query::{Grouping, Period, Scope};

/// The longest range a report covers, in days (a year, leap day included).
pub const MAX_DAYS: i64 = 366;

/// How much `actor` may see: all-site roles everything, site roles their site, a team
/// leader their team, an agent their own figures. A site- or team-bound role whose
/// token lacks the claim sees nothing: 403 (not an empty report, which would read as
/// "no activity").
pub fn scope_of(actor: &Actor) -> Result<Scope, Problem> {
    let missing = |claim: &str| {
        Problem::forbidden().with_detail(format!(
            "your role reads reports of its own {claim}, and your token names none"
        ))
    };
    match actor.role.scope() {
        RoleScope::AllSites => Ok(Scope::All),
        RoleScope::Site => actor.site.map(Scope::Site).ok_or_else(|| missing("site")),
        RoleScope::Team => {
            let site = actor.site.ok_or_else(|| missing("site"))?;
            let team = actor.team.ok_or_else(|| missing("team"))?;
            Ok(Scope::Team { site, team })
        }
        RoleScope::Own => {
            let site = actor.site.ok_or_else(|| missing("site"))?;
            Ok(Scope::Agent {
                site,
                agent: actor.id,
            })
        }
    }
}

/// The narrowing filters of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filters {
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub team: Option<Uuid>,
    pub agent: Option<Uuid>,
    pub work_order: Option<Uuid>,
}

/// Reads the filters (each optional), collecting what is wrong in `f`.
pub fn filters(
    f: &mut Fields,
    site: Option<&str>,
    program: Option<&str>,
    team: Option<&str>,
    agent: Option<&str>,
    work_order: Option<&str>,
) -> Filters {
    Filters {
        site: site.and_then(|v| f.check("site", parse_code(v, Site::CODES))),
        program: program.and_then(|v| f.check("program", parse_code(v, Program::CODES))),
        team: team.and_then(|v| f.check("team", parse_uuid(v))),
        agent: agent.and_then(|v| f.check("agent", parse_uuid(v))),
        work_order: work_order.and_then(|v| f.check("work_order", parse_uuid(v))),
    }
}

/// A filter that names what the caller may not see (another site, another team,
/// another agent) is refused with 403 "outside your scope", rather than answered with
/// an empty report that would read as "no activity there". Filters within the scope
/// narrow it; the families apply the scope in any case.
pub fn check_in_scope(scope: Scope, filters: &Filters, actor: &Actor) -> Result<(), Problem> {
    let outside =
        |what: &str| Err(Problem::forbidden().with_detail(format!("{what} is outside your scope")));
    let site_of_scope = match scope {
        Scope::All => return Ok(()),
        Scope::Site(site) | Scope::Team { site, .. } | Scope::Agent { site, .. } => site,
    };
    if filters.site.is_some_and(|s| s != site_of_scope) {
        return outside("that site");
    }
    match scope {
        Scope::Team { team, .. } if filters.team.is_some_and(|t| t != team) => outside("that team"),
        Scope::Agent { agent, .. } if filters.agent.is_some_and(|a| a != agent) => {
            outside("that agent")
        }
        // An agent's token may name their team: another team is not theirs.
        Scope::Agent { .. }
            if filters
                .team
                .is_some_and(|t| actor.team.is_some_and(|own| own != t)) =>
        {
            outside("that team")
        }
        _ => Ok(()),
    }
}

/// The days of a report: `from` and `to` (inclusive WIB days), or `month=YYYY-MM`
/// (its first to last day); never both, at most [`MAX_DAYS`], `to` not before `from`.
pub fn days(
    f: &mut Fields,
    from: Option<&str>,
    to: Option<&str>,
    month: Option<&str>,
) -> Option<(NaiveDate, NaiveDate)> {
    if let Some(month) = month {
        if from.is_some() || to.is_some() {
            f.error("month", "give either month or from and to, not both");
            return None;
        }
        return f.check("month", month_days(month));
    }
    let from = f.required("from", from, parse_date);
    let to = f.required("to", to, parse_date);
    let (from, to) = (from?, to?);
    if to < from {
        f.error("to", "must not be before from");
        return None;
    }
    if (to - from).num_days() + 1 > MAX_DAYS {
        f.error("to", format!("a report covers at most {MAX_DAYS} days"));
        return None;
    }
    Some((from, to))
}

/// A month `YYYY-MM`: its first and last day.
pub fn month_days(v: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", v.trim()), "%Y-%m-%d")
        .map_err(|_| "must be a month, YYYY-MM".to_owned())?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| "is out of range".to_owned())?;
    Ok((first, next - Duration::days(1)))
}

/// `day|week|month|range`.
pub fn period(v: &str) -> Result<Period, String> {
    Ok(match v.trim() {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        "range" => Period::Range,
        _ => return Err("must be day, week, month or range".to_owned()),
    })
}

/// Its `period` value.
pub const fn period_str(period: Period) -> &'static str {
    match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Range => "range",
    }
}

/// Every grouping a report may name.
pub const GROUPINGS: [Grouping; 6] = [
    Grouping::Total,
    Grouping::Agent,
    Grouping::Team,
    Grouping::Site,
    Grouping::Program,
    Grouping::WorkOrder,
];

/// A grouping `family`'s report answers; one it does not is refused naming those it does.
pub fn grouping(family: &Family, v: &str) -> Result<Grouping, String> {
    let allowed = || {
        family
            .groupings
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let v = v.trim();
    match GROUPINGS.iter().find(|g| g.as_str() == v) {
        Some(g) if family.groupings.contains(g) => Ok(*g),
        Some(_) => Err(format!(
            "the {} report is not grouped by {v}; it is grouped by {}",
            family.key,
            allowed()
        )),
        None => Err(format!("must be one of {}", allowed())),
    }
}

/// What a report is answered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

impl Format {
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The XLSX media type (`Accept`, `Content-Type`).
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The format asked for: `format=json|csv|xlsx` wins; otherwise the first type of
/// `Accept` this API serves (`text/csv`, the XLSX type, `application/json`); JSON when
/// there is none or it names nothing served (a browser's `text/html, */*`).
pub fn format(format: Option<&str>, accept: Option<&str>) -> Result<Format, String> {
    if let Some(v) = format {
        return match v.trim() {
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err("must be json, csv or xlsx".to_owned()),
        };
    }
    let Some(accept) = accept else {
        return Ok(Format::Json);
    };
    for item in accept.split(',') {
        let media = item.split(';').next().unwrap_or("").trim();
        let q_zero = item
            .split(';')
            .skip(1)
            .any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        if q_zero {
            continue;
        }
        match media.to_ascii_lowercase().as_str() {
            "application/json" => return Ok(Format::Json),
            "text/csv" => return Ok(Format::Csv),
            XLSX => return Ok(Format::Xlsx),
            _ => {}
        }
    }
    Ok(Format::Json)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use tam_kernel::Role;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn actor(role: Role, site: Option<Site>, team: Option<Uuid>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
            team,
        }
    }

    #[test]
    fn scope_follows_the_role() {
        assert_eq!(
            scope_of(&actor(Role::Manager, None, None)).unwrap(),
            Scope::All
        );
        assert_eq!(
            scope_of(&actor(Role::QcOfficer, Some(Site::Medan), None)).unwrap(),
            Scope::Site(Site::Medan)
        );
        let team = Uuid::now_v7();
        assert_eq!(
            scope_of(&actor(Role::TeamLeader, Some(Site::Medan), Some(team))).unwrap(),
            Scope::Team {
                site: Site::Medan,
                team
            }
        );
        let agent = actor(Role::Agent, Some(Site::Bandung), Some(team));
        assert_eq!(
            scope_of(&agent).unwrap(),
            Scope::Agent {
                site: Site::Bandung,
                agent: agent.id
            }
        );
        for lacking in [
            actor(Role::SupervisorOps, None, None),
            actor(Role::TeamLeader, Some(Site::Medan), None),
            actor(Role::Agent, None, None),
        ] {
            assert_eq!(scope_of(&lacking).unwrap_err().status_code(), 403);
        }
    }

    #[test]
    fn a_filter_beyond_the_scope_is_refused() {
        let team = Uuid::now_v7();
        let leader = actor(Role::TeamLeader, Some(Site::Medan), Some(team));
        let scope = scope_of(&leader).unwrap();
        let ok = Filters {
            site: Some(Site::Medan),
            team: Some(team),
            agent: Some(Uuid::now_v7()),
            ..Filters::default()
        };
        assert!(check_in_scope(scope, &ok, &leader).is_ok());
        for bad in [
            Filters {
                site: Some(Site::Bandung),
                ..Filters::default()
            },
            Filters {
                team: Some(Uuid::now_v7()),
                ..Filters::default()
            },
        ] {
            let problem = check_in_scope(scope, &bad, &leader).unwrap_err();
            assert_eq!(problem.status_code(), 403);
        }
        let agent = actor(Role::Agent, Some(Site::Medan), None);
        let scope = scope_of(&agent).unwrap();
        let other = Filters {
            agent: Some(Uuid::now_v7()),
            ..Filters::default()
        };
        assert!(check_in_scope(scope, &other, &agent).is_err());
        let manager = actor(Role::Manager, None, None);
        assert!(check_in_scope(Scope::All, &other, &manager).is_ok());
    }

    #[test]
    fn days_are_a_range_or_a_month_of_at_most_a_year() {
        let mut f = Fields::new();
        assert_eq!(
            days(&mut f, None, None, Some("2024-02")),
            Some((d(2024, 2, 1), d(2024, 2, 29)))
        );
        assert_eq!(
            days(&mut f, Some("2026-12-01"), Some("2026-12-31"), None),
            Some((d(2026, 12, 1), d(2026, 12, 31)))
        );
        // 366 days is the most: 2024-01-01..2024-12-31 (a leap year).
        assert!(days(&mut f, Some("2024-01-01"), Some("2024-12-31"), None).is_some());
        assert!(f.is_empty());
        for (from, to, month) in [
            (Some("2024-01-01"), Some("2025-01-01"), None),
            (Some("2026-12-02"), Some("2026-12-01"), None),
            (Some("2026-12-01"), None, None),
            (Some("2026-12-01"), Some("2026-12-02"), Some("2026-12")),
            (None, None, Some("2026-13")),
        ] {
            let mut f = Fields::new();
            assert_eq!(days(&mut f, from, to, month), None);
            assert!(!f.is_empty(), "{from:?} {to:?} {month:?}");
        }
    }

    #[test]
    fn a_grouping_the_family_lacks_names_those_it_has() {
        let family = Family {
            key: "disruptions",
            title: "IT disruptions",
            kpis: &[],
            groupings: &[Grouping::Total, Grouping::Site],
        };
        assert_eq!(grouping(&family, "site"), Ok(Grouping::Site));
        let e = grouping(&family, "agent").unwrap_err();
        assert!(e.contains("total, site"), "{e}");
        let e = grouping(&family, "nonsense").unwrap_err();
        assert!(e.contains("total, site"), "{e}");
    }

    #[test]
    fn the_format_is_the_parameter_else_the_accept_header() {
        assert_eq!(format(None, None), Ok(Format::Json));
        assert_eq!(format(Some("csv"), Some(XLSX)), Ok(Format::Csv));
        assert_eq!(format(None, Some("text/csv")), Ok(Format::Csv));
        assert_eq!(
            format(None, Some(&format!("{XLSX};q=0.9"))),
            Ok(Format::Xlsx)
        );
        assert_eq!(format(None, Some("text/html, */*")), Ok(Format::Json));
        assert_eq!(
            format(None, Some("text/csv;q=0, application/json")),
            Ok(Format::Json)
        );
        assert!(format(Some("pdf"), None).is_err());
    }
}
