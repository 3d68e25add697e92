//! `ActorGraph`: the in-memory graph of actors and the events between them.
//!
//! Nodes are actors; each directed edge holds the compact records of the events from one actor
//! to another, sorted by day, so that any query can filter by date and kind and aggregate on the fly.
//! The same event reported by several documents (same actors, code and day) is kept once, with
//! the number of its reports. A `NodeIndex` is an in-memory handle only: everything outside this
//! module speaks `ActorId`. The graph does no I/O; the store loads it and the server shares it.

pub mod algo;
mod neighbors;
pub mod query;

pub use neighbors::{NeighborPage, CACHED_PARTNERS};

pub use query::{
    sort_neighbors, ActorMeasures, Communities, Community, Granularity, Measure, NeighborOrder,
    Path, PathCost, Period, Pruned, Pruning, Ranked, MEASURES_LOUVAIN_LIMIT,
};

use std::collections::{BTreeMap, HashMap, VecDeque};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction;

use crate::model::{
    fold_accent, Actor, ActorId, ActorKind, CameoCode, Dataset, Date, Event, EventKind, EventTime,
    MonthBucket, Precision, Relation,
};

/// The day of a record whose date is unknown.
pub const NO_DAY: i32 = i32::MIN;

/// One event as the graph keeps it (20 bytes): its days, its code and kind, how precisely its
/// date is known, how many documents reported it, and the dataset it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRecord {
    /// Event date (the first day of its period) as days since 1970-01-01, or `NO_DAY`.
    pub day: i32,
    /// Report date as days since 1970-01-01, or `NO_DAY`.
    pub report_day: i32,
    /// Index of the CAMEO code in the code table.
    pub code: u16,
    /// The event's kind.
    pub kind: EventKind,
    /// Documents that reported this event.
    pub n_reports: u16,
    /// Actors taking part in the event (2: bilateral), at most 255.
    pub participants: u8,
    /// How precisely `day` is known.
    pub precision: Precision,
    /// Bit 7: every report mentions the event as background; bits 0-6: how many more units of
    /// the precision a range lasts ("from 7 to 10 May": 3 days), at most 127.
    pub extent: u8,
    /// Extracted from text, or imported from GDELT or ICEWS: the same event in two datasets is
    /// two records, so that a query can choose one.
    pub dataset: Dataset,
}

/// The bit of `EventRecord::extent` that marks background.
const BACKGROUND_BIT: u8 = 0x80;

impl EventRecord {
    /// The record of an event.
    pub fn of_event(event: &Event) -> EventRecord {
        let day = event.date.as_ref().map_or(NO_DAY, Date::days);
        EventRecord {
            day,
            report_day: event.report_date.as_ref().map_or(NO_DAY, Date::days),
            code: event.code.index(),
            kind: event.kind,
            n_reports: 1,
            participants: event.n_participants().min(255) as u8,
            precision: event.time.precision,
            extent: extent_of(day, &event.time),
            dataset: event.dataset(),
        }
    }

    /// The CAMEO code.
    pub fn code(&self) -> CameoCode {
        CameoCode::from_index(self.code).expect("records are made from codes of the table")
    }

    /// The record with the precision, range and background of `time`.
    pub fn with_time(self, time: EventTime) -> EventRecord {
        EventRecord {
            precision: time.precision,
            extent: extent_of(self.day, &time),
            ..self
        }
    }

    /// Whether every report of the event mentions it as background.
    pub fn background(&self) -> bool {
        self.extent & BACKGROUND_BIT != 0
    }

    /// The days the event may have happened on, first and last (an event dated by its report
    /// may be a day older); `None` without a date.
    pub fn period(&self) -> Option<(i32, i32)> {
        if self.day == NO_DAY {
            return None;
        }
        let units = i32::from(self.extent & !BACKGROUND_BIT);
        let time = EventTime {
            precision: self.precision,
            end: None,
            background: false,
        };
        let (start, end) = time.period(self.day);
        let end = match self.precision {
            Precision::Report | Precision::Day => end + units,
            Precision::Week => end + 7 * units,
            Precision::Month | Precision::Year | Precision::Decade => {
                (0..units).fold(end, |end, _| self.precision.last_day(end + 1))
            }
        };
        Some((start, end))
    }

    /// The time of the event as the model speaks it.
    pub fn time(&self) -> EventTime {
        let own = EventTime {
            precision: self.precision,
            end: None,
            background: self.background(),
        };
        let end = self.period().map(|(_, end)| end);
        EventTime {
            end: end.filter(|end| {
                self.precision != Precision::Report && *end != self.precision.last_day(self.day)
            }),
            ..own
        }
    }

    /// Whether two records tell one real event: the same kind (the family of the code) on
    /// overlapping periods.
    fn same_event(&self, other: &EventRecord) -> bool {
        // The same event in two datasets is two records, so that a query can choose one.
        if self.kind != other.kind || self.dataset != other.dataset {
            return false;
        }
        // Coded rows (GDELT, ICEWS) are dated to the day by their dataset: two rows are one
        // event only on the same day with the same code.
        if self.dataset != Dataset::Extracted {
            return self.day != NO_DAY && self.day == other.day && self.code == other.code;
        }
        match (self.period(), other.period()) {
            (Some((a, b)), Some((c, d))) => a <= d && c <= b,
            _ => false,
        }
    }

    /// Joins another report of the same event into this one: the reports add up, the more
    /// precise date wins, and the event is background only if every report says so.
    fn absorb(&mut self, other: &EventRecord) {
        let width = |record: &EventRecord| record.period().map_or(i32::MAX, |(a, b)| b - a);
        let background = self.background() && other.background();
        if width(other) < width(self) {
            self.day = other.day;
            self.precision = other.precision;
            self.extent = other.extent;
            self.code = other.code;
        }
        self.extent = if background {
            self.extent | BACKGROUND_BIT
        } else {
            self.extent & !BACKGROUND_BIT
        };
        self.n_reports = self.n_reports.saturating_add(other.n_reports);
        self.participants = self.participants.max(other.participants);
        // The first report: a dated one before an undated one.
        self.report_day = match (self.report_day, other.report_day) {
            (NO_DAY, day) | (day, NO_DAY) => day,
            (mine, theirs) => mine.min(theirs),
        };
    }
}

/// The extent byte of an event: its background bit and the extra units of a range.
fn extent_of(day: i32, time: &EventTime) -> u8 {
    let mut units = 0i32;
    if let (Some(end), true) = (time.end, day != NO_DAY) {
        let mut last = time.precision.last_day(day);
        while last < end && units < 127 {
            last = match time.precision {
                Precision::Report | Precision::Day => last + 1,
                Precision::Week => last + 7,
                precision => precision.last_day(last + 1),
            };
            units += 1;
        }
    }
    units as u8 | if time.background { BACKGROUND_BIT } else { 0 }
}

/// Which date a time filter looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateField {
    /// When the event happened.
    #[default]
    Event,
    /// When it was reported.
    Report,
}

