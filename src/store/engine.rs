//! The two database engines behind one [`Store`](super::Store): SQLite (embedded, a file or
//! memory) and PostgreSQL (a server, through the `postgres` crate).
//!
//! The store writes its queries once, with SQLite's numbered parameters (`?1`, `?2`), in the
//! SQL both engines speak; [`Conn`] runs them on either engine (turning `?N` into PostgreSQL's
//! `$N`), binds [`Param`]s and hands each row to the caller as [`Cells`]. What only one engine
//! can do (migrations, pragmas, `COPY`) is written per engine beside the shared code, with a
//! `match` on [`Conn`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};

use super::{Error, Result};

/// Where a store lives, as `--db` and `GEOKG_DB` name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file: a path, or `sqlite:PATH`.
    Sqlite(PathBuf),
    /// A PostgreSQL database: `postgres://user@host:port/dbname` (or `postgresql://`), with
    /// the options of libpq's URLs (`?options=-csearch_path%3Dteam`).
    Postgres(String),
}

impl Location {
    /// The store a `--db` value names: a `postgres://` or `postgresql://` URL is PostgreSQL,
    /// `sqlite:PATH` and anything else a SQLite file.
    pub fn of(db: &Path) -> Location {
        match db.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres(url.to_string())
            }
            Some(path) if path.starts_with("sqlite:") => {
                Location::Sqlite(PathBuf::from(&path["sqlite:".len()..]))
            }
            _ => Location::Sqlite(db.to_path_buf()),
        }
    }

    /// The location as it may be shown: a URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// A URL with the password of its user part replaced by `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{name}:***@{host}{tail}")
        }
        _ => url.to_string(),
    }
}

/// A value bound to a query parameter.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    /// Text, or NULL.
    Text(Option<&'a str>),
    /// An integer, or NULL.
    Int(Option<i64>),
    /// A floating-point number, or NULL.
    Real(Option<f64>),
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(value: &'a str) -> Param<'a> {
        Param::Text(Some(value))
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(value: &'a String) -> Param<'a> {
        Param::Text(Some(value))
    }
}

impl<'a> From<Option<&'a str>> for Param<'a> {
    fn from(value: Option<&'a str>) -> Param<'a> {
        Param::Text(value)
    }
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Param::Int(Some(value))
    }
}

impl From<Option<i64>> for Param<'_> {
    fn from(value: Option<i64>) -> Self {
        Param::Int(value)
    }
}

impl From<f64> for Param<'_> {
    fn from(value: f64) -> Self {
        Param::Real(Some(value))
    }
}

impl From<Option<f64>> for Param<'_> {
    fn from(value: Option<f64>) -> Self {
        Param::Real(value)
    }
}

impl From<bool> for Param<'_> {
    fn from(value: bool) -> Self {
        Param::Int(Some(i64::from(value)))
    }
}

/// Parameters from values of several types: `params![id, 3, None::<&str>]`.
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        [$($crate::store::engine::Param::from($value)),*]
    };
}
pub(crate) use params;

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match *self {
            Param::Text(Some(text)) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Param::Int(Some(value)) => ToSqlOutput::Owned(Value::Integer(value)),
            Param::Real(Some(value)) => ToSqlOutput::Owned(Value::Real(value)),
            Param::Text(None) | Param::Int(None) | Param::Real(None) => {
                ToSqlOutput::Owned(Value::Null)
            }
        })
    }
}

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            Param::Text(value) => value.to_sql(ty, out),
            Param::Int(value) => match *ty {
                Type::INT2 => value.map(i16::try_from).transpose()?.to_sql(ty, out),
                Type::INT4 => value.map(i32::try_from).transpose()?.to_sql(ty, out),
                Type::BOOL => value.map(|value| value != 0).to_sql(ty, out),
                Type::FLOAT8 => value.map(|value| value as f64).to_sql(ty, out),
                _ => value.to_sql(ty, out),
            },
            Param::Real(value) => match *ty {
                Type::FLOAT4 => value.map(|value| value as f32).to_sql(ty, out),
                _ => value.to_sql(ty, out),
            },
        }
    }

    fn accepts(ty: &Type) -> bool {
        <Option<&str> as ToSql>::accepts(ty)
            || matches!(
                *ty,
                Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL | Type::FLOAT4 | Type::FLOAT8
            )
    }

    to_sql_checked!();
}

/// The columns of a row, read by position, whichever engine gave it.
pub trait Cells {
    /// A text column; `None` for NULL.
    fn text(&self, at: usize) -> Result<Option<&str>>;
    /// An integer (or boolean) column; `None` for NULL.
    fn int(&self, at: usize) -> Result<Option<i64>>;
    /// A number column; `None` for NULL.
    fn real(&self, at: usize) -> Result<Option<f64>>;
}

impl dyn Cells + '_ {
    /// A text column that may not be NULL.
    pub fn need_text(&self, at: usize) -> Result<&str> {
        self.text(at)?.ok_or_else(|| null(at))
    }

    /// An integer column that may not be NULL.
    pub fn need_int(&self, at: usize) -> Result<i64> {
        self.int(at)?.ok_or_else(|| null(at))
    }

    /// A number column that may not be NULL.
    pub fn need_real(&self, at: usize) -> Result<f64> {
        self.real(at)?.ok_or_else(|| null(at))
    }
}

