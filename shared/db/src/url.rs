/// The same server URL pointing at another database: `postgres://u:p@h:5432/old?x=y`
/// with `name` becomes `postgres://u:p@h:5432/name?x=y`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    // The database is the path after the authority (`scheme://authority/path`).
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_and_keeps_the_rest() {
        assert_eq!(
            with_database("postgres://tam:tam@127.0.0.1:5432/tam?sslmode=disable", "x"),
            "postgres://tam:tam@127.0.0.1:5432/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://127.0.0.1:5432", "x"),
            "postgres://127.0.0.1:5432/x"
        );
        assert_eq!(with_database("postgres://h/db", "y"), "postgres://h/y");
    }
}
