-- The names an actor was found under in the text ("Field Marshal Asim Munir", "Munir",
-- "Pakistan's army chief"), so that search finds actors by any of them.

CREATE TABLE actor_aliases (
    actor_id  TEXT NOT NULL REFERENCES actors (id),
    alias     TEXT NOT NULL,             -- as written in the text
    n_seen    INTEGER NOT NULL,          -- events whose evidence names the actor this way
    PRIMARY KEY (actor_id, alias)
) WITHOUT ROWID;