/// Which events a query counts: a date window on the event or report date, and kinds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only events on or after this day.
    pub since: Option<Date>,
    /// Only events on or before this day.
    pub until: Option<Date>,
    /// Only these kinds; all when empty.
    pub kinds: Vec<EventKind>,
    /// The date the window applies to.
    pub on: DateField,
    /// Leave out events with more than two participants.
    pub bilateral_only: bool,
    /// Leave out events that every report mentions only as background ("since the 2008 war").
    pub news_only: bool,
    /// Only events of this dataset; all when `None`.
    pub dataset: Option<Dataset>,
}

/// A filter made ready for the inner loops: days and a kind bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Compiled {
    since: i32,
    until: i32,
    dated: bool,
    kinds: u32,
    on: DateField,
    bilateral_only: bool,
    news_only: bool,
    /// Bit of each accepted dataset.
    datasets: u8,
}

impl Filter {
    fn compile(&self) -> Compiled {
        let kinds = if self.kinds.is_empty() {
            u32::MAX
        } else {
            self.kinds
                .iter()
                .fold(0, |mask, kind| mask | kind_bit(*kind))
        };
        Compiled {
            since: self.since.as_ref().map_or(i32::MIN, Date::days),
            until: self.until.as_ref().map_or(i32::MAX, Date::days),
            dated: self.since.is_some() || self.until.is_some(),
            kinds,
            on: self.on,
            bilateral_only: self.bilateral_only,
            news_only: self.news_only,
            datasets: self.dataset.map_or(u8::MAX, |dataset| 1 << (dataset as u8)),
        }
    }
}

impl Compiled {
    fn accepts(&self, record: &EventRecord) -> bool {
        if self.kinds & kind_bit(record.kind) == 0
            || self.bilateral_only && record.participants > 2
            || self.news_only && record.background()
            || self.datasets & (1 << (record.dataset as u8)) == 0
        {
            return false;
        }
        if !self.dated {
            return true;
        }
        let day = match self.on {
            DateField::Event => record.day,
            DateField::Report => record.report_day,
        };
        day != NO_DAY && day >= self.since && day <= self.until
    }
}

fn kind_bit(kind: EventKind) -> u32 {
    1 << (kind as u32)
}

/// The events from one actor to another, sorted by day then code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edge {
    records: Vec<EventRecord>,
    /// The longest period of a record, in days: how far back an overlapping one may start.
    widest: i32,
}

impl Edge {
    /// Adds a record; a record of the same event (the same kind on an overlapping period, the
    /// narrowest such period first) adds a report instead. True when the event is new.
    fn insert(&mut self, record: EventRecord) -> bool {
        let key = |other: &EventRecord| (other.day, other.code);
        if let Some((start, end)) = record.period() {
            let from = self
                .records
                .partition_point(|other| other.day < start.saturating_sub(self.widest + 1));
            let to = self
                .records
                .partition_point(|other| other.day <= end.saturating_add(1));
            let width = |other: &EventRecord| other.period().map_or(i32::MAX, |(a, b)| b - a);
            let found = (from..to)
                .filter(|at| self.records[*at].same_event(&record))
                .min_by_key(|at| (width(&self.records[*at]), *at));
            if let Some(at) = found {
                let mut merged = self.records.remove(at);
                merged.absorb(&record);
                let at = self
                    .records
                    .partition_point(|other| key(other) < key(&merged));
                self.records.insert(at, merged);
                return false;
            }
            self.widest = self.widest.max(end - start);
        }
        let at = self
            .records
            .partition_point(|other| key(other) < key(&record));
        self.records.insert(at, record);
        true
    }

    /// An edge of records in any order: sorted once, with reports of the same event merged.
    /// Each record joins the narrowest overlapping event of its kind met so far; the events
    /// still open (whose period reaches the record's day) are the only ones looked at.
    fn from_records(mut records: Vec<EventRecord>) -> Edge {
        records.sort_by_key(|record| (record.day, record.code, record.kind));
        let mut merged: Vec<EventRecord> = Vec::with_capacity(records.len());
        let mut open: Vec<usize> = Vec::new();
        let mut widest = 0;
        for record in records {
            let Some((start, end)) = record.period() else {
                merged.push(record);
                continue;
            };
            open.retain(|at| merged[*at].period().is_some_and(|(_, last)| last >= start));
            let width = |other: &EventRecord| other.period().map_or(i32::MAX, |(a, b)| b - a);
            let found = open
                .iter()
                .copied()
                .filter(|at| merged[*at].same_event(&record))
                .min_by_key(|at| (width(&merged[*at]), *at));
            match found {
                Some(at) => merged[at].absorb(&record),
                None => {
                    widest = i32::max(widest, end - start);
                    open.push(merged.len());
                    merged.push(record);
                }
            }
        }
        merged.sort_by_key(|record| (record.day, record.code));
        Edge {
            records: merged,
            widest,
        }
    }

    /// The records of the edge.
    pub fn records(&self) -> &[EventRecord] {
        &self.records
    }

    fn relation(&self, filter: &Compiled) -> Relation {
        relation_of(
            self.records.iter().filter(|record| filter.accepts(record)),
            true,
        )
    }

    /// The relation without its timeline, for exports and whole-graph views.
    fn summary(&self, filter: &Compiled) -> Relation {
        relation_of(
            self.records.iter().filter(|record| filter.accepts(record)),
            false,
        )
    }

    fn any(&self, filter: &Compiled) -> bool {
        self.records.iter().any(|record| filter.accepts(record))
    }
}

/// Aggregates records into a relation, with its timeline by month when asked. Counts go into
/// flat arrays indexed by kind and code first: no map work per record.
fn relation_of<'r>(
    records: impl Iterator<Item = &'r EventRecord>,
    with_timeline: bool,
) -> Relation {
    let table = CameoCode::table();
    let mut relation = Relation::default();
    let mut by_kind = [0u64; EventKind::ALL.len()];
    let mut by_code = vec![0u32; table.len()];
    let mut months: BTreeMap<(i64, u32), MonthBucket> = BTreeMap::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    let (mut first_precision, mut last_precision) = (Precision::Report, Precision::Report);
    for record in records {
        let weight = table[usize::from(record.code)].goldstein;
        relation.n_events += 1;
        relation.n_reports += u64::from(record.n_reports);
        relation.weight += crate::model::weight_of(u16::from(record.participants));
        relation.n_multilateral += u64::from(record.participants > 2);
        by_kind[record.kind as usize] += 1;
        by_code[usize::from(record.code)] += 1;
        relation.goldstein += weight;
        if record.day != NO_DAY {
            if record.day < first
                || record.day == first && record.precision.sharper_than(first_precision)
            {
                first = record.day;
                first_precision = record.precision;
            }
            if record.day > last
                || record.day == last && record.precision.sharper_than(last_precision)
            {
                last = record.day;
                last_precision = record.precision;
            }
            if !with_timeline {
                continue;
            }
            let (year, month, _) = crate::model::civil_from_days(record.day);
            let bucket = months.entry((year, month)).or_default();
            bucket.n_events += 1;
            bucket.goldstein += weight;
        }
    }
    relation.by_kind = EventKind::ALL
        .into_iter()
        .map(|kind| (kind, by_kind[kind as usize]))
        .filter(|(_, n)| *n > 0)
        .collect();
    relation.by_code = by_code
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(index, n)| {
            let code = CameoCode::from_index(index as u16).expect("codes of the table");
            (code, u64::from(*n))
        })
        .collect();
    if first <= last {
        relation.first = Some(Date::from_days(first));
        relation.last = Some(Date::from_days(last));
        relation.first_precision = first_precision;
        relation.last_precision = last_precision;
    }
    relation.timeline = months
        .into_iter()
        .map(|((year, month), bucket)| (format!("{year:04}-{month:02}"), bucket))
        .collect();
    relation
}