fn null(at: usize) -> Error {
    Error::Invalid {
        what: "stored value",
        problem: format!("column {at} is NULL"),
    }
}

fn mismatch(at: usize, wanted: &str, found: &str) -> Error {
    Error::Invalid {
        what: "stored value",
        problem: format!("column {at} is {found}, not {wanted}"),
    }
}

impl Cells for rusqlite::Row<'_> {
    fn text(&self, at: usize) -> Result<Option<&str>> {
        Ok(self
            .get_ref(at)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?)
    }

    fn int(&self, at: usize) -> Result<Option<i64>> {
        Ok(self
            .get_ref(at)?
            .as_i64_or_null()
            .map_err(rusqlite::Error::from)?)
    }

    fn real(&self, at: usize) -> Result<Option<f64>> {
        use rusqlite::types::ValueRef;
        match self.get_ref(at)? {
            ValueRef::Null => Ok(None),
            ValueRef::Real(value) => Ok(Some(value)),
            ValueRef::Integer(value) => Ok(Some(value as f64)),
            other => Err(mismatch(
                at,
                "a number",
                &format!("{:?}", other.data_type()),
            )),
        }
    }
}

impl Cells for postgres::Row {
    fn text(&self, at: usize) -> Result<Option<&str>> {
        Ok(self.try_get(at)?)
    }

    fn int(&self, at: usize) -> Result<Option<i64>> {
        let ty = self.columns()[at].type_();
        Ok(match *ty {
            Type::INT8 => self.try_get(at)?,
            Type::INT4 => self.try_get::<_, Option<i32>>(at)?.map(i64::from),
            Type::INT2 => self.try_get::<_, Option<i16>>(at)?.map(i64::from),
            Type::BOOL => self.try_get::<_, Option<bool>>(at)?.map(i64::from),
            // A bare NULL in a select list is text to PostgreSQL.
            Type::TEXT if self.try_get::<_, Option<&str>>(at)?.is_none() => None,
            _ => return Err(mismatch(at, "an integer", ty.name())),
        })
    }

    fn real(&self, at: usize) -> Result<Option<f64>> {
        let ty = self.columns()[at].type_();
        Ok(match *ty {
            Type::FLOAT8 => self.try_get(at)?,
            Type::FLOAT4 => self.try_get::<_, Option<f32>>(at)?.map(f64::from),
            _ => self.int(at)?.map(|value| value as f64),
        })
    }
}

/// A connection to either engine.
pub enum Conn {
    /// SQLite, through rusqlite (which caches prepared statements itself).
    Sqlite(rusqlite::Connection),
    /// PostgreSQL (boxed: its client is large).
    Postgres(Box<Pg>),
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conn::Sqlite(conn) => conn.fmt(f),
            Conn::Postgres(_) => f.write_str("Postgres"),
        }
    }
}

/// A PostgreSQL connection with its prepared statements. Queries need the client mutably and
/// the store's reads take `&self`, so the client sits in a `RefCell`: a query run while another
/// one's rows are being read is an error, never a panic.
pub struct Pg {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
}

/// Prepared statements a PostgreSQL connection keeps: queries with the same text are prepared
/// once; past this many the cache starts again (queries with offsets in their text are many).
const PG_STATEMENTS: usize = 128;

