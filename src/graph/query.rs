//! Analysts' questions over an `ActorGraph`: timelines, sorted neighbours, pruned ego networks,
//! weighted and k-best paths, rankings and communities.
//!
//! Pure functions of the graph and a `Filter`; the algorithms themselves live in `algo`.

use std::collections::{BTreeMap, HashMap};

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction;

use super::algo::{self, Digraph};
use super::{ActorGraph, Compiled, EventRecord, Filter, Level, Neighbor, NO_DAY};
use crate::model::{civil_from_days, Actor, ActorId, Date, EventKind, Relation};

/// Up to this many actors betweenness is exact; above, it is estimated from `BETWEENNESS_SAMPLES` sources.
const EXACT_BETWEENNESS_LIMIT: usize = 5_000;
const BETWEENNESS_SAMPLES: usize = 500;

/// How a timeline groups events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// ISO weeks, `2025-W19`.
    Week,
    /// Months, `2025-05`.
    #[default]
    Month,
    /// Years, `2025`.
    Year,
}

impl Granularity {
    /// Parses `week`, `month` or `year`.
    pub fn parse(raw: &str) -> Option<Granularity> {
        match raw {
            "week" => Some(Granularity::Week),
            "month" => Some(Granularity::Month),
            "year" => Some(Granularity::Year),
            _ => None,
        }
    }
}

/// One period of a relation's timeline, both directions together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Period {
    /// `2025-W19`, `2025-05` or `2025`.
    pub label: String,
    /// Events in the period.
    pub n_events: u64,
    /// Events of cooperation (CAMEO roots 02 to 08).
    pub n_cooperation: u64,
    /// Events of material conflict.
    pub n_conflict: u64,
    /// Sum of Goldstein weights.
    pub goldstein: f64,
}

/// How neighbours are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NeighborOrder {
    /// Most events first.
    #[default]
    Count,
    /// Highest net Goldstein first.
    Cooperation,
    /// Lowest net Goldstein first.
    Conflict,
    /// Latest event first.
    Recent,
}

impl NeighborOrder {
    /// Parses `count`, `cooperation`, `conflict` or `recent`.
    pub fn parse(raw: &str) -> Option<NeighborOrder> {
        match raw {
            "count" => Some(NeighborOrder::Count),
            "cooperation" => Some(NeighborOrder::Cooperation),
            "conflict" => Some(NeighborOrder::Conflict),
            "recent" => Some(NeighborOrder::Recent),
            _ => None,
        }
    }
}

/// Sorts neighbours in place; ties by actor id.
pub fn sort_neighbors(neighbors: &mut [Neighbor<'_>], order: NeighborOrder) {
    neighbors.sort_by(|x, y| {
        compare_neighbors(
            order,
            [&x.outgoing, &x.incoming],
            &x.actor.id,
            [&y.outgoing, &y.incoming],
            &y.actor.id,
        )
    });
}

/// How two partners compare in an order, by their relations each way and their ids.
pub(super) fn compare_neighbors(
    order: NeighborOrder,
    x: [&Relation; 2],
    x_id: &ActorId,
    y: [&Relation; 2],
    y_id: &ActorId,
) -> std::cmp::Ordering {
    let count = |relations: [&Relation; 2]| relations[0].n_events + relations[1].n_events;
    let net = |relations: [&Relation; 2]| relations[0].goldstein + relations[1].goldstein;
    fn last(relations: [&Relation; 2]) -> Option<&Date> {
        relations[0].last.as_ref().max(relations[1].last.as_ref())
    }
    let primary = match order {
        NeighborOrder::Count => count(y).cmp(&count(x)),
        NeighborOrder::Cooperation => net(y).total_cmp(&net(x)),
        NeighborOrder::Conflict => net(x).total_cmp(&net(y)),
        NeighborOrder::Recent => last(y).cmp(&last(x)),
    };
    primary.then_with(|| x_id.cmp(y_id))
}

/// What an ego network left out to stay readable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Actors dropped because they were not among the top partners of any kept actor.
    pub n_actors: usize,
    /// Relations dropped below the minimum count.
    pub n_relations: usize,
    /// Supernodes whose partners were capped (their ids).
    pub capped: Vec<String>,
}

/// How an ego network is pruned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pruning {
    /// Keep at most this many partners per actor when growing the network (by event count).
    pub top: usize,
    /// Drop pairs with fewer events than this (both directions together).
    pub min_count: u64,
    /// An actor with more partners than this is a supernode: it is kept, but not expanded further.
    pub supernode: usize,
}

