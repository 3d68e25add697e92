//! Neighbour lists kept between queries.
//!
//! The partners of a busy actor are many (thousands for the United States in a store of a
//! million events), and each partner's relations sum every record of two edges: computing the
//! list is the cost of a neighbour query, and cutting a page from it is nothing. So the graph
//! keeps the lists it computed, by actor, direction and filter. When an edge changes, the lists
//! of its two actors have that one partner summed again and moved to its place (a load of many
//! edges at once forgets every list). Filters with a date window are not kept (there are as many
//! of them as there are days); every other filter (all events, kinds, a dataset, no background,
//! bilateral only) is. The lists held are bounded by `CACHED_PARTNERS`, the least recently used
//! going first.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use super::query::{compare_neighbors, NeighborOrder};
use super::{ActorGraph, Compiled, DateField, Dir, Edge, Filter, Neighbor};
use crate::model::{Actor, ActorId, Relation};

/// Partners the lists of one graph's cache hold at most, all lists together (each partner is
/// two relations without timelines, about a kilobyte).
pub const CACHED_PARTNERS: usize = 50_000;

/// One page of an actor's neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct NeighborPage<'g> {
    /// Partners with at least the minimum count of events, on every page.
    pub total: usize,
    /// The partners of the page, in the order asked for.
    pub neighbors: Vec<Neighbor<'g>>,
}

/// A partner in a neighbour list: relations each way, without timelines.
#[derive(Debug, Clone)]
pub(super) struct Partner {
    node: NodeIndex,
    outgoing: Relation,
    incoming: Relation,
}

impl Partner {
    fn n_events(&self) -> u64 {
        self.outgoing.n_events + self.incoming.n_events
    }
}

/// The neighbours of one actor under one filter: most events first, ties by id, and the other
/// orders as positions into that list, each sorted the first time it is asked for.
#[derive(Debug, Clone)]
pub(super) struct NeighborList {
    partners: Vec<Partner>,
    /// Cooperation, conflict and recent order.
    orders: [OnceLock<Vec<u32>>; 3],
}

/// What a list is kept by: the actor, the direction, and the filter (its date field set to
/// one value, since without a date window it changes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    node: NodeIndex,
    dir: Dir,
    filter: Compiled,
}

/// The lists a graph keeps. A copy of a graph starts with none.
#[derive(Debug, Default)]
pub(super) struct NeighborCache {
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    lists: HashMap<Key, Entry>,
    tick: u64,
    /// Partners held by all lists.
    partners: usize,
}

/// A kept list, or the place of one being computed: whoever asks for it meanwhile waits for
/// that computation instead of starting another.
#[derive(Debug)]
struct Entry {
    slot: Slot,
    /// The tick of its last use.
    used: u64,
    /// Partners it holds, once computed.
    size: usize,
}

type Slot = Arc<OnceLock<Arc<NeighborList>>>;

impl Clone for NeighborCache {
    fn clone(&self) -> NeighborCache {
        NeighborCache::default()
    }
}

impl NeighborCache {
    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The slot of a list, made empty when there is none.
    fn slot(&self, key: &Key) -> Slot {
        let mut entries = self.entries();
        entries.tick += 1;
        let tick = entries.tick;
        let entry = entries.lists.entry(*key).or_insert_with(|| Entry {
            slot: Slot::default(),
            used: tick,
            size: 0,
        });
        entry.used = tick;
        Arc::clone(&entry.slot)
    }

    /// Counts a list just computed into the bound, dropping the least recently used lists
    /// above it (and this one, when it alone is larger).
    fn computed(&self, key: &Key, slot: &Slot, size: usize) {
        let size = size.max(1);
        let mut entries = self.entries();
        if !entries
            .lists
            .get(key)
            .is_some_and(|entry| Arc::ptr_eq(&entry.slot, slot) && entry.size == 0)
        {
            return;
        }
        if size > CACHED_PARTNERS {
            entries.lists.remove(key);
            return;
        }
        while entries.partners + size > CACHED_PARTNERS {
            let Some(oldest) = entries
                .lists
                .iter()
                .filter(|(other, entry)| *other != key && entry.size > 0)
                .min_by_key(|(_, entry)| entry.used)
                .map(|(other, _)| *other)
            else {
                break;
            };
            if let Some(gone) = entries.lists.remove(&oldest) {
                entries.partners -= gone.size;
            }
        }
        entries.partners += size;
        if let Some(entry) = entries.lists.get_mut(key) {
            entry.size = size;
        }
    }