impl Pg {
    /// Connects to the database of a `postgres://` URL, without TLS.
    pub fn connect(url: &str) -> Result<Pg> {
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        // The store's queries are index lookups and aggregations of one actor or pair, each a
        // few milliseconds: compiling them (PostgreSQL's JIT, on by default where LLVM is
        // installed) took about 19 ms a query on the 3.46-million-event benchmark store, more
        // than the queries themselves. A session setting, so other clients keep theirs.
        client.batch_execute("SET jit = off")?;
        Ok(Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
        })
    }

    /// The client, for one statement or one reading of rows at a time.
    pub fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        self.client.try_borrow_mut().map_err(|_| Error::Invalid {
            what: "PostgreSQL connection",
            problem: "a query was started while another one's rows were being read".into(),
        })
    }

    fn statement(&self, client: &mut postgres::Client, sql: &str) -> Result<postgres::Statement> {
        let mut statements = self.statements.borrow_mut();
        if let Some(statement) = statements.get(sql) {
            return Ok(statement.clone());
        }
        if statements.len() >= PG_STATEMENTS {
            statements.clear();
        }
        let statement = client.prepare(&dollar_parameters(sql))?;
        statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// SQLite's numbered parameters (`?1`) as PostgreSQL's (`$1`). The store's SQL has no `?` in a
/// string literal.
fn dollar_parameters(sql: &str) -> String {
    sql.replace('?', "$")
}

impl Conn {
    /// Runs a query and hands each row to `each`.
    pub fn each(
        &self,
        sql: &str,
        params: &[Param<'_>],
        mut each: impl FnMut(&dyn Cells) -> Result<()>,
    ) -> Result<()> {
        match self {
            Conn::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(params))?;
                while let Some(row) = rows.next()? {
                    each(row)?;
                }
                Ok(())
            }
            Conn::Postgres(pg) => {
                let mut client = pg.client()?;
                let statement = pg.statement(&mut client, sql)?;
                let mut rows = client.query_raw(&statement, params.iter())?;
                while let Some(row) = rows.next()? {
                    each(&row)?;
                }
                Ok(())
            }
        }
    }

    /// The first row of a query, read by `read`; `None` when it gives no row.
    pub fn first<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        read: impl FnOnce(&dyn Cells) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut read = Some(read);
        let mut found = None;
        self.each(sql, params, |row| {
            if let Some(read) = read.take() {
                found = Some(read(row)?);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// The first row of a query that always gives one (an aggregate, the counts row).
    pub fn one<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        read: impl FnOnce(&dyn Cells) -> Result<T>,
    ) -> Result<T> {
        self.first(sql, params, read)?
            .ok_or_else(|| Error::Invalid {
                what: "query",
                problem: "gave no row".into(),
            })
    }

    /// Runs a statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        match self {
            Conn::Sqlite(conn) => Ok(conn
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(params))?
                as u64),
            Conn::Postgres(pg) => {
                let mut client = pg.client()?;
                let statement = pg.statement(&mut client, sql)?;
                let params: Vec<&(dyn ToSql + Sync)> = params
                    .iter()
                    .map(|param| param as &(dyn ToSql + Sync))
                    .collect();
                Ok(client.execute(&statement, &params)?)
            }
        }
    }

    /// Runs statements without parameters, separated by semicolons.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Conn::Postgres(pg) => Ok(pg.client()?.batch_execute(sql)?),
        }
    }

    /// Runs `work` in a transaction that reads one snapshot of the store: what other
    /// connections commit meanwhile is not seen.
    pub fn snapshot<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        self.transaction(
            match self {
                Conn::Sqlite(_) => "BEGIN DEFERRED",
                Conn::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            },
            work,
        )
    }

    /// Runs `work` in a write transaction, committed when it succeeds and rolled back when it
    /// fails. Writers take turns: a write transaction waits for the one before it to end (up to
    /// SQLite's busy timeout; on PostgreSQL, on the one row of `store_counts`, which every write
    /// updates). So rows get their sequence numbers (`rowid`) in the order their transactions
    /// commit, and a reader's watermark never passes a row still to be committed.
    pub fn write<T, E: From<Error>>(
        &self,
        work: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.transaction(
            match self {
                Conn::Sqlite(_) => "BEGIN IMMEDIATE",
                Conn::Postgres(_) => "BEGIN; SELECT 1 FROM store_counts FOR UPDATE",
            },
            work,
        )
    }

    /// Runs `work` between `begin` and a commit, or a rollback when it fails.
    pub fn transaction<T, E: From<Error>>(
        &self,
        begin: &str,
        work: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.batch(begin)?;
        match work() {
            Ok(value) => {
                if let Err(error) = self.batch("COMMIT") {
                    let _ = self.batch("ROLLBACK");
                    return Err(error.into());
                }
                Ok(value)
            }
            Err(error) => {
                // The transaction may already be gone (SQLite ends one that failed badly).
                let _ = self.batch("ROLLBACK");
                Err(error)
            }
        }
    }

    /// The SQLite connection; `None` on PostgreSQL.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(conn) => Some(conn),
            Conn::Postgres(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_db_value_names_its_engine() {
        assert_eq!(
            Location::of(Path::new("geokg.sqlite")),
            Location::Sqlite(PathBuf::from("geokg.sqlite"))
        );
        assert_eq!(
            Location::of(Path::new("sqlite:/tmp/postgres://x")),
            Location::Sqlite(PathBuf::from("/tmp/postgres://x"))
        );
        for url in [
            "postgres://u@h/db",
            "postgresql://u@h:5433/db?options=-cx%3Dy",
        ] {
            assert_eq!(
                Location::of(Path::new(url)),
                Location::Postgres(url.to_string())
            );
        }
    }

    #[test]
    fn a_shown_url_hides_its_password() {
        let shown = |url: &str| Location::Postgres(url.to_string()).display();
        assert_eq!(
            shown("postgres://ana:s3cr:et@db.example.org:5432/geokg?sslmode=disable"),
            "postgres://ana:***@db.example.org:5432/geokg?sslmode=disable"
        );
        assert_eq!(
            shown("postgres://ana@host/geokg"),
            "postgres://ana@host/geokg"
        );
        assert_eq!(shown("postgres://host/geokg"), "postgres://host/geokg");
    }

    #[test]
    fn numbered_parameters_become_dollars() {
        assert_eq!(
            dollar_parameters("SELECT 1 WHERE a = ?1 AND b IN (?2, ?12)"),
            "SELECT 1 WHERE a = $1 AND b IN ($2, $12)"
        );
    }
}
