//! The do-not-call list: numbers never to be called again, suite-wide.
//!
//! Taking a number off the list is a removal, not a deletion: the entry keeps who took it
//! off, when and why, and its history (every addition and removal) stays readable. Any
//! keeper of the list reads all of it, but only an all-site role or the operations
//! supervisor of the site that added a number may take it off again: one site's
//! supervisor cannot undo another site's customer's request not to be called.

use chrono::{DateTime, Utc};
use tam_kernel::{Role, RoleScope, Site};
use uuid::Uuid;

use super::scope::Actor;
use super::Rejection;

/// A checked request to put a number on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDnc {
    /// E.164 (`+62…`), see [`super::phone::normalize_phone`].
    pub number: String,
    pub reason: String,
}

/// How a number was taken off the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub by: Uuid,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// A number on the list (or taken off it), who put it there, why and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DncEntry {
    pub id: Uuid,
    pub number: String,
    pub reason: String,
    pub added_by: Uuid,
    pub added_at: DateTime<Utc>,
    /// The site of whoever added it (`None`: an all-site role).
    pub site: Option<Site>,
    /// Set once the number was taken off the list (it then excludes nothing).
    pub removal: Option<Removal>,
}

/// One line of an entry's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DncAction {
    Added,
    Removed,
}

impl DncAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            DncAction::Added => "added",
            DncAction::Removed => "removed",
        }
    }
}

/// Who put a number on the list or took it off, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DncEvent {
    pub action: DncAction,
    pub actor: Uuid,
    pub site: Option<Site>,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// Parses a reason (for adding or removing): 1 to 500 characters.
pub fn reason(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 500 {
        Err("must be 1 to 500 characters".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

/// The site an entry `actor` adds is recorded under: theirs (`None` for all-site roles).
pub fn adder_site(actor: &Actor) -> Option<Site> {
    match actor.role.scope() {
        RoleScope::AllSites => None,
        RoleScope::Site | RoleScope::Team | RoleScope::Own => actor.site,
    }
}

/// Whether `actor` may take `entry` off the list: an all-site role, or the operations
/// supervisor of the site that added it (403 otherwise: the whole list is readable to
/// them, so there is nothing a 404 would hide); an entry already removed is a 409.
pub fn check_removal(actor: &Actor, entry: &DncEntry) -> Result<(), Rejection> {
    let allowed = match actor.role.scope() {
        RoleScope::AllSites => true,
        _ => actor.role == Role::SupervisorOps && actor.site.is_some() && actor.site == entry.site,
    };
    if !allowed {
        let who = match entry.site {
            Some(site) => format!("the operations supervisor of {site}"),
            None => "nobody bound to a site".to_owned(),
        };
        return Err(Rejection::Forbidden(format!(
            "only an all-site role or {who}, where the number was put on the list, may take it off"
        )));
    }
    if let Some(removal) = &entry.removal {
        return Err(Rejection::Conflict(format!(
            "the number was taken off the list already, at {}",
            removal.at.to_rfc3339()
        )));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        assert_eq!(reason(" customer asked "), Ok("customer asked".to_owned()));
        assert!(reason(" ").is_err());
        assert!(reason(&"x".repeat(501)).is_err());
    }

    fn actor(role: Role, site: Option<Site>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
            team: None,
        }
    }

    fn entry(site: Option<Site>) -> DncEntry {
        DncEntry {
            id: Uuid::now_v7(),
            number: "+6281234567890".into(),
            reason: "asked".into(),
            added_by: Uuid::now_v7(),
            added_at: Utc::now(),
            site,
            removal: None,
        }
    }

    #[test]
    fn entries_record_the_adders_site() {
        assert_eq!(
            adder_site(&actor(Role::SupervisorOps, Some(Site::Medan))),
            Some(Site::Medan)
        );
        assert_eq!(adder_site(&actor(Role::Manager, Some(Site::Medan))), None);
    }

    #[test]
    fn only_all_site_roles_and_the_adding_sites_supervisor_remove() {
        let medan = entry(Some(Site::Medan));
        for role in [Role::Admin, Role::Manager, Role::Coordinator] {
            assert_eq!(check_removal(&actor(role, None), &medan), Ok(()), "{role}");
            assert_eq!(
                check_removal(&actor(role, None), &entry(None)),
                Ok(()),
                "{role}"
            );
        }
        assert_eq!(
            check_removal(&actor(Role::SupervisorOps, Some(Site::Medan)), &medan),
            Ok(())
        );
        for refused in [
            actor(Role::SupervisorOps, Some(Site::Bandung)),
            actor(Role::SupervisorOps, None),
            actor(Role::SupervisorQuality, Some(Site::Medan)),
            actor(Role::TeamLeader, Some(Site::Medan)),
        ] {
            assert!(
                matches!(
                    check_removal(&refused, &medan),
                    Err(Rejection::Forbidden(_))
                ),
                "{refused:?}"
            );
        }
        // What an all-site role added, no site's supervisor removes.
        assert!(matches!(
            check_removal(&actor(Role::SupervisorOps, Some(Site::Medan)), &entry(None)),
            Err(Rejection::Forbidden(_))
        ));
    }

    #[test]
    fn an_entry_is_removed_once() {
        let mut removed = entry(Some(Site::Medan));
        removed.removal = Some(Removal {
            by: Uuid::now_v7(),
            at: Utc::now(),
            reason: "wrong number".into(),
        });
        assert!(matches!(
            check_removal(&actor(Role::Manager, None), &removed),
            Err(Rejection::Conflict(_))
        ));
    }
}