    /// Forgets the lists of these actors (an edge between them changed).
    pub(super) fn forget(&mut self, nodes: &[NodeIndex]) {
        let entries = self
            .inner
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.lists.is_empty() {
            return;
        }
        let mut freed = 0;
        entries.lists.retain(|key, entry| {
            let keep = !nodes.contains(&key.node);
            if !keep {
                freed += entry.size;
            }
            keep
        });
        entries.partners -= freed;
    }

    /// The kept lists, to be changed in place (the graph is being written: nobody reads them).
    fn entries_mut(&mut self) -> &mut Entries {
        self.inner
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Forgets every list.
    pub(super) fn clear(&mut self) {
        let entries = self
            .inner
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.lists.clear();
        entries.partners = 0;
    }

    /// Number of lists held, computed or being computed.
    fn len(&self) -> usize {
        self.entries().lists.len()
    }
}

impl ActorGraph {
    /// The partners of an actor with at least one event passing the filter, most events first
    /// (ties by id), with the relations each way but not their timelines (`relation` has them);
    /// `None` for an unknown actor.
    pub fn neighbors(&self, id: &ActorId, dir: Dir, filter: &Filter) -> Option<Vec<Neighbor<'_>>> {
        let list = self.neighbor_list(*self.index.get(id)?, dir, &filter.compile());
        Some(
            list.partners
                .iter()
                .map(|partner| self.neighbor(partner))
                .collect(),
        )
    }

