//! Hand-written SQL that Postgres prepares once per connection.
//!
//! diesel's `sql_query` is never put in the prepared-statement cache, so a long statement
//! (a CTE with one arm per tier, say) is parsed and planned on every call: under load
//! that costs more than running it. [`Statement`] is the same raw SQL with `$n`
//! placeholders and typed binds, but cacheable: diesel-async keys its cache by the SQL
//! text and the bind types, so the statement is prepared on a connection's first use.
//!
//! The SQL may use a placeholder any number of times; each `$n` must have a bind at
//! position `n` (1-based), and every bind must be used. `$` followed by a digit is
//! always a placeholder: keep it out of string literals.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Date, Nullable, Text, Timestamptz, Untyped, Uuid as SqlUuid};
use diesel::QueryResult;
use uuid::Uuid;

/// One bound value, with its SQL type.
#[derive(Debug, Clone)]
pub enum Bind {
    Uuid(Uuid),
    OptionalUuid(Option<Uuid>),
    Text(String),
    BigInt(i64),
    Date(NaiveDate),
    Timestamptz(DateTime<Utc>),
}

/// A raw SQL statement diesel may prepare once and reuse; load rows with
/// `diesel::QueryableByName` as from `sql_query`.
#[derive(Debug, Clone)]
pub struct Statement {
    sql: &'static str,
    binds: Vec<Bind>,
}

impl Statement {
    pub fn new(sql: &'static str) -> Self {
        Self {
            sql,
            binds: Vec::new(),
        }
    }

    /// Binds the next placeholder (`$1`, then `$2`, …).
    pub fn bind(mut self, value: Bind) -> Self {
        self.binds.push(value);
        self
    }
}

/// The pieces of `sql`: text, and placeholders by their 1-based number.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Sql(&'a str),
    Param(usize),
}

fn pieces(sql: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = sql.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if start < i {
                out.push(Piece::Sql(&sql[start..i]));
            }
            let number = sql[i + 1..i + 1 + digits].parse().unwrap_or(0);
            out.push(Piece::Param(number));
            i += 1 + digits;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < sql.len() {
        out.push(Piece::Sql(&sql[start..]));
    }
    out
}

impl QueryId for Statement {
    type QueryId = ();
    // No static id: the cache is keyed by the SQL text and the bind types.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Statement {
    type SqlType = Untyped;
}

impl QueryFragment<Pg> for Statement {
    /// Writes the SQL with diesel's own placeholders: diesel numbers binds in the order
    /// they are pushed, so the first use of `$n` pushes bind `n` (in the order of first
    /// use) and every later use refers to the number diesel gave it.
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let mut numbered: Vec<Option<usize>> = vec![None; self.binds.len()];
        let mut next = 0;
        for piece in pieces(self.sql) {
            match piece {
                Piece::Sql(text) => out.push_sql(text),
                Piece::Param(n) => {
                    let index = n
                        .checked_sub(1)
                        .filter(|i| *i < self.binds.len())
                        .ok_or_else(|| {
                            diesel::result::Error::QueryBuilderError(
                                format!("${n} has no bind ({} given)", self.binds.len()).into(),
                            )
                        })?;
                    if let Some(number) = numbered[index] {
                        out.push_sql(&format!("${number}"));
                        continue;
                    }
                    next += 1;
                    numbered[index] = Some(next);
                    match &self.binds[index] {
                        Bind::Uuid(v) => out.push_bind_param::<SqlUuid, _>(v)?,
                        Bind::OptionalUuid(v) => out.push_bind_param::<Nullable<SqlUuid>, _>(v)?,
                        Bind::Text(v) => out.push_bind_param::<Text, _>(v)?,
                        Bind::BigInt(v) => out.push_bind_param::<BigInt, _>(v)?,
                        Bind::Date(v) => out.push_bind_param::<Date, _>(v)?,
                        Bind::Timestamptz(v) => out.push_bind_param::<Timestamptz, _>(v)?,
                    }
                }
            }
        }
        if numbered.iter().any(Option::is_none) {
            return Err(diesel::result::Error::QueryBuilderError(
                "a bind is not used by the statement".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use diesel::query_builder::QueryBuilder as _;

    fn sql_of(statement: &Statement) -> String {
        let mut builder = diesel::pg::PgQueryBuilder::default();
        statement.to_sql(&mut builder, &Pg).unwrap();
        builder.finish()
    }

    #[test]
    fn placeholders_are_renumbered_in_order_of_first_use() {
        let statement = Statement::new("SELECT $2, $1, $2 FROM t WHERE a = $1")
            .bind(Bind::BigInt(1))
            .bind(Bind::Text("x".into()));
        assert_eq!(sql_of(&statement), "SELECT $1, $2, $1 FROM t WHERE a = $2");
    }

    #[test]
    fn missing_and_unused_binds_are_errors() {
        let missing = Statement::new("SELECT $2").bind(Bind::BigInt(1));
        let mut builder = diesel::pg::PgQueryBuilder::default();
        assert!(missing.to_sql(&mut builder, &Pg).is_err());
        let unused = Statement::new("SELECT $1")
            .bind(Bind::BigInt(1))
            .bind(Bind::BigInt(2));
        let mut builder = diesel::pg::PgQueryBuilder::default();
        assert!(unused.to_sql(&mut builder, &Pg).is_err());
    }

    #[test]
    fn text_without_placeholders_passes_through() {
        assert_eq!(
            pieces("SELECT '$x' || 1"),
            vec![Piece::Sql("SELECT '$x' || 1")]
        );
        assert_eq!(
            pieces("a$10b"),
            vec![Piece::Sql("a"), Piece::Param(10), Piece::Sql("b")]
        );
    }
}
