//! `ActorGraph`: the in-memory graph of actors and the relations between them.
//!
//! Nodes are actors, edges are directed relations (aggregates of events from one actor to another).
//! A `NodeIndex` is an in-memory handle only: everything outside this module speaks `ActorId`.
//! The graph does no I/O; the store loads it and the server shares it.

use std::collections::{HashMap, VecDeque};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction;

use crate::model::{fold_accent, Actor, ActorId, ActorKind, Event, EventKind, Relation};

/// The graph of actors, with relations as directed edges.
#[derive(Debug, Default, Clone)]
pub struct ActorGraph {
    graph: StableDiGraph<Actor, Relation>,
    index: HashMap<ActorId, NodeIndex>,
    n_events: u64,
}

/// How far actors are folded together before a query or an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// Adds an event: both actors if new (an actor already known keeps its stored form), and the event into the relation.
    pub fn add_event(&mut self, event: &Event) {
        let source = self.node_or_insert(&event.source);
        let target = self.node_or_insert(&event.target);
        match self.graph.find_edge(source, target) {
            Some(edge) => self.graph[edge].add(event),
            None => {
                let mut relation = Relation::default();
                relation.add(event);
                self.graph.add_edge(source, target, relation);
            }
        }
        self.n_events += 1;
    }

    /// Adds an already aggregated relation, as loaded from the store.
    pub fn add_relation(&mut self, source: &ActorId, target: &ActorId, relation: Relation) -> bool {
        let (Some(&from), Some(&to)) = (self.index.get(source), self.index.get(target)) else {
            return false;
        };
        self.n_events += relation.n_events;
        match self.graph.find_edge(from, to) {
            Some(edge) => self.graph[edge].merge(&relation),
            None => {
                self.graph.add_edge(from, to, relation);
            }
        }
        true
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

    /// Every directed relation `(source, target, relation)`, sorted by source then target id.
    pub fn relations(&self) -> Vec<(&Actor, &Actor, &Relation)> {
        let mut relations: Vec<_> = self
            .graph
            .edge_references()
            .map(|edge| {
                (
                    &self.graph[edge.source()],
                    &self.graph[edge.target()],
                    edge.weight(),
                )
            })
            .collect();
        relations.sort_by(|x, y| (&x.0.id, &x.1.id).cmp(&(&y.0.id, &y.1.id)));
        relations
    }

    /// Number of actors.
    pub fn n_actors(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of events added.
    pub fn n_events(&self) -> u64 {
        self.n_events
    }

    /// Actors whose id or name matches the query, best first.
    ///
    /// Matching ignores case and accents; an exact id or name ranks first, then a prefix
    /// of the name or of one of its words, then a substring.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Actor> {
        let needle = normalize(query);
        if needle.is_empty() {
            return self.actors().into_iter().take(limit).collect();
        }
        let mut scored: Vec<(u8, &Actor)> = self
            .graph
            .node_weights()
            .filter_map(|actor| {
                let name = normalize(&actor.name);
                let id = normalize(actor.id.as_str());
                let score = if id == needle || name == needle {
                    0
                } else if name.starts_with(&needle) || id.starts_with(&needle) {
                    1
                } else if name.split(' ').any(|word| word.starts_with(&needle)) {
                    2
                } else if name.contains(&needle) {
                    3
                } else {
                    return None;
                };
                Some((score, actor))
            })
            .collect();
        scored.sort_by(|x, y| (x.0, &x.1.name, &x.1.id).cmp(&(y.0, &y.1.name, &y.1.id)));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, actor)| actor)
            .collect()
    }

    /// The partners of an actor, most events first (ties by id); `None` for an unknown actor.
    pub fn neighbors(
        &self,
        id: &ActorId,
        dir: Dir,
        kinds: &[EventKind],
    ) -> Option<Vec<Neighbor<'_>>> {
        let node = *self.index.get(id)?;
        let mut partners: HashMap<NodeIndex, (Relation, Relation)> = HashMap::new();
        if matches!(dir, Dir::Out | Dir::Both) {
            for edge in self.graph.edges_directed(node, Direction::Outgoing) {
                let relation = filter_kinds(edge.weight(), kinds);
                partners
                    .entry(edge.target())
                    .or_default()
                    .0
                    .merge(&relation);
            }
        }
        if matches!(dir, Dir::In | Dir::Both) {
            for edge in self.graph.edges_directed(node, Direction::Incoming) {
                let relation = filter_kinds(edge.weight(), kinds);
                partners
                    .entry(edge.source())
                    .or_default()
                    .1
                    .merge(&relation);
            }
        }
        let mut neighbors: Vec<Neighbor<'_>> = partners
            .into_iter()
            .filter(|(partner, _)| *partner != node)
            .map(|(partner, (outgoing, incoming))| Neighbor {
                actor: &self.graph[partner],
                outgoing,
                incoming,
            })
            .filter(|neighbor| neighbor.n_events() > 0)
            .collect();
        neighbors.sort_by(|x, y| {
            y.n_events()
                .cmp(&x.n_events())
                .then_with(|| x.actor.id.cmp(&y.actor.id))
        });
        Some(neighbors)
    }

    /// The relation between two actors in both directions; `None` when either is unknown.
    pub fn relation(&self, a: &ActorId, b: &ActorId) -> Option<PairRelation<'_>> {
        let (&node_a, &node_b) = (self.index.get(a)?, self.index.get(b)?);
        let directed = |from, to| {
            self.graph
                .find_edge(from, to)
                .map(|edge| self.graph[edge].clone())
                .unwrap_or_default()
        };
        Some(PairRelation {
            a: &self.graph[node_a],
            b: &self.graph[node_b],
            a_to_b: directed(node_a, node_b),
            b_to_a: directed(node_b, node_a),
        })
    }

    /// A shortest path by hops between two actors, ignoring direction; `None` when either is unknown or they are not connected.
    ///
    /// Among equally short paths, the one through the smallest ids wins, so the answer is deterministic.
    pub fn shortest_path(&self, from: &ActorId, to: &ActorId) -> Option<Vec<&Actor>> {
        let (&start, &goal) = (self.index.get(from)?, self.index.get(to)?);
        let mut previous: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        previous.insert(start, start);
        while let Some(node) = queue.pop_front() {
            if node == goal {
                break;
            }
            let mut next: Vec<NodeIndex> = self
                .graph
                .neighbors_undirected(node)
                .filter(|partner| !previous.contains_key(partner))
                .collect();
            next.sort_by(|x, y| self.graph[*x].id.cmp(&self.graph[*y].id));
            next.dedup();
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

    /// The actors within `depth` hops of `center` (either direction) and the relations among them.
    ///
    /// `None` when the center is unknown. Depth 0 is the center alone.
    pub fn ego(&self, center: &ActorId, depth: usize) -> Option<ActorGraph> {
        let start = *self.index.get(center)?;
        let mut distance: HashMap<NodeIndex, usize> = HashMap::from([(start, 0)]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let hops = distance[&node];
            if hops == depth {
                continue;
            }
            for partner in self.graph.neighbors_undirected(node) {
                if let std::collections::hash_map::Entry::Vacant(entry) = distance.entry(partner) {
                    entry.insert(hops + 1);
                    queue.push_back(partner);
                }
            }
        }
        let mut ego = ActorGraph::default();
        let mut kept: Vec<NodeIndex> = distance.into_keys().collect();
        kept.sort_by(|x, y| self.graph[*x].id.cmp(&self.graph[*y].id));
        for node in &kept {
            ego.upsert_actor(self.graph[*node].clone());
        }
        for (source, target, relation) in self.relations() {
            if ego.index.contains_key(&source.id) && ego.index.contains_key(&target.id) {
                ego.add_relation(&source.id, &target.id, relation.clone());
            }
        }
        Some(ego)
    }

    /// The graph with every actor folded into its sector (`PAKMIL`) or its country (`PAK`).
    ///
    /// A folded node takes the actor of the graph with its id, else what `known` says of that id
    /// (the caller's dictionary), else a name made from its country's name and role code.
    /// Relations between actors that fold into the same node disappear (no self-loops).
    pub fn roll_up(&self, level: Level, known: impl Fn(&ActorId) -> Option<Actor>) -> ActorGraph {
        if level == Level::Entity {
            return self.clone();
        }
        let mut folded = ActorGraph::default();
        let mut target_of: HashMap<&ActorId, ActorId> = HashMap::new();
        for actor in self.actors() {
            let code = match level {
                Level::Country => actor.country.as_str(),
                _ => actor.sector(),
            };
            let Ok(id) = ActorId::parse(code) else {
                target_of.insert(&actor.id, actor.id.clone());
                folded.node_or_insert(actor);
                continue;
            };
            if folded.actor(&id).is_none() {
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
                folded.upsert_actor(canonical);
            }
            target_of.insert(&actor.id, id);
        }
        for (source, target, relation) in self.relations() {
            let (from, to) = (&target_of[&source.id], &target_of[&target.id]);
            if from != to {
                folded.add_relation(from, to, relation.clone());
            }
        }
        folded
    }

    fn node_or_insert(&mut self, actor: &Actor) -> NodeIndex {
        match self.index.get(&actor.id) {
            Some(&node) => node,
            None => self.upsert_actor(actor.clone()),
        }
    }
}

/// The part of a relation made of the given kinds; all of it when `kinds` is empty.
///
/// Dates and the timeline cannot be split by kind once aggregated, so they are kept whole when any kind remains.
fn filter_kinds(relation: &Relation, kinds: &[EventKind]) -> Relation {
    if kinds.is_empty() {
        return relation.clone();
    }
    let n_events: u64 = kinds
        .iter()
        .filter_map(|kind| relation.by_kind.get(kind))
        .sum();
    if n_events == 0 {
        return Relation::default();
    }
    let mut part = relation.clone();
    part.by_kind.retain(|kind, _| kinds.contains(kind));
    part.by_code.retain(|code, _| {
        crate::model::CameoCode::parse(code)
            .map(|code| kinds.contains(&EventKind::of_code(&code)))
            .unwrap_or(false)
    });
    part.n_events = n_events;
    part
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, CameoCode, Date, Evidence};

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
            target: target.clone(),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::parse(date).unwrap()),
            report_date: None,
            document: "doc".into(),
            evidence: Evidence {
                sentence: String::new(),
                start: 0,
                end: 0,
                ..Default::default()
            },
            rule: "test".into(),
        }
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
        assert_eq!(graph.relations().len(), 5);
        let relation = graph
            .relation(
                &ActorId::parse("IND").unwrap(),
                &ActorId::parse("PAK").unwrap(),
            )
            .unwrap();
        assert_eq!(relation.a_to_b.n_events, 2);
        assert_eq!(relation.b_to_a.n_events, 1);
        assert_eq!(relation.total().goldstein, -30.0);
        assert_eq!(
            relation.a_to_b.first.as_ref().unwrap().as_str(),
            "2025-05-07"
        );
        assert_eq!(
            relation.a_to_b.last.as_ref().unwrap().as_str(),
            "2025-05-10"
        );
        assert_eq!(relation.total().conflict_share(), 1.0);
    }

    #[test]
    fn neighbors_sort_by_count_then_id_and_filter_kinds() {
        let graph = fixture();
        let pak = ActorId::parse("PAK").unwrap();
        let neighbors = graph.neighbors(&pak, Dir::Both, &[]).unwrap();
        let ids: Vec<(&str, u64)> = neighbors
            .iter()
            .map(|n| (n.actor.id.as_str(), n.n_events()))
            .collect();
        assert_eq!(ids, [("IND", 3), ("USA", 3)]);
        let out_only = graph
            .neighbors(&pak, Dir::Out, &[EventKind::Visit])
            .unwrap();
        assert_eq!(out_only.len(), 1);
        assert_eq!(out_only[0].actor.id.as_str(), "USA");
        assert_eq!(out_only[0].n_events(), 1);
        assert!(graph
            .neighbors(&ActorId::parse("XXX").unwrap(), Dir::Both, &[])
            .is_none());
        assert_eq!(
            graph
                .neighbors(&ActorId::parse("BRA").unwrap(), Dir::Both, &[])
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
    fn ego_keeps_actors_within_depth_and_their_relations() {
        let graph = fixture();
        let id = |raw: &str| ActorId::parse(raw).unwrap();
        let ids = |graph: &ActorGraph| -> Vec<String> {
            graph.actors().iter().map(|a| a.id.to_string()).collect()
        };
        assert_eq!(ids(&graph.ego(&id("IND"), 1).unwrap()), ["IND", "PAK"]);
        let two = graph.ego(&id("IND"), 2).unwrap();
        assert_eq!(ids(&two), ["IND", "PAK", "USA"]);
        assert_eq!(two.n_events(), 6);
        assert_eq!(ids(&graph.ego(&id("BRA"), 3).unwrap()), ["BRA"]);
        assert!(graph.ego(&id("XXX"), 1).is_none());
    }

    #[test]
    fn roll_up_folds_persons_into_sectors_and_countries() {
        let mut graph = fixture();
        let munir = Actor {
            id: ActorId::parse("asim-munir").unwrap(),
            name: "Asim Munir".into(),
            kind: ActorKind::Person,
            cameo: "PAKMIL".into(),
            country: "PAK".into(),
        };
        let usa = graph
            .actor(&ActorId::parse("USA").unwrap())
            .unwrap()
            .clone();
        let pak = graph
            .actor(&ActorId::parse("PAK").unwrap())
            .unwrap()
            .clone();
        graph.add_event(&event(&munir, &usa, "042", "2025-08-09"));
        graph.add_event(&event(&munir, &pak, "010", "2025-08-09"));
        let sectors = graph.roll_up(Level::Sector, |_| None);
        let pakmil = sectors.actor(&ActorId::parse("PAKMIL").unwrap()).unwrap();
        assert_eq!(pakmil.name, "Pakistan (MIL)");
        assert_eq!(
            sectors
                .relation(&pakmil.id, &usa.id)
                .unwrap()
                .a_to_b
                .n_events,
            1
        );
        assert_eq!(pakmil.kind, ActorKind::Organization);
        let named = graph.roll_up(Level::Sector, |id| {
            (id.as_str() == "PAKMIL").then(|| Actor {
                id: id.clone(),
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
        assert_eq!(
            countries
                .relation(&pak.id, &usa.id)
                .unwrap()
                .a_to_b
                .n_events,
            3
        );
        assert_eq!(
            countries.n_events(),
            8,
            "the PAK-internal event folds into a self-loop and is dropped"
        );
    }

    #[test]
    fn shortest_path_ignores_direction() {
        let graph = fixture();
        let id = |raw: &str| ActorId::parse(raw).unwrap();
        let path: Vec<&str> = graph
            .shortest_path(&id("IND"), &id("CHN"))
            .unwrap()
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(path, ["IND", "PAK", "USA", "CHN"]);
        assert!(graph.shortest_path(&id("IND"), &id("BRA")).is_none());
        assert_eq!(
            graph.shortest_path(&id("IND"), &id("IND")).unwrap().len(),
            1
        );
    }
}