/// What part of the graph an export or a figure draws: the ego network of `center` (or everything),
/// the events that pass `filter`, at a level of roll-up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subgraph {
    /// Draw only the actors within `depth` hops of this one.
    pub center: Option<ActorId>,
    /// Hops around `center`.
    pub depth: usize,
    /// Entity, sector or country.
    pub level: Level,
    /// Which events count.
    pub filter: Filter,
}

/// The graph of actors, with the events between them on directed edges.
#[derive(Debug, Default, Clone)]
pub struct ActorGraph {
    graph: StableDiGraph<Actor, Edge>,
    index: HashMap<ActorId, NodeIndex>,
    /// Other names of actors, as found in the text, with their normalised form for search.
    aliases: HashMap<NodeIndex, Vec<(String, String)>>,
    /// Events of one actor (no target: a protest, a strike), by actor: no edge, but part of the
    /// actor's counts and timeline.
    solo: HashMap<NodeIndex, Edge>,
    n_events: u64,
    n_solo: u64,
    /// Neighbour lists already computed, forgotten when an edge of their actor changes.
    neighbor_cache: neighbors::NeighborCache,
}

/// Above this many edges changed at once, the graph forgets every neighbour list rather than
/// those of each actor touched.
const FORGET_ONE_BY_ONE: usize = 64;

/// The longest text `ActorGraph::suggest` compares, in characters.
pub const SUGGEST_MAX_CHARS: usize = 48;

/// How far actors are folded together before a query or an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Level {
    /// Persons, institutions and states as themselves.
    #[default]
    Entity,
    /// Folded into their country and first role code (`PAKMIL`).
    Sector,
    /// Folded into their country (`PAK`).
    Country,
}

impl Level {
    /// Parses `entity`, `sector` or `country`.
    pub fn parse(raw: &str) -> Option<Level> {
        match raw {
            "entity" => Some(Level::Entity),
            "sector" => Some(Level::Sector),
            "country" => Some(Level::Country),
            _ => None,
        }
    }
}

/// Which edges of an actor a neighbour query follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Events the actor did to others.
    Out,
    /// Events others did to the actor.
    In,
    /// Both.
    Both,
}

impl Dir {
    /// Parses `out`, `in` or `both`.
    pub fn parse(raw: &str) -> Option<Dir> {
        match raw {
            "out" => Some(Dir::Out),
            "in" => Some(Dir::In),
            "both" => Some(Dir::Both),
            _ => None,
        }
    }
}

/// One partner of an actor and the relation in each direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbor<'g> {
    /// The partner.
    pub actor: &'g Actor,
    /// Events from the actor to the partner.
    pub outgoing: Relation,
    /// Events from the partner to the actor.
    pub incoming: Relation,
}

impl Neighbor<'_> {
    /// Events in both directions.
    pub fn n_events(&self) -> u64 {
        self.outgoing.n_events + self.incoming.n_events
    }
}

/// The relation between two actors, in each direction.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRelation<'g> {
    /// The first actor of the query.
    pub a: &'g Actor,
    /// The second actor of the query.
    pub b: &'g Actor,
    /// Events from `a` to `b`.
    pub a_to_b: Relation,
    /// Events from `b` to `a`.
    pub b_to_a: Relation,
}

impl PairRelation<'_> {
    /// Both directions added up.
    pub fn total(&self) -> Relation {
        let mut total = self.a_to_b.clone();
        total.merge(&self.b_to_a);
        total
    }
}

impl ActorGraph {
    /// Adds an actor, or updates the name, kind and codes of the actor with its id.
    pub fn upsert_actor(&mut self, actor: Actor) -> NodeIndex {
        match self.index.get(&actor.id) {
            Some(&node) => {
                self.graph[node] = actor;
                node
            }
            None => {
                let id = actor.id.clone();
                let node = self.graph.add_node(actor);
                self.index.insert(id, node);
                node
            }
        }
    }

    /// Adds an event, and its actors when new (an actor already known keeps its stored form).
    /// Returns false when the event was already known from another report.
    /// An event of one actor (no target) goes to that actor's own events, not to an edge.
    pub fn add_event(&mut self, event: &Event) -> bool {
        let source = self.node_or_insert(&event.source);
        if let Some(text) = event.source_text() {
            self.add_alias(&event.source.id, text);
        }
        let Some(target_actor) = &event.target else {
            return self.insert_solo(source, EventRecord::of_event(event));
        };
        let target = self.node_or_insert(target_actor);
        if let Some(text) = event.target_text() {
            self.add_alias(&target_actor.id, text);
        }
        self.insert_record(source, target, EventRecord::of_event(event))
    }

    /// Records another name of a known actor, for search; its own name and repeats are ignored.
    pub fn add_alias(&mut self, id: &ActorId, alias: &str) {
        let Some(&node) = self.index.get(id) else {
            return;
        };
        let alias = alias.trim();
        let normalized = normalize(alias);
        // A pronoun ("he", "she") names whoever came last, not this actor.
        let pronoun = !alias.contains(' ') && alias.chars().all(|c| c.is_lowercase());
        if normalized.is_empty() || pronoun || normalized == normalize(&self.graph[node].name) {
            return;
        }
        let known = self.aliases.entry(node).or_default();
        if !known.iter().any(|(_, other)| *other == normalized) {
            known.push((alias.to_string(), normalized));
        }
    }

    /// The other names of an actor, in the order they were first seen.
    pub fn aliases(&self, id: &ActorId) -> Vec<&str> {
        self.index
            .get(id)
            .and_then(|node| self.aliases.get(node))
            .map(|aliases| aliases.iter().map(|(alias, _)| alias.as_str()).collect())
            .unwrap_or_default()
    }

    /// Adds a record between two known actors, as the store loads them; false when either actor is unknown or the event was known.
    pub fn add_record(&mut self, source: &ActorId, target: &ActorId, record: EventRecord) -> bool {
        let (Some(&from), Some(&to)) = (self.index.get(source), self.index.get(target)) else {
            return false;
        };
        self.insert_record(from, to, record)
    }

    /// Adds the record of an event of one known actor (no target); false when the actor is
    /// unknown or the event was known.
    pub fn add_solo_record(&mut self, actor: &ActorId, record: EventRecord) -> bool {
        match self.index.get(actor) {
            Some(&node) => self.insert_solo(node, record),
            None => false,
        }
    }

    fn insert_solo(&mut self, node: NodeIndex, record: EventRecord) -> bool {
        let new = self.solo.entry(node).or_default().insert(record);
        if new {
            self.n_solo += 1;
        }
        new
    }