impl Pruned {
    /// Whether nothing was left out.
    pub fn is_empty(&self) -> bool {
        self.n_actors == 0 && self.n_relations == 0 && self.capped.is_empty()
    }
}

impl Pruning {
    /// No pruning: every partner, every pair, and supernodes expanded like any other actor.
    pub fn unlimited() -> Pruning {
        Pruning {
            top: usize::MAX,
            min_count: 1,
            supernode: usize::MAX,
        }
    }
}

impl Default for Pruning {
    fn default() -> Pruning {
        Pruning {
            top: 15,
            min_count: 1,
            supernode: 60,
        }
    }
}

/// One ranked actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<'g> {
    /// The actor.
    pub actor: &'g Actor,
    /// Its score under the measure.
    pub score: f64,
}

/// What a ranking measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Number of partners.
    Degree,
    /// Number of events with partners.
    WeightedDegree,
    /// PageRank over events (damping 0.85).
    PageRank,
    /// Betweenness centrality (normalised).
    Betweenness,
}

impl Measure {
    /// Parses `degree`, `weighted_degree`, `pagerank` or `betweenness`.
    pub fn parse(raw: &str) -> Option<Measure> {
        match raw {
            "degree" => Some(Measure::Degree),
            "weighted_degree" => Some(Measure::WeightedDegree),
            "pagerank" => Some(Measure::PageRank),
            "betweenness" => Some(Measure::Betweenness),
            _ => None,
        }
    }
}

/// A community and the actors in it, largest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Community<'g> {
    /// The actors, by descending weighted degree then id.
    pub members: Vec<&'g Actor>,
}

/// Communities and the modularity of the partition.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities<'g> {
    /// Largest first; actors with no events are left out.
    pub communities: Vec<Community<'g>>,
    /// Modularity of the partition.
    pub modularity: f64,
}

/// What exports say of each actor: its events, partners, PageRank and community.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ActorMeasures {
    /// Events the actor took part in, on either side (an event reported twice counts once).
    pub n_events: u64,
    /// Actors it has events with, in either direction.
    pub n_partners: usize,
    /// PageRank over events (damping 0.85); all actors together sum to 1.
    pub pagerank: f64,
    /// Its community: 0 is the largest, ties by the smallest id in it; an actor without events
    /// is a community of its own, numbered after the others.
    pub community: usize,
}

/// Communities of measures are found with Louvain up to this many actors, with label propagation above.
pub const MEASURES_LOUVAIN_LIMIT: usize = 20_000;

/// How paths are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathCost {
    /// Fewest hops.
    #[default]
    Hops,
    /// Prefer strong (many events) and cooperative ties: each hop costs
    /// `(1 + conflict share) / ln(1 + events)`.
    Strength,
}

impl PathCost {
    /// Parses `hops` or `strength`.
    pub fn parse(raw: &str) -> Option<PathCost> {
        match raw {
            "hops" => Some(PathCost::Hops),
            "strength" => Some(PathCost::Strength),
            _ => None,
        }
    }
}

/// A path and its total cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Path<'g> {
    /// The actors, from the start to the end.
    pub actors: Vec<&'g Actor>,
    /// Total cost (hops, or the sum of strength costs).
    pub cost: f64,
}

impl ActorGraph {
    /// The id an actor has at a level: itself at entity level, its sector or country code above.
    /// `None` when the actor is unknown.
    pub fn fold_id(&self, id: &ActorId, level: Level) -> Option<ActorId> {
        let actor = self.actor(id)?;
        let code = super::fold_code(actor, level);
        ActorId::parse(code).ok().or_else(|| Some(id.clone()))
    }

    /// The timeline of the events between two actors (both directions), by period; `None` when either is unknown.
    pub fn timeline(
        &self,
        a: &ActorId,
        b: &ActorId,
        filter: &Filter,
        granularity: Granularity,
    ) -> Option<Vec<Period>> {
        let (&node_a, &node_b) = (self.index.get(a)?, self.index.get(b)?);
        let compiled = filter.compile();
        let mut periods: BTreeMap<String, Period> = BTreeMap::new();
        for (from, to) in [(node_a, node_b), (node_b, node_a)] {
            let Some(edge) = self.graph.find_edge(from, to) else {
                continue;
            };
            add_to_periods(
                &mut periods,
                self.graph[edge].records(),
                &compiled,
                granularity,
            );
        }
        Some(periods.into_values().collect())
    }