    /// One page of an actor's partners with at least `min_count` events passing the filter, in
    /// `order`: the partners from `start` on, at most `limit` of them, and how many there are in
    /// all. Only the page's relations are copied out of the kept list. `None` for an unknown
    /// actor.
    #[allow(clippy::too_many_arguments)]
    pub fn neighbor_page(
        &self,
        id: &ActorId,
        dir: Dir,
        filter: &Filter,
        order: NeighborOrder,
        min_count: u64,
        start: usize,
        limit: usize,
    ) -> Option<NeighborPage<'_>> {
        let list = self.neighbor_list(*self.index.get(id)?, dir, &filter.compile());
        let partners = &list.partners;
        // Sorted by count first: those with enough events come first.
        let total = partners.partition_point(|partner| partner.n_events() >= min_count);
        let neighbors = match order {
            NeighborOrder::Count => partners[..total]
                .iter()
                .skip(start)
                .take(limit)
                .map(|partner| self.neighbor(partner))
                .collect(),
            other => {
                let slot = match other {
                    NeighborOrder::Cooperation => 0,
                    NeighborOrder::Conflict => 1,
                    _ => 2,
                };
                list.orders[slot]
                    .get_or_init(|| self.ordered(partners, other))
                    .iter()
                    .map(|at| &partners[*at as usize])
                    .filter(|partner| partner.n_events() >= min_count)
                    .skip(start)
                    .take(limit)
                    .map(|partner| self.neighbor(partner))
                    .collect()
            }
        };
        Some(NeighborPage { total, neighbors })
    }

    /// Number of neighbour lists the graph keeps.
    pub fn n_cached_neighbor_lists(&self) -> usize {
        self.neighbor_cache.len()
    }

    fn neighbor(&self, partner: &Partner) -> Neighbor<'_> {
        Neighbor {
            actor: &self.graph[partner.node],
            outgoing: partner.outgoing.clone(),
            incoming: partner.incoming.clone(),
        }
    }

    /// Positions of the partners in another order.
    fn ordered(&self, partners: &[Partner], order: NeighborOrder) -> Vec<u32> {
        let mut positions: Vec<u32> = (0..partners.len() as u32).collect();
        positions.sort_by(|x, y| {
            let (x, y) = (&partners[*x as usize], &partners[*y as usize]);
            compare_neighbors(
                order,
                [&x.outgoing, &x.incoming],
                &self.graph[x.node].id,
                [&y.outgoing, &y.incoming],
                &self.graph[y.node].id,
            )
        });
        positions
    }

    /// The kept list of a node under a filter, computed when missing (and kept unless the
    /// filter has a date window); while one request computes it, others asking for it wait.
    fn neighbor_list(&self, node: NodeIndex, dir: Dir, filter: &Compiled) -> Arc<NeighborList> {
        if filter.dated {
            return Arc::new(self.compute_neighbors(node, dir, filter));
        }
        let key = Key {
            node,
            dir,
            filter: Compiled {
                on: DateField::Event,
                ..*filter
            },
        };
        let slot = self.neighbor_cache.slot(&key);
        let mut computed = None;
        let list = slot.get_or_init(|| {
            let list = Arc::new(self.compute_neighbors(node, dir, filter));
            computed = Some(list.partners.len());
            list
        });
        let list = Arc::clone(list);
        if let Some(size) = computed {
            self.neighbor_cache.computed(&key, &slot, size);
        }
        list
    }

    /// After the edges between these pairs of actors changed: each kept list of either actor
    /// has that partner's relations summed again and moved to its place, instead of being
    /// computed whole at the next ask. One posted report of the United States changes one of
    /// its thousands of partners: this moves the list's entries once, where computing it
    /// again sums every record of every partner. Lists grown past the bound shrink at the
    /// next computation.
    pub(super) fn refresh_neighbor_lists(&mut self, pairs: &[(NodeIndex, NodeIndex)]) {
        let graph = &self.graph;
        let entries = self.neighbor_cache.entries_mut();
        if entries.lists.is_empty() {
            return;
        }
        let mut changed: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
        for &(a, b) in pairs.iter().filter(|(a, b)| a != b) {
            for (node, partner) in [(a, b), (b, a)] {
                let partners = changed.entry(node).or_default();
                if !partners.contains(&partner) {
                    partners.push(partner);
                }
            }
        }
        let mut grown = 0isize;
        entries.lists.retain(|key, entry| {
            let Some(others) = changed.get(&key.node) else {
                return true;
            };
            // A list whose computation never ended (its request panicked) is dropped.
            let Some(list) = entry.slot.get() else {
                return false;
            };
            let mut list = Arc::clone(list);
            // With the slot's own reference gone, nobody else holds the list (readers hold
            // theirs only while the graph is read): it changes in place, not copied.
            entry.slot = Slot::default();
            let partners = &mut Arc::make_mut(&mut list).partners;
            for &other in others {
                partners.retain(|partner| partner.node != other);
                let summary = |from, to| {
                    graph
                        .find_edge(from, to)
                        .map(|edge| graph[edge].summary(&key.filter))
                        .unwrap_or_default()
                };
                let partner = Partner {
                    node: other,
                    outgoing: match key.dir {
                        Dir::Out | Dir::Both => summary(key.node, other),
                        Dir::In => Relation::default(),
                    },
                    incoming: match key.dir {
                        Dir::In | Dir::Both => summary(other, key.node),
                        Dir::Out => Relation::default(),
                    },
                };
                if partner.n_events() > 0 {
                    let at = partners
                        .partition_point(|kept| by_count(graph, kept, &partner) == Ordering::Less);
                    partners.insert(at, partner);
                }
            }
            let size = partners.len().max(1);
            grown += size as isize - entry.size as isize;
            entry.size = size;
            Arc::make_mut(&mut list).orders = Default::default();
            entry.slot = Arc::new(OnceLock::from(list));
            true
        });
        entries.partners = entries.partners.saturating_add_signed(grown);
    }

    /// Sums the records of every edge of the node that pass the filter, by partner.
    fn compute_neighbors(&self, node: NodeIndex, dir: Dir, filter: &Compiled) -> NeighborList {
        let mut partners: HashMap<NodeIndex, (Relation, Relation)> = HashMap::new();
        if matches!(dir, Dir::Out | Dir::Both) {
            for edge in self.graph.edges_directed(node, Direction::Outgoing) {
                partners.entry(edge.target()).or_default().0 = edge.weight().summary(filter);
            }
        }
        if matches!(dir, Dir::In | Dir::Both) {
            for edge in self.graph.edges_directed(node, Direction::Incoming) {
                partners.entry(edge.source()).or_default().1 = edge.weight().summary(filter);
            }
        }
        let mut partners: Vec<Partner> = partners
            .into_iter()
            .filter(|(partner, _)| *partner != node)
            .map(|(node, (outgoing, incoming))| Partner {
                node,
                outgoing,
                incoming,
            })
            .filter(|partner| partner.n_events() > 0)
            .collect();
        partners.sort_by(|x, y| by_count(&self.graph, x, y));
        NeighborList {
            partners,
            orders: Default::default(),
        }
    }
}