    /// Adds many records of one-actor events at once, grouped by actor (as `upsert_actor` gave
    /// their nodes), each actor's list sorted once. Returns the number of new events.
    pub fn add_solo_grouped(&mut self, groups: HashMap<NodeIndex, Vec<EventRecord>>) -> u64 {
        let before = self.n_solo;
        for (node, mut records) in groups {
            let old = self.solo.remove(&node).unwrap_or_default();
            self.n_solo -= old.records.len() as u64;
            records.extend_from_slice(&old.records);
            let merged = Edge::from_records(records);
            self.n_solo += merged.records.len() as u64;
            self.solo.insert(node, merged);
        }
        self.n_solo - before
    }

    /// The events of one actor alone (no target) that pass the filter, aggregated like a
    /// relation, with their timeline by month; `None` for an unknown actor.
    pub fn solo_relation(&self, id: &ActorId, filter: &Filter) -> Option<Relation> {
        let node = self.index.get(id)?;
        Some(
            self.solo
                .get(node)
                .map(|edge| edge.relation(&filter.compile()))
                .unwrap_or_default(),
        )
    }

    /// The records of an actor's one-actor events, sorted by day (empty when there are none).
    pub fn solo_records(&self, id: &ActorId) -> &[EventRecord] {
        self.index
            .get(id)
            .and_then(|node| self.solo.get(node))
            .map_or(&[], Edge::records)
    }

    /// Number of distinct events of one actor (no edge).
    pub fn n_solo_events(&self) -> u64 {
        self.n_solo
    }

    fn insert_record(&mut self, from: NodeIndex, to: NodeIndex, record: EventRecord) -> bool {
        let edge = match self.graph.find_edge(from, to) {
            Some(edge) => edge,
            None => self.graph.add_edge(from, to, Edge::default()),
        };
        let new = self.graph[edge].insert(record);
        self.refresh_neighbor_lists(&[(from, to)]);
        if new {
            self.n_events += 1;
        }
        new
    }

    /// Adds records between known actors, given by id (as the store reads what was committed
    /// since the graph was loaded); each edge touched is sorted once. Records of an unknown
    /// actor are left out. Returns the number of new events.
    pub fn add_records(&mut self, records: Vec<(ActorId, ActorId, EventRecord)>) -> u64 {
        let mut groups: HashMap<(NodeIndex, NodeIndex), Vec<EventRecord>> = HashMap::new();
        for (source, target, record) in records {
            if let (Some(&from), Some(&to)) = (self.index.get(&source), self.index.get(&target)) {
                groups.entry((from, to)).or_default().push(record);
            }
        }
        self.add_grouped(groups)
    }

    /// Adds many records at once, grouped by the pair of actors (as `upsert_actor` gave their
    /// nodes): each edge is sorted once, which is what loading a large store needs. Returns the
    /// number of new events.
    pub fn add_grouped(
        &mut self,
        groups: HashMap<(NodeIndex, NodeIndex), Vec<EventRecord>>,
    ) -> u64 {
        let mut pairs: Vec<((NodeIndex, NodeIndex), Vec<EventRecord>)> =
            groups.into_iter().collect();
        pairs.sort_by_key(|(pair, _)| *pair);
        // A few pairs (reports posted one by one) update the kept lists of their actors after
        // the edges change; many (a load) leave none.
        let refresh: Option<Vec<(NodeIndex, NodeIndex)>> = if pairs.len() > FORGET_ONE_BY_ONE {
            self.neighbor_cache.clear();
            None
        } else {
            Some(pairs.iter().map(|(pair, _)| *pair).collect())
        };
        let before = self.n_events;
        for ((from, to), mut records) in pairs {
            match self.graph.find_edge(from, to) {
                Some(edge) => {
                    let old = std::mem::take(&mut self.graph[edge]);
                    self.n_events -= old.records.len() as u64;
                    records.extend_from_slice(&old.records);
                    let merged = Edge::from_records(records);
                    self.n_events += merged.records.len() as u64;
                    self.graph[edge] = merged;
                }
                None => {
                    let edge = Edge::from_records(records);
                    self.n_events += edge.records.len() as u64;
                    self.graph.add_edge(from, to, edge);
                }
            }
        }
        if let Some(pairs) = refresh {
            self.refresh_neighbor_lists(&pairs);
        }
        self.n_events - before
    }