    /// The timeline of every event of one actor (with any partner either way, and alone), by
    /// period; `None` when the actor is unknown.
    pub fn actor_timeline(
        &self,
        id: &ActorId,
        filter: &Filter,
        granularity: Granularity,
    ) -> Option<Vec<Period>> {
        let node = *self.index.get(id)?;
        let compiled = filter.compile();
        let edges = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .chain(
                self.graph
                    .edges_directed(node, Direction::Incoming)
                    .filter(|edge| edge.source() != node),
            )
            .map(|edge| edge.weight().records());
        let solo = self.solo.get(&node).map(|edge| edge.records());
        let mut periods: BTreeMap<String, Period> = BTreeMap::new();
        for records in edges.chain(solo) {
            add_to_periods(&mut periods, records, &compiled, granularity);
        }
        Some(periods.into_values().collect())
    }

    /// The ego network of `center` grown hop by hop through each actor's top partners,
    /// with weak pairs and supernodes held back; `None` when the center is unknown.
    pub fn pruned_ego(
        &self,
        center: &ActorId,
        depth: usize,
        filter: &Filter,
        pruning: &Pruning,
    ) -> Option<(ActorGraph, Pruned)> {
        let start = *self.index.get(center)?;
        let compiled = filter.compile();
        let strengths = self.pair_strengths(&compiled);
        let mut kept: HashMap<NodeIndex, usize> = HashMap::from([(start, 0)]);
        let mut frontier = vec![start];
        let mut pruned = Pruned::default();
        let mut seen_partners: HashMap<NodeIndex, ()> = HashMap::new();
        for hops in 1..=depth {
            let mut next = Vec::new();
            for node in frontier {
                let mut partners: Vec<(NodeIndex, u64)> =
                    strengths.get(&node).cloned().unwrap_or_default();
                partners.sort_by(|x, y| {
                    y.1.cmp(&x.1)
                        .then_with(|| self.graph[x.0].id.cmp(&self.graph[y.0].id))
                });
                if node != start && partners.len() > pruning.supernode {
                    pruned.capped.push(self.graph[node].id.to_string());
                    continue;
                }
                for (rank, (partner, n_events)) in partners.into_iter().enumerate() {
                    seen_partners.insert(partner, ());
                    if rank >= pruning.top || n_events < pruning.min_count {
                        continue;
                    }
                    if let std::collections::hash_map::Entry::Vacant(entry) = kept.entry(partner) {
                        entry.insert(hops);
                        next.push(partner);
                    }
                }
            }
            next.sort_by(|x, y| self.graph[*x].id.cmp(&self.graph[*y].id));
            frontier = next;
        }
        pruned.n_actors = seen_partners
            .keys()
            .filter(|node| !kept.contains_key(node))
            .count();
        let mut ego = self.induced(|node| kept.contains_key(&node), &compiled);
        let mut weak: Vec<(ActorId, ActorId)> = ego
            .relations(&Filter::default())
            .into_iter()
            .map(|(a, b, _)| {
                if a.id <= b.id {
                    (a.id.clone(), b.id.clone())
                } else {
                    (b.id.clone(), a.id.clone())
                }
            })
            .filter(|(a, b)| {
                ego.relation(a, b, &Filter::default())
                    .map_or(0, |pair| pair.total().n_events)
                    < pruning.min_count
            })
            .collect();
        weak.sort();
        weak.dedup();
        pruned.n_relations = weak.len();
        for (a, b) in weak {
            let (node_a, node_b) = (ego.index[&a], ego.index[&b]);
            for (from, to) in [(node_a, node_b), (node_b, node_a)] {
                if let Some(edge) = ego.graph.find_edge(from, to) {
                    ego.n_events -= ego.graph[edge].records().len() as u64;
                    ego.graph.remove_edge(edge);
                    ego.neighbor_cache.forget(&[from, to]);
                }
            }
        }
        pruned.capped.sort();
        Some((ego, pruned))
    }

