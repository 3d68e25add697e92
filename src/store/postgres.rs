//! What only PostgreSQL does: connecting, and its migrations (`migrations/postgres/`), tracked
//! in the table `geokg_schema` and applied in one transaction under an advisory lock, so that
//! two processes opening a new database at once apply each once.

use super::engine::{Conn, Location, Pg};
use super::{coded, Error, Result, Store};

/// The migrations, in order; a released one is never edited or removed.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_create_store.sql"),
    include_str!("../../migrations/postgres/0002_narrow_coded_indexes.sql"),
    include_str!("../../migrations/postgres/0003_create_event_counts.sql"),
];

/// The key of the advisory lock that migrations take (any number, the same in every geokg).
const MIGRATION_LOCK: i64 = 0x6765_6f6b_6701;

/// Connects to the database of `url` and brings its schema up to date.
pub(super) fn open(url: String) -> Result<Store> {
    let pg = Pg::connect(&url)?;
    let mut store = Store {
        conn: Conn::Postgres(Box::new(pg)),
        location: Some(Location::Postgres(url)),
    };
    store.migrate()?;
    Ok(store)
}

/// Another connection to the database of `url`, whose transactions are read-only.
pub(super) fn reader(url: &str) -> Result<Store> {
    let pg = Pg::connect(url)?;
    pg.client()?
        .batch_execute("SET default_transaction_read_only = on")?;
    Ok(Store {
        conn: Conn::Postgres(Box::new(pg)),
        location: Some(Location::Postgres(url.to_string())),
    })
}

/// The schema version of the database: 0 before the first migration.
pub(super) fn schema_version(conn: &Conn) -> Result<usize> {
    let exists = conn.one(
        "SELECT to_regclass('geokg_schema') IS NOT NULL",
        &[],
        |row| row.need_int(0),
    )?;
    if exists == 0 {
        return Ok(0);
    }
    let version = conn.one(
        "SELECT coalesce(max(version), 0) FROM geokg_schema",
        &[],
        |row| row.need_int(0),
    )?;
    Ok(version as usize)
}

/// Applies the migrations the database has not seen, in one transaction.
pub(super) fn migrate(conn: &Conn) -> Result<()> {
    if schema_version(conn)? == MIGRATIONS.len() {
        return Ok(());
    }
    conn.transaction("BEGIN", || {
        conn.batch(&format!(
            "SELECT pg_advisory_xact_lock({MIGRATION_LOCK});
             CREATE TABLE IF NOT EXISTS geokg_schema (version bigint NOT NULL)"
        ))?;
        let current = schema_version(conn)?;
        if current > MIGRATIONS.len() {
            return Err(Error::TooNew {
                found: current,
                known: MIGRATIONS.len(),
            });
        }
        for (at, migration) in MIGRATIONS.iter().enumerate().skip(current) {
            let version = at + 1;
            let applied = conn
                .batch(migration)
                .and_then(|()| match version {
                    1 => coded::each_cameo_row(|values| {
                        conn.execute(coded::INSERT_CAMEO, values).map(drop)
                    }),
                    _ => Ok(()),
                })
                .and_then(|()| {
                    conn.execute(
                        "INSERT INTO geokg_schema (version) VALUES (?1)",
                        &[(version as i64).into()],
                    )
                    .map(drop)
                });
            applied.map_err(|source| Error::Migration {
                version,
                source: Box::new(source),
            })?;
        }
        Ok(())
    })
}