    /// The actor with this id.
    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.index.get(id).map(|&node| &self.graph[node])
    }

    /// Every actor, sorted by id.
    pub fn actors(&self) -> Vec<&Actor> {
        let mut actors: Vec<&Actor> = self.graph.node_weights().collect();
        actors.sort_by(|a, b| a.id.cmp(&b.id));
        actors
    }

    /// Every directed relation with at least one event passing the filter, sorted by source then
    /// target id; without timelines (ask `relation` or `timeline` for those).
    pub fn relations(&self, filter: &Filter) -> Vec<(&Actor, &Actor, Relation)> {
        let compiled = filter.compile();
        let mut relations: Vec<_> = self
            .graph
            .edge_references()
            .filter(|edge| edge.weight().any(&compiled))
            .map(|edge| {
                (
                    &self.graph[edge.source()],
                    &self.graph[edge.target()],
                    edge.weight().summary(&compiled),
                )
            })
            .collect();
        relations.sort_by(|x, y| (&x.0.id, &x.1.id).cmp(&(&y.0.id, &y.1.id)));
        relations
    }

    /// The event records from one actor to another, sorted by day (empty when there are none).
    pub fn records(&self, source: &ActorId, target: &ActorId) -> &[EventRecord] {
        let (Some(&from), Some(&to)) = (self.index.get(source), self.index.get(target)) else {
            return &[];
        };
        self.graph
            .find_edge(from, to)
            .map_or(&[], |edge| self.graph[edge].records())
    }

    /// Number of actors.
    pub fn n_actors(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of distinct events between two actors (an event reported twice counts once);
    /// events of one actor are counted by [`ActorGraph::n_solo_events`].
    pub fn n_events(&self) -> u64 {
        self.n_events
    }

    /// Actors whose id, name or one of whose other names matches the query, best first.
    ///
    /// Matching ignores case and accents. An exact id or name ranks first, then a prefix of the
    /// name or of one of its words, then a substring; a match on another name ranks one step lower.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Actor> {
        let needle = normalize(query);
        if needle.is_empty() {
            return self.actors().into_iter().take(limit).collect();
        }
        let score = |text: &str| -> Option<u8> {
            if text == needle {
                Some(0)
            } else if text.starts_with(&needle) {
                Some(1)
            } else if text.split(' ').any(|word| word.starts_with(&needle)) {
                Some(2)
            } else if text.contains(&needle) {
                Some(3)
            } else {
                None
            }
        };
        let scored: Vec<(u8, &Actor)> = self
            .graph
            .node_indices()
            .filter_map(|node| {
                let actor = &self.graph[node];
                let own = [normalize(&actor.name), normalize(actor.id.as_str())]
                    .into_iter()
                    .filter_map(|text| score(&text));
                let others = self
                    .aliases
                    .get(&node)
                    .into_iter()
                    .flatten()
                    .filter_map(|(_, normalized)| score(normalized).map(|found| found + 1));
                own.chain(others).min().map(|best| (best, actor))
            })
            .collect();
        best_first(scored, limit)
    }

    /// Actors whose id, name, a word of the name or another name is a few typing errors away
    /// from the query ("Pakistn" finds Pakistan, "trmup" Donald Trump), nearest first, ties by
    /// name then id: the "did you mean" of a search that found nothing.
    ///
    /// Errors are counted as optimal string alignment (a letter added, dropped, changed, or two
    /// neighbours swapped) on the normalised texts (case and accents ignored): one error allowed
    /// up to 4 letters, two up to 8, three beyond. Both texts are cut to `SUGGEST_MAX_CHARS`
    /// and a text whose length differs by more than the allowance is skipped before comparing,
    /// so each comparison costs at most a fixed amount and the whole is linear in the names.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<&Actor> {
        let needle: String = normalize(query).chars().take(SUGGEST_MAX_CHARS).collect();
        let needle_len = needle.chars().count();
        if needle_len == 0 || limit == 0 {
            return Vec::new();
        }
        let allowed = match needle_len {
            0..=4 => 1,
            5..=8 => 2,
            _ => 3,
        };
        let one_word = !needle.contains(' ');
        let distance = |text: &str| -> Option<usize> {
            let text: String = text.chars().take(SUGGEST_MAX_CHARS).collect();
            if text.chars().count().abs_diff(needle_len) > allowed {
                return None;
            }
            let found = strsim::osa_distance(&needle, &text);
            (found <= allowed).then_some(found)
        };
        let scored: Vec<(usize, &Actor)> = self
            .graph
            .node_indices()
            .filter_map(|node| {
                let actor = &self.graph[node];
                let name = normalize(&actor.name);
                let words = one_word
                    .then(|| name.split(' ').filter(|word| word.chars().count() >= 4))
                    .into_iter()
                    .flatten()
                    .filter_map(&distance);
                let others = self
                    .aliases
                    .get(&node)
                    .into_iter()
                    .flatten()
                    .filter_map(|(_, normalized)| distance(normalized));
                [distance(&name), distance(&normalize(actor.id.as_str()))]
                    .into_iter()
                    .flatten()
                    .chain(words)
                    .chain(others)
                    .min()
                    .map(|best| (best, actor))
            })
            .collect();
        best_first(scored, limit)
    }

    /// What to offer for a name that is not an actor: what `search` finds, then what `suggest`
    /// finds, without repeats, at most `limit`.
    pub fn did_you_mean(&self, query: &str, limit: usize) -> Vec<&Actor> {
        let mut found = self.search(query, limit);
        for actor in self.suggest(query, limit) {
            if found.len() < limit && !found.iter().any(|known| known.id == actor.id) {
                found.push(actor);
            }
        }
        found
    }

    /// The error text for an unknown actor, with what `did_you_mean` offers:
    /// "actor `Pakistn` not found; did you mean PAK (Pakistan)?".
    pub fn unknown_actor(&self, raw: &str) -> String {
        let offers: Vec<String> = self
            .did_you_mean(raw, 3)
            .iter()
            .map(|actor| format!("{} ({})", actor.id, actor.name))
            .collect();
        if offers.is_empty() {
            format!("actor `{raw}` not found")
        } else {
            format!(
                "actor `{raw}` not found; did you mean {}?",
                offers.join(", ")
            )
        }
    }

    /// The relation between two actors in both directions; `None` when either is unknown.
    pub fn relation(&self, a: &ActorId, b: &ActorId, filter: &Filter) -> Option<PairRelation<'_>> {
        let (&node_a, &node_b) = (self.index.get(a)?, self.index.get(b)?);
        let compiled = filter.compile();
        let directed = |from, to| {
            self.graph
                .find_edge(from, to)
                .map(|edge| self.graph[edge].relation(&compiled))
                .unwrap_or_default()
        };
        Some(PairRelation {
            a: &self.graph[node_a],
            b: &self.graph[node_b],
            a_to_b: directed(node_a, node_b),
            b_to_a: directed(node_b, node_a),
        })
    }

    /// A shortest path by hops between two actors over edges with events passing the filter,
    /// ignoring direction; `None` when either is unknown or they are not connected.
    ///
    /// Among equally short paths, the one through the smallest ids wins, so the answer is deterministic.
    pub fn shortest_path(
        &self,
        from: &ActorId,
        to: &ActorId,
        filter: &Filter,
    ) -> Option<Vec<&Actor>> {
        let (&start, &goal) = (self.index.get(from)?, self.index.get(to)?);
        let compiled = filter.compile();
        let mut previous: HashMap<NodeIndex, NodeIndex> = HashMap::from([(start, start)]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            if node == goal {
                break;
            }
            let mut next: Vec<NodeIndex> = self
                .partners(node, &compiled)
                .into_iter()
                .filter(|partner| !previous.contains_key(partner))
                .collect();
            next.sort_by(|x, y| self.graph[*x].id.cmp(&self.graph[*y].id));
            for partner in next {
                previous.insert(partner, node);
                queue.push_back(partner);
            }
        }
        previous.get(&goal)?;
        let mut path = vec![goal];
        let mut node = goal;
        while node != start {
            node = previous[&node];
            path.push(node);
        }
        path.reverse();
        Some(path.into_iter().map(|node| &self.graph[node]).collect())
    }

    /// The actors within `depth` hops of `center` (either direction, over edges with events
    /// passing the filter) and the events among them that pass it. `None` when the center is unknown.
    pub fn ego(&self, center: &ActorId, depth: usize, filter: &Filter) -> Option<ActorGraph> {
        let start = *self.index.get(center)?;
        let compiled = filter.compile();
        let mut distance: HashMap<NodeIndex, usize> = HashMap::from([(start, 0)]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let hops = distance[&node];
            if hops == depth {
                continue;
            }
            for partner in self.partners(node, &compiled) {
                if let std::collections::hash_map::Entry::Vacant(entry) = distance.entry(partner) {
                    entry.insert(hops + 1);
                    queue.push_back(partner);
                }
            }
        }
        Some(self.induced(|node| distance.contains_key(&node), &compiled))
    }

    /// The part of the graph a `Subgraph` describes; `None` when its center is unknown.
    /// `known` names folded actors (see `roll_up`).
    pub fn subgraph(
        &self,
        spec: &Subgraph,
        known: impl Fn(&ActorId) -> Option<Actor>,
    ) -> Option<ActorGraph> {
        let part = match &spec.center {
            Some(center) => self.ego(center, spec.depth, &spec.filter)?,
            None => self.filtered(&spec.filter),
        };
        Some(part.roll_up(spec.level, known))
    }

    /// The graph with only the events that pass the filter (every actor kept).
    pub fn filtered(&self, filter: &Filter) -> ActorGraph {
        self.induced(|_| true, &filter.compile())
    }

    /// The graph with every actor folded into its sector (`PAKMIL`) or its country (`PAK`).
    ///
    /// A folded node takes the actor of the graph with its id, else what `known` says of that id
    /// (the caller's dictionary), else a name made from its country's name and role code.
    /// Events between actors that fold into the same node disappear (no self-loops); the same
    /// event reported through several folded actors counts once.
    pub fn roll_up(&self, level: Level, known: impl Fn(&ActorId) -> Option<Actor>) -> ActorGraph {
        if level == Level::Entity {
            return self.clone();
        }
        let mut folded = ActorGraph::default();
        let mut target_of: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        for node in self.sorted_nodes() {
            let actor = &self.graph[node];
            let code = fold_code(actor, level);
            let Ok(id) = ActorId::parse(code) else {
                target_of.insert(node, folded.node_or_insert(actor));
                continue;
            };
            let folded_node = match folded.index.get(&id) {
                Some(&existing) => existing,
                None => {
                    let canonical = self
                        .actor(&id)
                        .cloned()
                        .or_else(|| known(&id).filter(|found| found.id == id))
                        .unwrap_or_else(|| {
                            let country_name = ActorId::parse(&actor.country)
                                .ok()
                                .and_then(|country| {
                                    self.actor(&country).cloned().or_else(|| known(&country))
                                })
                                .map_or_else(|| actor.country.clone(), |state| state.name);
                            let (name, kind) = match code.strip_prefix(actor.country.as_str()) {
                                Some("") => (country_name, ActorKind::State),
                                Some(role) => {
                                    (format!("{country_name} ({role})"), ActorKind::Organization)
                                }
                                None => (code.to_string(), actor.kind),
                            };
                            Actor {
                                id: id.clone(),
                                name,
                                kind,
                                cameo: code.to_string(),
                                country: actor.country.clone(),
                            }
                        });
                    folded.upsert_actor(canonical)
                }
            };
            target_of.insert(node, folded_node);
        }
        let mut merged: HashMap<(NodeIndex, NodeIndex), Vec<EventRecord>> = HashMap::new();
        for edge in self.graph.edge_references() {
            let (from, to) = (target_of[&edge.source()], target_of[&edge.target()]);
            if from != to {
                merged
                    .entry((from, to))
                    .or_default()
                    .extend_from_slice(edge.weight().records());
            }
        }
        folded.add_grouped(merged);
        let mut solo: HashMap<NodeIndex, Vec<EventRecord>> = HashMap::new();
        for (node, edge) in &self.solo {
            solo.entry(target_of[node])
                .or_default()
                .extend_from_slice(edge.records());
        }
        folded.add_solo_grouped(solo);
        folded
    }

    /// The graph's actors in id order, with their node handles.
    fn sorted_nodes(&self) -> Vec<NodeIndex> {
        let mut nodes: Vec<NodeIndex> = self.graph.node_indices().collect();
        nodes.sort_by(|x, y| self.graph[*x].id.cmp(&self.graph[*y].id));
        nodes
    }

    /// Partners of a node over edges with an accepted record, in either direction, without repeats.
    fn partners(&self, node: NodeIndex, filter: &Compiled) -> Vec<NodeIndex> {
        let mut partners: Vec<NodeIndex> = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .filter(|edge| edge.weight().any(filter))
            .map(|edge| edge.target())
            .chain(
                self.graph
                    .edges_directed(node, Direction::Incoming)
                    .filter(|edge| edge.weight().any(filter))
                    .map(|edge| edge.source()),
            )
            .filter(|partner| *partner != node)
            .collect();
        partners.sort_unstable();
        partners.dedup();
        partners
    }

    /// The subgraph of the kept nodes with the accepted records among them.
    fn induced(&self, keep: impl Fn(NodeIndex) -> bool, filter: &Compiled) -> ActorGraph {
        let mut sub = ActorGraph::default();
        let mut mapped: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        for node in self.sorted_nodes().into_iter().filter(|node| keep(*node)) {
            let copy = sub.upsert_actor(self.graph[node].clone());
            if let Some(aliases) = self.aliases.get(&node) {
                sub.aliases.insert(copy, aliases.clone());
            }
            mapped.insert(node, copy);
        }
        for edge in self.graph.edge_references() {
            let (Some(&from), Some(&to)) = (mapped.get(&edge.source()), mapped.get(&edge.target()))
            else {
                continue;
            };
            for record in edge
                .weight()
                .records()
                .iter()
                .filter(|record| filter.accepts(record))
            {
                sub.insert_record(from, to, *record);
            }
        }
        for (node, edge) in &self.solo {
            let Some(&copy) = mapped.get(node) else {
                continue;
            };
            for record in edge
                .records()
                .iter()
                .filter(|record| filter.accepts(record))
            {
                sub.insert_solo(copy, *record);
            }
        }
        sub
    }

    fn node_or_insert(&mut self, actor: &Actor) -> NodeIndex {
        match self.index.get(&actor.id) {
            Some(&node) => node,
            None => self.upsert_actor(actor.clone()),
        }
    }
}