    /// Every actor ranked by a measure over the events passing the filter, best first (ties by id);
    /// actors without events are left out.
    pub fn rank(&self, measure: Measure, filter: &Filter) -> Vec<Ranked<'_>> {
        let (nodes, digraph) = self.digraph(&filter.compile());
        let undirected = digraph.undirected();
        let scores: Vec<f64> = match measure {
            Measure::Degree => undirected
                .iter()
                .map(|partners| partners.len() as f64)
                .collect(),
            Measure::WeightedDegree => algo::degrees(&undirected)
                .into_iter()
                .map(|(_, weight)| weight)
                .collect(),
            Measure::PageRank => algo::pagerank(&digraph, 0.85, 1e-10, 200),
            // Exact betweenness costs about n x m steps; above a few thousand actors a sample of sources estimates it.
            Measure::Betweenness if nodes.len() <= EXACT_BETWEENNESS_LIMIT => {
                algo::betweenness(&undirected, true)
            }
            Measure::Betweenness => {
                algo::betweenness_sampled(&undirected, true, BETWEENNESS_SAMPLES, 42)
            }
        };
        let mut ranked: Vec<Ranked<'_>> = nodes
            .iter()
            .zip(scores)
            .zip(&undirected)
            .filter(|(_, partners)| !partners.is_empty())
            .map(|((node, score), _)| Ranked {
                actor: &self.graph[*node],
                score,
            })
            .collect();
        ranked.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then_with(|| x.actor.id.cmp(&y.actor.id))
        });
        ranked
    }

    /// Communities of actors over the events passing the filter (Louvain, or label propagation
    /// for graphs above `louvain_limit` actors).
    pub fn communities(&self, filter: &Filter, louvain_limit: usize) -> Communities<'_> {
        let (nodes, digraph) = self.digraph(&filter.compile());
        let undirected = digraph.undirected();
        let (labels, modularity) = if nodes.len() <= louvain_limit {
            algo::louvain(&undirected, 1.0)
        } else {
            let labels = algo::label_propagation(&undirected, 100);
            let modularity = algo::modularity(&undirected, &labels, 1.0);
            (labels, modularity)
        };
        let strength: Vec<f64> = algo::degrees(&undirected)
            .into_iter()
            .map(|(_, weight)| weight)
            .collect();
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (position, label) in labels.iter().enumerate() {
            if !undirected[position].is_empty() {
                groups.entry(*label).or_default().push(position);
            }
        }
        let mut communities: Vec<Community<'_>> = groups
            .into_values()
            .map(|mut members| {
                members.sort_by(|x, y| {
                    strength[*y]
                        .total_cmp(&strength[*x])
                        .then_with(|| self.graph[nodes[*x]].id.cmp(&self.graph[nodes[*y]].id))
                });
                Community {
                    members: members
                        .into_iter()
                        .map(|position| &self.graph[nodes[position]])
                        .collect(),
                }
            })
            .collect();
        communities.sort_by(|x, y| {
            y.members
                .len()
                .cmp(&x.members.len())
                .then_with(|| x.members[0].id.cmp(&y.members[0].id))
        });
        Communities {
            communities,
            modularity,
        }
    }

    /// The measures of every actor over all its events, in the order of `actors()` (by id).
    pub fn measures(&self) -> Vec<ActorMeasures> {
        let (nodes, digraph) = self.digraph(&Filter::default().compile());
        let undirected = digraph.undirected();
        let pagerank = algo::pagerank(&digraph, 0.85, 1e-10, 200);
        let labels = if nodes.len() <= MEASURES_LOUVAIN_LIMIT {
            algo::louvain(&undirected, 1.0).0
        } else {
            algo::label_propagation(&undirected, 100)
        };
        let mut measures: Vec<ActorMeasures> = pagerank
            .iter()
            .zip(&undirected)
            .map(|(pagerank, partners)| ActorMeasures {
                n_partners: partners.len(),
                pagerank: *pagerank,
                ..ActorMeasures::default()
            })
            .collect();
        for (from, edges) in digraph.out.iter().enumerate() {
            for &(to, n_events) in edges {
                measures[from].n_events += n_events as u64;
                measures[to].n_events += n_events as u64;
            }
        }
        // Self-loops are left out of the digraph: their events count once, for their actor.
        for edge in self.graph.edge_references() {
            if edge.source() == edge.target() {
                let position = nodes
                    .binary_search_by(|node| {
                        self.graph[*node].id.cmp(&self.graph[edge.source()].id)
                    })
                    .expect("every node is in the sorted list");
                measures[position].n_events += edge.weight().records().len() as u64;
            }
        }
        // Communities renumbered largest first (ties by their first actor, nodes being sorted by
        // id); isolated actors after them, one each.
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (position, label) in labels.iter().enumerate() {
            if !undirected[position].is_empty() {
                groups.entry(*label).or_default().push(position);
            }
        }
        let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
        groups.sort_by(|x, y| y.len().cmp(&x.len()).then_with(|| x[0].cmp(&y[0])));
        let mut next = groups.len();
        for (community, members) in groups.iter().enumerate() {
            for position in members {
                measures[*position].community = community;
            }
        }
        for (position, partners) in undirected.iter().enumerate() {
            if partners.is_empty() {
                measures[position].community = next;
                next += 1;
            }
        }
        measures
    }

    /// The `k` best paths between two actors over edges with events passing the filter, ignoring
    /// direction, best first; empty when either is unknown or they are not connected.
    pub fn paths(
        &self,
        from: &ActorId,
        to: &ActorId,
        filter: &Filter,
        cost: PathCost,
        k: usize,
    ) -> Vec<Path<'_>> {
        let (Some(&start), Some(&goal)) = (self.index.get(from), self.index.get(to)) else {
            return Vec::new();
        };
        let compiled = filter.compile();
        let nodes: Vec<NodeIndex> = self.sorted_nodes();
        let position: HashMap<NodeIndex, usize> = nodes
            .iter()
            .enumerate()
            .map(|(position, node)| (*node, position))
            .collect();
        let mut pairs: HashMap<(usize, usize), Relation> = HashMap::new();
        for edge in self.graph.edge_references() {
            let relation = edge.weight().relation(&compiled);
            if relation.n_events == 0 || edge.source() == edge.target() {
                continue;
            }
            let (x, y) = (position[&edge.source()], position[&edge.target()]);
            pairs
                .entry((x.min(y), x.max(y)))
                .or_default()
                .merge(&relation);
        }
        let mut adjacency: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nodes.len()];
        for ((x, y), relation) in &pairs {
            let weight = match cost {
                PathCost::Hops => 1.0,
                PathCost::Strength => {
                    (1.0 + relation.conflict_share()) / (1.0 + relation.n_events as f64).ln()
                }
            };
            adjacency[*x].push((*y, weight));
            adjacency[*y].push((*x, weight));
        }
        for partners in &mut adjacency {
            partners.sort_by_key(|(partner, _)| *partner);
        }
        let identity = |_: usize, _: usize, weight: f64| weight;
        algo::k_shortest_paths(
            &adjacency,
            position[&start],
            position[&goal],
            k.max(1),
            &identity,
        )
        .into_iter()
        .map(|(cost, path)| Path {
            actors: path
                .into_iter()
                .map(|position| &self.graph[nodes[position]])
                .collect(),
            cost,
        })
        .collect()
    }

    /// The graph as an index-based digraph for the algorithms (events passing the filter as weights), with the node of each index.
    fn digraph(&self, filter: &Compiled) -> (Vec<NodeIndex>, Digraph) {
        let nodes = self.sorted_nodes();
        let position: HashMap<NodeIndex, usize> = nodes
            .iter()
            .enumerate()
            .map(|(position, node)| (*node, position))
            .collect();
        let mut edges: Vec<(usize, usize, f64)> = Vec::new();
        for edge in self.graph.edge_references() {
            let n_events = edge
                .weight()
                .records()
                .iter()
                .filter(|record| filter.accepts(record))
                .count();
            if n_events > 0 && edge.source() != edge.target() {
                edges.push((
                    position[&edge.source()],
                    position[&edge.target()],
                    n_events as f64,
                ));
            }
        }
        edges.sort_by_key(|edge| (edge.0, edge.1));
        (nodes.clone(), Digraph::from_edges(nodes.len(), &edges))
    }

    /// Events per partner pair (both directions), for each node.
    fn pair_strengths(&self, filter: &Compiled) -> HashMap<NodeIndex, Vec<(NodeIndex, u64)>> {
        let mut totals: HashMap<(NodeIndex, NodeIndex), u64> = HashMap::new();
        for edge in self.graph.edge_references() {
            let n_events = edge
                .weight()
                .records()
                .iter()
                .filter(|record| filter.accepts(record))
                .count() as u64;
            if n_events > 0 && edge.source() != edge.target() {
                let key = (
                    edge.source().min(edge.target()),
                    edge.source().max(edge.target()),
                );
                *totals.entry(key).or_default() += n_events;
            }
        }
        let mut strengths: HashMap<NodeIndex, Vec<(NodeIndex, u64)>> = HashMap::new();
        for ((x, y), n_events) in totals {
            strengths.entry(x).or_default().push((y, n_events));
            strengths.entry(y).or_default().push((x, n_events));
        }
        strengths
    }
}