/// The order of a neighbour list: most events first, ties by id.
fn by_count(graph: &StableDiGraph<Actor, Edge>, x: &Partner, y: &Partner) -> Ordering {
    match y.n_events().cmp(&x.n_events()) {
        Ordering::Equal => graph[x.node].id.cmp(&graph[y.node].id),
        unequal => unequal,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::graph::{sort_neighbors, EventRecord};
    use crate::model::{Actor, ActorKind, CameoCode, Date, EventKind};

    const IDS: [&str; 6] = ["PAK", "USA", "IND", "CHN", "BRA", "RUS"];
    const CODES: [&str; 6] = ["042", "040", "190", "195", "010", "112"];

    fn id(at: usize) -> ActorId {
        ActorId::parse(IDS[at]).unwrap()
    }

    fn graph_of_actors() -> ActorGraph {
        let mut graph = ActorGraph::default();
        for code in IDS {
            graph.upsert_actor(Actor {
                id: ActorId::parse(code).unwrap(),
                name: code.to_string(),
                kind: ActorKind::State,
                cameo: code.to_string(),
                country: code.to_string(),
            });
        }
        graph
    }

    fn record(code: usize, day: i32, background: bool) -> EventRecord {
        let code = CameoCode::parse(CODES[code]).unwrap();
        EventRecord {
            day: 20_000 + day,
            report_day: 20_000 + day + 1,
            code: code.index(),
            kind: EventKind::of_code(&code),
            n_reports: 1,
            participants: 2,
            precision: crate::model::Precision::Day,
            extent: if background { 0x80 } else { 0 },
            dataset: crate::model::Dataset::Extracted,
        }
    }

    fn filter(choice: usize) -> Filter {
        let day = |offset: i32| Some(Date::from_days(20_000 + offset));
        match choice {
            0 => Filter::default(),
            1 => Filter {
                kinds: vec![EventKind::Conflict],
                ..Filter::default()
            },
            2 => Filter {
                news_only: true,
                ..Filter::default()
            },
            3 => Filter {
                since: day(10),
                until: day(40),
                ..Filter::default()
            },
            _ => Filter {
                on: DateField::Report,
                since: day(20),
                ..Filter::default()
            },
        }
    }

    /// What a neighbour page must be: every partner computed afresh (a copy of a graph keeps no
    /// lists), filtered, sorted and cut as the page asks.
    fn uncached(fresh: &ActorGraph, query: &Query) -> (usize, Vec<(ActorId, Relation, Relation)>) {
        let mut all = fresh
            .neighbors(&id(query.actor), query.dir, &filter(query.filter))
            .unwrap();
        all.retain(|neighbor| neighbor.n_events() >= query.min_count);
        sort_neighbors(&mut all, query.order);
        let total = all.len();
        let page = all
            .into_iter()
            .skip(query.start)
            .take(query.limit)
            .map(|neighbor| {
                (
                    neighbor.actor.id.clone(),
                    neighbor.outgoing,
                    neighbor.incoming,
                )
            })
            .collect();
        (total, page)
    }

    #[derive(Debug, Clone)]
    struct Query {
        actor: usize,
        dir: Dir,
        filter: usize,
        order: NeighborOrder,
        min_count: u64,
        start: usize,
        limit: usize,
    }

    #[derive(Debug, Clone)]
    enum Step {
        /// One record, as a posted document adds it.
        Add(usize, usize, usize, i32, bool),
        /// Records at once, as another process's commits arrive.
        Batch(Vec<(usize, usize, usize, i32, bool)>),
        Ask(Query),
    }

    fn edit() -> impl Strategy<Value = (usize, usize, usize, i32, bool)> {
        (
            0..IDS.len(),
            0..IDS.len(),
            0..CODES.len(),
            0..60i32,
            any::<bool>(),
        )
    }

    fn step() -> impl Strategy<Value = Step> {
        let query = (
            0..IDS.len(),
            prop::sample::select(vec![Dir::Out, Dir::In, Dir::Both]),
            0..5usize,
            prop::sample::select(vec![
                NeighborOrder::Count,
                NeighborOrder::Cooperation,
                NeighborOrder::Conflict,
                NeighborOrder::Recent,
            ]),
            1..4u64,
            0..4usize,
            1..4usize,
        )
            .prop_map(
                |(actor, dir, filter, order, min_count, start, limit)| Query {
                    actor,
                    dir,
                    filter,
                    order,
                    min_count,
                    start,
                    limit,
                },
            );
        prop_oneof![
            edit().prop_map(|(a, b, code, day, bg)| Step::Add(a, b, code, day, bg)),
            prop::collection::vec(edit(), 1..8).prop_map(Step::Batch),
            query.clone().prop_map(Step::Ask),
            query.prop_map(Step::Ask),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever was added between two questions, a page from the kept lists is the page
        /// computed afresh, under every filter and order.
        #[test]
        fn kept_lists_answer_as_computing_afresh(steps in prop::collection::vec(step(), 1..40)) {
            let mut graph = graph_of_actors();
            for step in steps {
                match step {
                    Step::Add(a, b, code, day, background) => {
                        graph.add_record(&id(a), &id(b), record(code, day, background));
                    }
                    Step::Batch(edits) => {
                        let records = edits
                            .into_iter()
                            .map(|(a, b, code, day, background)| (id(a), id(b), record(code, day, background)))
                            .collect();
                        graph.add_records(records);
                    }
                    Step::Ask(query) => {
                        // Asked twice: the second answer comes from the kept list.
                        for _ in 0..2 {
                            let page = graph
                                .neighbor_page(&id(query.actor), query.dir, &filter(query.filter), query.order, query.min_count, query.start, query.limit)
                                .unwrap();
                            let fresh = graph.clone();
                            prop_assert_eq!(fresh.n_cached_neighbor_lists(), 0);
                            let (total, expected) = uncached(&fresh, &query);
                            prop_assert_eq!(page.total, total);
                            let got: Vec<_> = page
                                .neighbors
                                .into_iter()
                                .map(|neighbor| (neighbor.actor.id.clone(), neighbor.outgoing, neighbor.incoming))
                                .collect();
                            prop_assert_eq!(got, expected);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn lists_are_kept_without_a_date_window_and_updated_on_change() {
        let mut graph = graph_of_actors();
        graph.add_record(&id(0), &id(1), record(0, 5, false));
        graph.add_record(&id(0), &id(3), record(0, 6, false));
        graph.add_record(&id(0), &id(3), record(0, 7, false));
        graph.add_record(&id(2), &id(3), record(2, 5, false));
        graph.neighbors(&id(0), Dir::Both, &filter(0)).unwrap();
        graph.neighbors(&id(0), Dir::Both, &filter(1)).unwrap();
        graph.neighbors(&id(2), Dir::Both, &filter(0)).unwrap();
        // A date window is computed each time.
        graph.neighbors(&id(0), Dir::Both, &filter(3)).unwrap();
        assert_eq!(graph.n_cached_neighbor_lists(), 3);
        let ids = |neighbors: &[Neighbor<'_>]| -> Vec<String> {
            neighbors.iter().map(|n| n.actor.id.to_string()).collect()
        };
        let before = graph.neighbors(&id(0), Dir::Both, &filter(0)).unwrap();
        assert_eq!(ids(&before), ["CHN", "USA"]);
        // Edges of PAK and USA change: their lists are updated in place and kept, USA moves
        // ahead of CHN (three events to two), and a conflict (filter 1) enters its list.
        graph.add_record(&id(1), &id(0), record(1, 9, false));
        graph.add_records(vec![(id(0), id(1), record(2, 10, false))]);
        assert_eq!(graph.n_cached_neighbor_lists(), 3);
        let after = graph.neighbors(&id(0), Dir::Both, &filter(0)).unwrap();
        assert_eq!(ids(&after), ["USA", "CHN"]);
        assert_eq!(after[0].incoming.n_events, 1);
        assert_eq!(after[0].outgoing.n_events, 2);
        let conflict = graph.neighbors(&id(0), Dir::Both, &filter(1)).unwrap();
        assert_eq!(ids(&conflict), ["USA"]);
        assert_eq!(graph.n_cached_neighbor_lists(), 3);
        assert_eq!(
            after,
            graph
                .clone()
                .neighbors(&id(0), Dir::Both, &filter(0))
                .unwrap()
        );
    }

    #[test]
    fn the_lists_kept_stay_within_their_bound() {
        let graph = graph_of_actors();
        let cache = &graph.neighbor_cache;
        let key = |node: usize| Key {
            node: NodeIndex::new(node),
            dir: Dir::Both,
            filter: Filter::default().compile(),
        };
        let keep = |node: usize, size: usize| {
            let slot = cache.slot(&key(node));
            cache.computed(&key(node), &slot, size);
        };
        let held = |node: usize| cache.entries().lists.contains_key(&key(node));
        keep(0, CACHED_PARTNERS / 2);
        keep(1, CACHED_PARTNERS / 2);
        // Asked again: 0 is now the more recently used.
        keep(0, 1);
        assert!(held(0) && held(1));
        // Over the bound: the least recently used list (1) goes.
        keep(2, 10);
        assert!(held(0) && !held(1) && held(2));
        // A list larger than the bound is not kept at all.
        keep(3, CACHED_PARTNERS + 1);
        assert!(!held(3));
        assert_eq!(cache.entries().partners, CACHED_PARTNERS / 2 + 10);
    }
}