/// Country roots that are no country: international and non-governmental organisations,
/// multinationals, and the like. At country level their actors keep their own sector code.
pub const NON_STATE_ROOTS: [&str; 5] = ["IGO", "NGO", "MNC", "IMG", "UIS"];

/// The code an actor folds into at a level: itself, its sector (`PAKMIL`), or its country (`PAK`).
pub fn fold_code(actor: &Actor, level: Level) -> &str {
    match level {
        Level::Entity => actor.id.as_str(),
        Level::Country if !NON_STATE_ROOTS.contains(&actor.country.as_str()) => {
            actor.country.as_str()
        }
        _ => actor.sector(),
    }
}

/// Lower case without accents, for search.
pub fn normalize(text: &str) -> String {
    text.chars()
        .flat_map(fold_accent)
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `limit` actors of the lowest score, ties by name then id: the order of `search` and
/// `suggest`.
fn best_first<S: Ord>(mut scored: Vec<(S, &Actor)>, limit: usize) -> Vec<&Actor> {
    scored.sort_by(|x, y| (&x.0, &x.1.name, &x.1.id).cmp(&(&y.0, &y.1.name, &y.1.id)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, actor)| actor)
        .collect()
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn actor(id: &str, name: &str) -> Actor {
        Actor {
            id: ActorId::parse(id).unwrap(),
            name: name.to_string(),
            kind: ActorKind::State,
            cameo: id.to_string(),
            country: id.to_string(),
        }
    }

    fn event(source: &Actor, target: &Actor, code: &str, date: &str) -> Event {
        let code = CameoCode::parse(code).unwrap();
        Event {
            id: format!("{}-{}-{}-{}", source.id, target.id, code, date),
            source: source.clone(),
            target: Some(target.clone()),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::parse(date).unwrap()),
            time: crate::model::EventTime {
                precision: crate::model::Precision::Day,
                ..Default::default()
            },
            report_date: Some(Date::parse("2025-12-01").unwrap()),
            document: "doc".into(),
            evidence: Evidence::default(),
            rule: "test".into(),
            participants: Vec::new(),
        }
    }

    fn id(raw: &str) -> ActorId {
        ActorId::parse(raw).unwrap()
    }

    fn date(raw: &str) -> Option<Date> {
        Some(Date::parse(raw).unwrap())
    }

    fn fixture() -> ActorGraph {
        let (pak, usa, ind, chn, bra) = (
            actor("PAK", "Pakistan"),
            actor("USA", "United States"),
            actor("IND", "India"),
            actor("CHN", "China"),
            actor("BRA", "Brazil"),
        );
        let mut graph = ActorGraph::default();
        graph.add_event(&event(&pak, &usa, "042", "2025-06-18"));
        graph.add_event(&event(&usa, &pak, "043", "2025-06-18"));
        graph.add_event(&event(&pak, &usa, "040", "2025-08-10"));
        graph.add_event(&event(&pak, &ind, "190", "2025-05-07"));
        graph.add_event(&event(&ind, &pak, "190", "2025-05-07"));
        graph.add_event(&event(&ind, &pak, "195", "2025-05-10"));
        graph.add_event(&event(&usa, &chn, "040", "2025-10-30"));
        graph.upsert_actor(bra);
        graph
    }

    #[test]
    fn events_merge_into_one_edge_per_direction() {
        let graph = fixture();
        assert_eq!(graph.n_events(), 7);
        assert_eq!(graph.n_actors(), 5);
        assert_eq!(graph.relations(&Filter::default()).len(), 5);
        let relation = graph
            .relation(&id("IND"), &id("PAK"), &Filter::default())
            .unwrap();
        assert_eq!(relation.a_to_b.n_events, 2);
        assert_eq!(relation.b_to_a.n_events, 1);
        assert_eq!(relation.total().goldstein, -30.0);
        assert_eq!(relation.a_to_b.first, date("2025-05-07"));
        assert_eq!(relation.a_to_b.last, date("2025-05-10"));
        assert_eq!(relation.total().conflict_share(), 1.0);
        assert_eq!(relation.a_to_b.timeline["2025-05"].n_events, 2);
        assert_eq!(
            relation.a_to_b.by_code[&CameoCode::parse("195").unwrap()],
            1
        );
    }

    #[test]
    fn a_multilateral_event_weighs_one_over_n_minus_one_and_can_be_left_out() {
        let mut graph = fixture();
        let (ind, pak, chn) = (
            actor("IND", "India"),
            actor("PAK", "Pakistan"),
            actor("CHN", "China"),
        );
        let ids = vec![id("CHN"), id("IND"), id("PAK")];
        for (source, target) in [(&ind, &pak), (&ind, &chn), (&pak, &chn)] {
            let mut summit = event(source, target, "040", "2025-09-01");
            summit.participants = ids.clone();
            assert!(summit.multilateral());
            assert_eq!(summit.weight(), 0.5);
            graph.add_event(&summit);
        }
        let relation = graph
            .relation(&id("IND"), &id("PAK"), &Filter::default())
            .unwrap();
        // Two bilateral strikes and one dyad of a three-party meeting.
        assert_eq!(relation.a_to_b.n_events, 3);
        assert_eq!(relation.a_to_b.n_multilateral, 1);
        assert!((relation.a_to_b.weight - 2.5).abs() < 1e-9);
        let bilateral = Filter {
            bilateral_only: true,
            ..Filter::default()
        };
        let relation = graph.relation(&id("IND"), &id("PAK"), &bilateral).unwrap();
        assert_eq!(relation.a_to_b.n_events, 2);
        assert_eq!(relation.a_to_b.weight, 2.0);
        assert!(graph
            .relation(&id("IND"), &id("CHN"), &bilateral)
            .is_none_or(|relation| relation.a_to_b.n_events == 0 && relation.b_to_a.n_events == 0));
    }

    #[test]
    fn the_same_event_from_several_reports_counts_once() {
        let mut graph = fixture();
        let (pak, ind) = (actor("PAK", "Pakistan"), actor("IND", "India"));
        assert!(
            !graph.add_event(&event(&ind, &pak, "195", "2025-05-10")),
            "a second report of a known event"
        );
        assert!(
            graph.add_event(&event(&ind, &pak, "195", "2025-05-11")),
            "another day is another event"
        );
        let relation = graph
            .relation(&id("IND"), &id("PAK"), &Filter::default())
            .unwrap();
        assert_eq!(
            (relation.a_to_b.n_events, relation.a_to_b.n_reports),
            (3, 4)
        );
        assert_eq!(graph.n_events(), 8);
    }

    #[test]
    fn date_windows_cut_a_relation_in_two() {
        let graph = fixture();
        let may = Filter {
            since: date("2025-05-08"),
            until: date("2025-05-31"),
            ..Filter::default()
        };
        let relation = graph.relation(&id("IND"), &id("PAK"), &may).unwrap();
        assert_eq!((relation.a_to_b.n_events, relation.b_to_a.n_events), (1, 0));
        assert_eq!(relation.a_to_b.first, date("2025-05-10"));
        let by_report = Filter {
            since: date("2025-11-01"),
            on: DateField::Report,
            ..Filter::default()
        };
        assert_eq!(
            graph
                .relation(&id("IND"), &id("PAK"), &by_report)
                .unwrap()
                .total()
                .n_events,
            3
        );
        let later = Filter {
            since: date("2026-01-01"),
            ..Filter::default()
        };
        assert_eq!(graph.relations(&later), vec![]);
        assert_eq!(
            graph.neighbors(&id("PAK"), Dir::Both, &later).unwrap(),
            vec![]
        );
    }

    #[test]
    fn neighbors_sort_by_count_then_id_and_filter_kinds() {
        let graph = fixture();
        let neighbors = graph
            .neighbors(&id("PAK"), Dir::Both, &Filter::default())
            .unwrap();
        let ids: Vec<(&str, u64)> = neighbors
            .iter()
            .map(|n| (n.actor.id.as_str(), n.n_events()))
            .collect();
        assert_eq!(ids, [("IND", 3), ("USA", 3)]);
        let visits = Filter {
            kinds: vec![EventKind::Visit],
            ..Filter::default()
        };
        let out_only = graph.neighbors(&id("PAK"), Dir::Out, &visits).unwrap();
        assert_eq!(out_only.len(), 1);
        assert_eq!(out_only[0].actor.id.as_str(), "USA");
        assert_eq!(out_only[0].n_events(), 1);
        assert!(graph
            .neighbors(&id("XXX"), Dir::Both, &Filter::default())
            .is_none());
        assert_eq!(
            graph
                .neighbors(&id("BRA"), Dir::Both, &Filter::default())
                .unwrap(),
            vec![]
        );
    }

    #[test]
    fn search_ignores_case_and_accents_and_ranks_prefixes_first() {
        let mut graph = fixture();
        graph.upsert_actor(actor("TUR", "Türkiye"));
        let names = |query: &str| -> Vec<String> {
            graph
                .search(query, 10)
                .iter()
                .map(|a| a.name.clone())
                .collect()
        };
        assert_eq!(names("pakis"), ["Pakistan"]);
        assert_eq!(names("TURK"), ["Türkiye"]);
        assert_eq!(names("states"), ["United States"]);
        assert_eq!(names("in"), ["India", "China"]);
        assert!(names("zzz").is_empty());
    }

    #[test]
    fn suggest_finds_names_a_few_typing_errors_away() {
        let mut graph = fixture();
        graph.upsert_actor(actor("donald-trump", "Donald Trump"));
        graph.add_alias(&id("USA"), "Washington");
        let names = |query: &str| -> Vec<String> {
            graph
                .suggest(query, 10)
                .iter()
                .map(|a| a.id.to_string())
                .collect()
        };
        assert!(graph.search("Pakistn", 10).is_empty());
        assert_eq!(names("Pakistn"), ["PAK"], "a letter dropped");
        assert_eq!(names("pakitsan"), ["PAK"], "two letters swapped");
        assert_eq!(names("INDA"), ["IND"], "one error in a short name");
        assert_eq!(names("trmup"), ["donald-trump"], "a word of the name");
        assert_eq!(names("Washingtn"), ["USA"], "another name");
        assert_eq!(names("PAKK"), ["PAK"], "an id");
        assert!(names("qqqqqqq").is_empty());
        assert!(
            names("Pkstn").is_empty(),
            "three errors in five letters is too many"
        );
        assert!(names("").is_empty());
        let long = "Pakistan ".repeat(1000);
        assert!(
            names(&long).is_empty(),
            "a long query is cut, not compared whole"
        );
        assert_eq!(
            graph.unknown_actor("Pakistn"),
            "actor `Pakistn` not found; did you mean PAK (Pakistan)?"
        );
        assert_eq!(graph.unknown_actor("zzzz"), "actor `zzzz` not found");
        let offered: Vec<&str> = graph
            .did_you_mean("pak", 3)
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(offered, ["PAK"], "search first, no repeats");
    }

    #[test]
    fn search_finds_actors_by_the_names_the_text_used() {
        let mut graph = fixture();
        graph.add_alias(&id("PAK"), "Islamabad");
        graph.add_alias(&id("USA"), "Washington");
        graph.add_alias(&id("USA"), "  washington ");
        graph.add_alias(&id("USA"), "United States");
        graph.add_alias(&id("XXX"), "nowhere");
        graph.add_alias(&id("USA"), "he");
        assert_eq!(
            graph.aliases(&id("USA")),
            ["Washington"],
            "repeats and the own name are ignored"
        );
        let names = |query: &str| -> Vec<String> {
            graph
                .search(query, 10)
                .iter()
                .map(|a| a.id.to_string())
                .collect()
        };
        assert_eq!(names("islam"), ["PAK"]);
        assert_eq!(names("WASHINGTON"), ["USA"]);
        assert_eq!(
            graph
                .ego(&id("USA"), 1, &Filter::default())
                .unwrap()
                .aliases(&id("USA")),
            ["Washington"]
        );
    }

    #[test]
    fn ego_keeps_actors_within_depth_and_their_relations() {
        let graph = fixture();
        let all = Filter::default();
        let ids = |graph: &ActorGraph| -> Vec<String> {
            graph.actors().iter().map(|a| a.id.to_string()).collect()
        };
        assert_eq!(
            ids(&graph.ego(&id("IND"), 1, &all).unwrap()),
            ["IND", "PAK"]
        );
        let two = graph.ego(&id("IND"), 2, &all).unwrap();
        assert_eq!(ids(&two), ["IND", "PAK", "USA"]);
        assert_eq!(two.n_events(), 6);
        assert_eq!(ids(&graph.ego(&id("BRA"), 3, &all).unwrap()), ["BRA"]);
        assert!(graph.ego(&id("XXX"), 1, &all).is_none());
        let conflict = Filter {
            kinds: vec![EventKind::Conflict],
            ..Filter::default()
        };
        assert_eq!(
            ids(&graph.ego(&id("IND"), 3, &conflict).unwrap()),
            ["IND", "PAK"]
        );
    }

    #[test]
    fn roll_up_folds_persons_into_sectors_and_countries() {
        let mut graph = fixture();
        let munir = Actor {
            id: id("asim-munir"),
            name: "Asim Munir".into(),
            kind: ActorKind::Person,
            cameo: "PAKMIL".into(),
            country: "PAK".into(),
        };
        let usa = graph.actor(&id("USA")).unwrap().clone();
        let pak = graph.actor(&id("PAK")).unwrap().clone();
        graph.add_event(&event(&munir, &usa, "042", "2025-08-09"));
        graph.add_event(&event(&munir, &usa, "042", "2025-06-18"));
        graph.add_event(&event(&munir, &pak, "010", "2025-08-09"));
        let all = Filter::default();
        let sectors = graph.roll_up(Level::Sector, |_| None);
        let pakmil = sectors.actor(&id("PAKMIL")).unwrap();
        assert_eq!(
            (pakmil.name.as_str(), pakmil.kind),
            ("Pakistan (MIL)", ActorKind::Organization)
        );
        assert_eq!(
            sectors
                .relation(&pakmil.id, &usa.id, &all)
                .unwrap()
                .a_to_b
                .n_events,
            2
        );
        let named = graph.roll_up(Level::Sector, |found| {
            (found.as_str() == "PAKMIL").then(|| Actor {
                id: found.clone(),
                name: "Pakistan Army".into(),
                ..munir.clone()
            })
        });
        assert_eq!(
            named.actor(&pakmil.id).unwrap().name,
            "Pakistan Army",
            "the caller's dictionary names folded nodes"
        );
        let countries = graph.roll_up(Level::Country, |_| None);
        assert!(countries.actor(&munir.id).is_none());
        let relation = countries.relation(&pak.id, &usa.id, &all).unwrap();
        assert_eq!(
            relation.a_to_b.n_events, 3,
            "Munir's 2025-06-18 visit is the one PAK already had"
        );
        assert_eq!(relation.a_to_b.n_reports, 4);
        assert_eq!(
            countries.n_events(),
            8,
            "the PAK-internal event folds into a self-loop and is dropped"
        );
        let un = Actor {
            id: id("IGOUNO"),
            name: "United Nations".into(),
            kind: ActorKind::Organization,
            cameo: "IGOUNO".into(),
            country: "IGO".into(),
        };
        graph.add_event(&event(&un, &pak, "070", "2025-08-09"));
        let countries = graph.roll_up(Level::Country, |_| None);
        assert_eq!(
            countries
                .actor(&id("IGOUNO"))
                .map(|actor| actor.name.as_str()),
            Some("United Nations"),
            "an IGO is no country"
        );
        assert!(countries.actor(&id("IGO")).is_none());
    }

    #[test]
    fn shortest_path_ignores_direction_and_follows_the_filter() {
        let graph = fixture();
        let all = Filter::default();
        let path = |from: &str, to: &str, filter: &Filter| -> Option<Vec<String>> {
            graph
                .shortest_path(&id(from), &id(to), filter)
                .map(|path| path.iter().map(|a| a.id.to_string()).collect())
        };
        assert_eq!(
            path("IND", "CHN", &all).unwrap(),
            ["IND", "PAK", "USA", "CHN"]
        );
        assert!(path("IND", "BRA", &all).is_none());
        assert_eq!(path("IND", "IND", &all).unwrap(), ["IND"]);
        let before_october = Filter {
            until: date("2025-09-30"),
            ..Filter::default()
        };
        assert!(path("IND", "CHN", &before_october).is_none());
    }
}