/// The label of the period holding a day.
fn period_label(day: i32, granularity: Granularity) -> String {
    match granularity {
        Granularity::Year => civil_from_days(day).0.to_string(),
        Granularity::Month => {
            let (year, month, _) = civil_from_days(day);
            format!("{year:04}-{month:02}")
        }
        Granularity::Week => {
            // ISO 8601: weeks start on Monday and belong to the year of their Thursday.
            let weekday = (day + 3).rem_euclid(7);
            let thursday = day - weekday + 3;
            let (year, _, _) = civil_from_days(thursday);
            let january_first = crate::model::Date::parse(&format!("{year:04}-01-01"))
                .expect("a valid day")
                .days();
            let week = (thursday - january_first) / 7 + 1;
            format!("{year:04}-W{week:02}")
        }
    }
}

/// Counts the dated records that pass the filter into their periods.
fn add_to_periods(
    periods: &mut BTreeMap<String, Period>,
    records: &[EventRecord],
    compiled: &Compiled,
    granularity: Granularity,
) {
    for record in records.iter().filter(|record| compiled.accepts(record)) {
        if record.day == NO_DAY {
            continue;
        }
        let label = period_label(record.day, granularity);
        let period = periods.entry(label.clone()).or_insert_with(|| Period {
            label,
            ..Period::default()
        });
        period.n_events += 1;
        period.goldstein += record.code().info().goldstein;
        if record.kind == EventKind::Conflict {
            period.n_conflict += 1;
        } else if record.kind.is_cooperative() {
            period.n_cooperation += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, CameoCode, Date, Event, Evidence};

    fn actor(id: &str, kind: ActorKind, country: &str) -> Actor {
        let cameo = if kind == ActorKind::Person {
            format!("{country}GOV")
        } else {
            id.to_string()
        };
        Actor {
            id: ActorId::parse(id).unwrap(),
            name: id.to_uppercase(),
            kind,
            cameo,
            country: country.into(),
        }
    }

    fn event(source: &Actor, target: &Actor, code: &str, date: &str) -> Event {
        let code = CameoCode::parse(code).unwrap();
        Event {
            id: String::new(),
            source: source.clone(),
            target: Some(target.clone()),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::parse(date).unwrap()),
            time: crate::model::EventTime {
                precision: crate::model::Precision::Day,
                ..Default::default()
            },
            report_date: None,
            document: String::new(),
            evidence: Evidence::default(),
            rule: String::new(),
            participants: Vec::new(),
        }
    }

    fn id(raw: &str) -> ActorId {
        ActorId::parse(raw).unwrap()
    }

    /// A hub `H` with five spokes A..E (A strongest), a tail E - F - G, and a conflict pair A - B.
    fn fixture() -> ActorGraph {
        let state = |name: &str| actor(name, ActorKind::State, name);
        let (h, a, b, c, d, e, f, g) = (
            state("H"),
            state("A"),
            state("B"),
            state("C"),
            state("D"),
            state("E"),
            state("F"),
            state("G"),
        );
        let mut graph = ActorGraph::default();
        let days = [
            "2025-01-06",
            "2025-01-07",
            "2025-02-03",
            "2025-03-10",
            "2025-12-29",
        ];
        for (spoke, n) in [(&a, 5), (&b, 4), (&c, 3), (&d, 2), (&e, 1)] {
            for day in days.iter().take(n) {
                graph.add_event(&event(&h, spoke, "040", day));
            }
        }
        graph.add_event(&event(&a, &b, "190", "2025-01-06"));
        graph.add_event(&event(&b, &a, "190", "2025-01-07"));
        graph.add_event(&event(&e, &f, "042", "2025-01-06"));
        graph.add_event(&event(&f, &g, "042", "2025-01-06"));
        graph
    }

    #[test]
    fn timelines_group_by_week_month_and_year() {
        let graph = fixture();
        let all = Filter::default();
        let labels = |granularity| -> Vec<(String, u64)> {
            graph
                .timeline(&id("H"), &id("A"), &all, granularity)
                .unwrap()
                .into_iter()
                .map(|p| (p.label, p.n_events))
                .collect()
        };
        assert_eq!(
            labels(Granularity::Month),
            [
                ("2025-01".into(), 2),
                ("2025-02".into(), 1),
                ("2025-03".into(), 1),
                ("2025-12".into(), 1)
            ]
        );
        assert_eq!(labels(Granularity::Year), [("2025".into(), 5)]);
        assert_eq!(
            labels(Granularity::Week),
            [
                ("2025-W02".into(), 2),
                ("2025-W06".into(), 1),
                ("2025-W11".into(), 1),
                ("2026-W01".into(), 1)
            ],
            "2025-12-29 is a Monday of ISO week 1 of 2026"
        );
        let conflict = graph
            .timeline(&id("A"), &id("B"), &all, Granularity::Month)
            .unwrap();
        assert_eq!(
            (
                conflict[0].n_conflict,
                conflict[0].n_cooperation,
                conflict[0].goldstein
            ),
            (2, 0, -20.0)
        );
        assert!(graph
            .timeline(&id("A"), &id("Z"), &all, Granularity::Month)
            .is_none());
    }

    #[test]
    fn neighbors_sort_by_count_cooperation_conflict_and_recency() {
        let graph = fixture();
        let order = |order| -> Vec<String> {
            let mut neighbors = graph
                .neighbors(&id("A"), super::super::Dir::Both, &Filter::default())
                .unwrap();
            sort_neighbors(&mut neighbors, order);
            neighbors.iter().map(|n| n.actor.id.to_string()).collect()
        };
        assert_eq!(order(NeighborOrder::Count), ["H", "B"]);
        assert_eq!(order(NeighborOrder::Cooperation), ["H", "B"]);
        assert_eq!(order(NeighborOrder::Conflict), ["B", "H"]);
        assert_eq!(order(NeighborOrder::Recent), ["H", "B"]);
    }

    #[test]
    fn pruned_ego_keeps_top_partners_and_says_what_it_dropped() {
        let graph = fixture();
        let pruning = Pruning {
            top: 2,
            min_count: 1,
            supernode: 60,
        };
        let (ego, pruned) = graph
            .pruned_ego(&id("H"), 1, &Filter::default(), &pruning)
            .unwrap();
        let ids: Vec<String> = ego.actors().iter().map(|a| a.id.to_string()).collect();
        assert_eq!(ids, ["A", "B", "H"]);
        assert_eq!(pruned.n_actors, 3, "C, D and E are left out");
        let strong = Pruning {
            top: 10,
            min_count: 3,
            supernode: 60,
        };
        let (ego, pruned) = graph
            .pruned_ego(&id("H"), 1, &Filter::default(), &strong)
            .unwrap();
        let ids: Vec<String> = ego.actors().iter().map(|a| a.id.to_string()).collect();
        assert_eq!(ids, ["A", "B", "C", "H"]);
        assert_eq!(pruned.n_relations, 1, "A - B has only 2 events");
        let capped = Pruning {
            top: 10,
            min_count: 1,
            supernode: 2,
        };
        let (ego, pruned) = graph
            .pruned_ego(&id("E"), 2, &Filter::default(), &capped)
            .unwrap();
        let ids: Vec<String> = ego.actors().iter().map(|a| a.id.to_string()).collect();
        assert_eq!(ids, ["E", "F", "G", "H"], "H is reached but not expanded");
        assert_eq!(pruned.capped, ["H"]);
        assert!(graph
            .pruned_ego(&id("Z"), 1, &Filter::default(), &Pruning::default())
            .is_none());
    }

    #[test]
    fn rankings_put_the_hub_first_and_pagerank_follows_direction() {
        let graph = fixture();
        let all = Filter::default();
        for measure in [
            Measure::Degree,
            Measure::WeightedDegree,
            Measure::Betweenness,
        ] {
            let ranked = graph.rank(measure, &all);
            assert_eq!(ranked[0].actor.id.as_str(), "H", "{measure:?}");
            assert_eq!(ranked.len(), 8, "{measure:?}");
        }
        // PageRank follows the direction of events: H acts on everyone and nobody acts on H, while
        // A receives the most from H and from B.
        let pagerank = graph.rank(Measure::PageRank, &all);
        assert_eq!(pagerank[0].actor.id.as_str(), "A");
        assert_eq!(pagerank.last().unwrap().actor.id.as_str(), "H");
        let degree = graph.rank(Measure::Degree, &all);
        assert_eq!(
            (
                degree[0].score,
                degree[1].actor.id.as_str(),
                degree[1].score
            ),
            (5.0, "A", 2.0)
        );
        let pagerank: f64 = graph
            .rank(Measure::PageRank, &all)
            .iter()
            .map(|r| r.score)
            .sum();
        assert!((pagerank - 1.0).abs() < 1e-9);
        let march = Filter {
            since: Some(Date::parse("2025-03-01").unwrap()),
            ..Filter::default()
        };
        let ids: Vec<&str> = graph
            .rank(Measure::Degree, &march)
            .iter()
            .map(|r| r.actor.id.as_str())
            .collect();
        assert_eq!(ids, ["H", "A", "B"]);
    }

    #[test]
    fn communities_split_the_tail_from_the_hub() {
        let graph = fixture();
        let found = graph.communities(&Filter::default(), 1000);
        let groups: Vec<Vec<&str>> = found
            .communities
            .iter()
            .map(|c| c.members.iter().map(|a| a.id.as_str()).collect())
            .collect();
        assert!(
            groups
                .iter()
                .any(|group| group.contains(&"F") && group.contains(&"G") && !group.contains(&"H")),
            "{groups:?}"
        );
        assert!(found.modularity > 0.0);
        let propagated = graph.communities(&Filter::default(), 0);
        assert_eq!(
            propagated
                .communities
                .iter()
                .map(|c| c.members.len())
                .sum::<usize>(),
            8
        );
    }

    #[test]
    fn paths_by_hops_and_by_strength() {
        let graph = fixture();
        let all = Filter::default();
        let ids = |path: &Path<'_>| -> Vec<String> {
            path.actors.iter().map(|a| a.id.to_string()).collect()
        };
        let hops = graph.paths(&id("A"), &id("B"), &all, PathCost::Hops, 2);
        assert_eq!(ids(&hops[0]), ["A", "B"]);
        assert_eq!(hops[0].cost, 1.0);
        assert_eq!(ids(&hops[1]), ["A", "H", "B"]);
        let strong = graph.paths(&id("A"), &id("B"), &all, PathCost::Strength, 1);
        assert_eq!(
            ids(&strong[0]),
            ["A", "H", "B"],
            "two strong cooperative hops beat one hostile one"
        );
        assert_eq!(
            ids(&graph.paths(&id("G"), &id("A"), &all, PathCost::Hops, 1)[0]),
            ["G", "F", "E", "H", "A"]
        );
        assert!(graph
            .paths(&id("A"), &id("Z"), &all, PathCost::Hops, 1)
            .is_empty());
    }

    #[test]
    fn ids_fold_to_their_sector_and_country() {
        let mut graph = fixture();
        let person = actor("someone", ActorKind::Person, "PAK");
        let pak = actor("PAK", ActorKind::State, "PAK");
        graph.add_event(&event(&person, &pak, "010", "2025-01-01"));
        assert_eq!(
            graph.fold_id(&id("someone"), Level::Country),
            Some(id("PAK"))
        );
        assert_eq!(
            graph.fold_id(&id("someone"), Level::Sector),
            Some(id("PAKGOV"))
        );
        assert_eq!(
            graph.fold_id(&id("someone"), Level::Entity),
            Some(id("someone"))
        );
        assert_eq!(graph.fold_id(&id("nobody"), Level::Country), None);
    }

    #[test]
    fn measures_count_events_partners_rank_and_community() {
        let graph = fixture();
        let actors = graph.actors();
        let measures = graph.measures();
        assert_eq!(actors.len(), measures.len());
        let of = |name: &str| measures[actors.iter().position(|a| a.id.as_str() == name).unwrap()];
        let total: f64 = measures.iter().map(|m| m.pagerank).sum();
        assert!((total - 1.0).abs() < 1e-6, "{total}");
        assert_eq!(of("H").n_partners, 5);
        let n_events: u64 = measures.iter().map(|m| m.n_events).sum();
        assert_eq!(
            n_events,
            2 * graph.n_events(),
            "each event counts for both its actors"
        );
        for ranked in graph.rank(Measure::PageRank, &Filter::default()) {
            assert_eq!(of(ranked.actor.id.as_str()).pagerank, ranked.score);
        }
        assert_eq!(
            of("F").community,
            of("G").community,
            "the tail stays together"
        );
        let mut lonely = graph.clone();
        lonely.upsert_actor(actor("Z", ActorKind::State, "Z"));
        let with_lonely = lonely.measures();
        let top = with_lonely.iter().map(|m| m.community).max().unwrap();
        assert_eq!(
            with_lonely.last().unwrap().community,
            top,
            "a community of its own, last"
        );
        assert_eq!(with_lonely.last().unwrap().n_events, 0);
    }
}
