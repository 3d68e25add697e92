//! Graph algorithms over plain index-based adjacency lists: PageRank, betweenness, Louvain and
//! label-propagation communities, modularity, Dijkstra and Yen's k shortest paths, degrees.
//!
//! Nodes are `0..n`; an adjacency list `adj[u]` holds `(v, weight)` pairs. The undirected
//! functions expect the symmetric, duplicate-free lists built by [`Digraph::undirected`]
//! (each edge listed once from each end); a self-loop `(u, u, w)` listed once in `adj[u]`
//! counts twice in degrees and modularity, as in networkx. Every function is pure and
//! deterministic: the same input gives the same output, ties are broken by node index, and
//! nothing depends on the platform's randomness or on the number of threads. The functions
//! use flat `Vec` buffers and no recursion, for graphs of ~50,000 nodes and ~1,000,000 edges.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use crate::model::SplitMix64;

/// Directed, weighted graph as adjacency lists: out[u] = [(v, weight), ...]; weights > 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Digraph {
    /// `out[u]` lists the edges leaving `u` as `(target, weight)`.
    pub out: Vec<Vec<(usize, f64)>>,
}

impl Digraph {
    /// A graph of `n_nodes` nodes with the given `(from, to, weight)` edges, in their order.
    pub fn from_edges(n_nodes: usize, edges: &[(usize, usize, f64)]) -> Digraph {
        let mut out = vec![Vec::new(); n_nodes];
        for &(u, v, w) in edges {
            out[u].push((v, w));
        }
        Digraph { out }
    }

    /// Number of nodes (the length of `out`).
    pub fn n_nodes(&self) -> usize {
        self.out.len()
    }

    /// The undirected view: each pair once per direction, weights of u->v and v->u added; no self-loops.
    ///
    /// Parallel edges are added too. Each list is sorted by neighbour index.
    pub fn undirected(&self) -> Vec<Vec<(usize, f64)>> {
        let n = self.n_nodes();
        let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
        for (u, edges) in self.out.iter().enumerate() {
            for &(v, w) in edges {
                match u.cmp(&v) {
                    Ordering::Less => pairs.push((u, v, w)),
                    Ordering::Greater => pairs.push((v, u, w)),
                    Ordering::Equal => {}
                }
            }
        }
        // Stable sort: weights of one pair are added in input order, so the sum is deterministic.
        pairs.sort_by_key(|&(a, b, _)| (a, b));
        let mut adj = vec![Vec::new(); n];
        let mut i = 0;
        while i < pairs.len() {
            let (a, b, mut w) = pairs[i];
            i += 1;
            while i < pairs.len() && pairs[i].0 == a && pairs[i].1 == b {
                w += pairs[i].2;
                i += 1;
            }
            // Pairs come sorted by (a, b), so both lists end up sorted by neighbour.
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
        adj
    }
}

// ---------------------------------------------------------------------------------------------
// PageRank

/// Weighted PageRank (edge weight = share of a node's outflow), damping d, dangling nodes spread uniformly; stops at L1 change < tolerance or max_iter. Sums to 1.
///
/// Edges whose weight is not a finite number > 0 are ignored; a node with no other edge out is
/// dangling. Self-loops are kept, as in networkx. The empty graph gives an empty vector.
pub fn pagerank(graph: &Digraph, damping: f64, tolerance: f64, max_iter: usize) -> Vec<f64> {
    let n = graph.n_nodes();
    if n == 0 {
        return Vec::new();
    }
    // Transition matrix as CSR: row u holds (v, w / out-weight of u).
    let mut offsets = Vec::with_capacity(n + 1);
    let mut targets: Vec<u32> = Vec::new();
    let mut probs: Vec<f64> = Vec::new();
    let mut dangling: Vec<usize> = Vec::new();
    offsets.push(0);
    for (u, edges) in graph.out.iter().enumerate() {
        let total: f64 = edges
            .iter()
            .filter(|e| valid_weight(e.1))
            .map(|e| e.1)
            .sum();
        if total > 0.0 && total.is_finite() {
            for &(v, w) in edges.iter().filter(|e| valid_weight(e.1)) {
                targets.push(v as u32);
                probs.push(w / total);
            }
        } else {
            dangling.push(u);
        }
        offsets.push(targets.len());
    }

    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iter {
        next.fill(0.0);
        for u in 0..n {
            let flow = damping * x[u];
            for e in offsets[u]..offsets[u + 1] {
                next[targets[e] as usize] += flow * probs[e];
            }
        }
        let dangling_mass: f64 = dangling.iter().map(|&u| x[u]).sum();
        let base = (1.0 - damping) / nf + damping * dangling_mass / nf;
        let mut change = 0.0;
        for (nv, xv) in next.iter_mut().zip(&x) {
            *nv += base;
            change += (*nv - xv).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if change < tolerance {
            break;
        }
    }
    let sum: f64 = x.iter().sum();
    if sum > 0.0 {
        for v in &mut x {
            *v /= sum;
        }
    }
    x
}

fn valid_weight(w: f64) -> bool {
    w > 0.0 && w.is_finite()
}

// ---------------------------------------------------------------------------------------------
// Betweenness

/// Number of fixed source chunks of the betweenness sum: results never depend on thread count.
const BETWEENNESS_CHUNKS: usize = 16;

/// Brandes betweenness on the undirected, unweighted view; `normalized` divides by (n-1)(n-2)/2 like networkx.
///
/// Weights are ignored; self-loops and repeated neighbours are dropped. Without `normalized`,
/// each unordered pair of endpoints counts once (as networkx does for undirected graphs). The
/// sources are split into fixed chunks run on up to `available_parallelism` threads and added
/// in chunk order, so the result is the same bit for bit on any machine. Cost O(n·m): for the
/// largest graphs see [`betweenness_sampled`].
pub fn betweenness(undirected: &[Vec<(usize, f64)>], normalized: bool) -> Vec<f64> {
    let n = undirected.len();
    let sources: Vec<usize> = (0..n).collect();
    let mut bc = brandes_sum(undirected, &sources);
    let scale = if n <= 2 {
        1.0
    } else if normalized {
        1.0 / ((n - 1) as f64 * (n - 2) as f64)
    } else {
        0.5
    };
    for b in &mut bc {
        *b *= scale;
    }
    bc
}

/// Betweenness estimated from `samples` source nodes drawn with `seed`, scaled like networkx's `betweenness_centrality(G, k=samples, normalized=...)`.
///
/// The sources are drawn without replacement with SplitMix64, so a seed always gives the same
/// values; `samples >= n` gives exactly [`betweenness`]. As in networkx, a sampled node's own
/// value is extrapolated from the other `samples - 1` sources (it is 0 when `samples == 1`);
/// `samples == 0` gives zeros.
pub fn betweenness_sampled(
    undirected: &[Vec<(usize, f64)>],
    normalized: bool,
    samples: usize,
    seed: u64,
) -> Vec<f64> {
    let n = undirected.len();
    if samples >= n {
        return betweenness(undirected, normalized);
    }
    let mut rng = SplitMix64::new(seed);
    let mut pool: Vec<usize> = (0..n).collect();
    for i in 0..samples {
        let j = i + rng.index(n - i);
        pool.swap(i, j);
    }
    let mut sources = pool[..samples].to_vec();
    sources.sort_unstable();
    let mut bc = brandes_sum(undirected, &sources);
    if n <= 2 || samples == 0 {
        return vec![0.0; n];
    }
    // networkx's `_rescale` with endpoints=False: N = n - 1 possible targets per source.
    let (big_n, k) = ((n - 1) as f64, samples as f64);
    let (scale_source, scale_other) = if normalized {
        (1.0 / ((k - 1.0) * (big_n - 1.0)), 1.0 / (k * (big_n - 1.0)))
    } else {
        (big_n / ((k - 1.0) * 2.0), big_n / (k * 2.0))
    };
    let mut is_source = vec![false; n];
    for &s in &sources {
        is_source[s] = true;
    }
    for (v, b) in bc.iter_mut().enumerate() {
        if !is_source[v] {
            *b *= scale_other;
        } else if samples > 1 {
            *b *= scale_source;
        } else {
            *b = 0.0;
        }
    }
    bc
}

/// Sum over `sources` of Brandes' dependencies (each unordered pair counted from both ends).
fn brandes_sum(undirected: &[Vec<(usize, f64)>], sources: &[usize]) -> Vec<f64> {
    let n = undirected.len();
    if n == 0 {
        return Vec::new();
    }
    let (offsets, nbrs) = unweighted_csr(undirected);
    let work_units = sources.len().saturating_mul(nbrs.len() + n);
    let threads = if work_units < 4_000_000 {
        1
    } else {
        std::thread::available_parallelism()
            .map(|p| p.get())
            .unwrap_or(1)
            .min(BETWEENNESS_CHUNKS)
    };
    let next_chunk = AtomicUsize::new(0);
    let work = || {
        let mut state = BrandesState::new(n);
        let mut done: Vec<(usize, Vec<f64>)> = Vec::new();
        loop {
            let chunk = next_chunk.fetch_add(1, AtomicOrdering::Relaxed);
            if chunk >= BETWEENNESS_CHUNKS {
                break;
            }
            let mut partial = vec![0.0; n];
            for &s in sources.iter().skip(chunk).step_by(BETWEENNESS_CHUNKS) {
                state.accumulate(&offsets, &nbrs, s, &mut partial);
            }
            done.push((chunk, partial));
        }
        done
    };
    let mut partials: Vec<(usize, Vec<f64>)> = if threads <= 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("betweenness worker panicked"))
                .collect()
        })
    };
    partials.sort_by_key(|p| p.0);
    let mut bc = vec![0.0; n];
    for (_, partial) in &partials {
        for (b, p) in bc.iter_mut().zip(partial) {
            *b += p;
        }
    }
    bc
}

/// CSR of the neighbour sets (sorted, no self-loops, no repeats) with `u32` targets.
fn unweighted_csr(adj: &[Vec<(usize, f64)>]) -> (Vec<usize>, Vec<u32>) {
    let mut offsets = Vec::with_capacity(adj.len() + 1);
    let mut nbrs: Vec<u32> = Vec::new();
    offsets.push(0);
    for (u, edges) in adj.iter().enumerate() {
        let start = nbrs.len();
        nbrs.extend(edges.iter().filter(|e| e.0 != u).map(|e| e.0 as u32));
        nbrs[start..].sort_unstable();
        let mut len = start;
        for i in start..nbrs.len() {
            if len == start || nbrs[len - 1] != nbrs[i] {
                nbrs[len] = nbrs[i];
                len += 1;
            }
        }
        nbrs.truncate(len);
        offsets.push(nbrs.len());
    }
    (offsets, nbrs)
}

/// Per-thread buffers of Brandes' algorithm, reset after each source.
struct BrandesState {
    dist: Vec<u32>,
    sigma: Vec<f64>,
    /// `(1 + delta[w]) / sigma[w]` of the nodes already done in the backward sweep.
    coeff: Vec<f64>,
    /// Nodes in BFS order.
    order: Vec<u32>,
    /// Successors on shortest paths (next BFS layer), grouped by node in BFS order.
    succ: Vec<u32>,
    /// `succ[succ_start[i]..succ_start[i + 1]]` are the successors of `order[i]`.
    succ_start: Vec<usize>,
}

impl BrandesState {
    fn new(n: usize) -> BrandesState {
        BrandesState {
            dist: vec![u32::MAX; n],
            sigma: vec![0.0; n],
            coeff: vec![0.0; n],
            order: Vec::with_capacity(n),
            succ: Vec::new(),
            succ_start: Vec::with_capacity(n + 1),
        }
    }

    /// Adds the dependencies of source `s` to `bc` (each pair counted from both ends).
    fn accumulate(&mut self, offsets: &[usize], nbrs: &[u32], s: usize, bc: &mut [f64]) {
        let BrandesState {
            dist,
            sigma,
            coeff,
            order,
            succ,
            succ_start,
        } = self;
        order.clear();
        succ.clear();
        succ_start.clear();
        dist[s] = 0;
        sigma[s] = 1.0;
        order.push(s as u32);
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            succ_start.push(succ.len());
            let dv = dist[v];
            let sv = sigma[v];
            for &w in &nbrs[offsets[v]..offsets[v + 1]] {
                let wi = w as usize;
                let dw = dist[wi];
                if dw == u32::MAX {
                    dist[wi] = dv + 1;
                    order.push(w);
                } else if dw != dv + 1 {
                    continue;
                }
                sigma[wi] += sv;
                succ.push(w);
            }
        }
        succ_start.push(succ.len());
        for i in (0..order.len()).rev() {
            let v = order[i] as usize;
            let sum: f64 = succ[succ_start[i]..succ_start[i + 1]]
                .iter()
                .map(|&w| coeff[w as usize])
                .sum();
            let delta = sigma[v] * sum;
            if v != s {
                bc[v] += delta;
            }
            coeff[v] = (1.0 + delta) / sigma[v];
        }
        for &v in order.iter() {
            let v = v as usize;
            dist[v] = u32::MAX;
            sigma[v] = 0.0;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Communities

/// Weighted graph in CSR form with the internal weight of each node, for Louvain's levels.
struct Level {
    offsets: Vec<usize>,
    targets: Vec<usize>,
    weights: Vec<f64>,
    /// Weight inside the node, counted from both ends (twice a self-loop's weight).
    inner: Vec<f64>,
    /// Weighted degree: edges out plus `inner`.
    strength: Vec<f64>,
}

impl Level {
    fn from_adjacency(adj: &[Vec<(usize, f64)>]) -> Level {
        let n = adj.len();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut inner = vec![0.0; n];
        offsets.push(0);
        for (u, edges) in adj.iter().enumerate() {
            for &(v, w) in edges {
                if v == u {
                    inner[u] += 2.0 * w;
                } else {
                    targets.push(v);
                    weights.push(w);
                }
            }
            offsets.push(targets.len());
        }
        Level::finish(offsets, targets, weights, inner)
    }

    fn finish(
        offsets: Vec<usize>,
        targets: Vec<usize>,
        weights: Vec<f64>,
        inner: Vec<f64>,
    ) -> Level {
        let strength = (0..inner.len())
            .map(|u| weights[offsets[u]..offsets[u + 1]].iter().sum::<f64>() + inner[u])
            .collect();
        Level {
            offsets,
            targets,
            weights,
            inner,
            strength,
        }
    }

    fn n(&self) -> usize {
        self.inner.len()
    }

    /// Local moving phase: nodes in index order join the neighbouring community of best gain
    /// (ties to the smallest community id, staying put on a tie with the current one) until a
    /// pass moves nothing or gains less than `1e-7` of modularity. Returns (community, moved).
    fn local_moving(&self, resolution: f64, m2: f64) -> (Vec<usize>, bool) {
        const MIN_PASS_GAIN: f64 = 1e-7;
        const MAX_PASSES: usize = 1000;
        let n = self.n();
        let mut comm: Vec<usize> = (0..n).collect();
        let mut tot = self.strength.clone();
        let mut link = vec![0.0; n];
        let mut seen = vec![false; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut moved_any = false;
        for _ in 0..MAX_PASSES {
            let mut moves = 0usize;
            let mut pass_gain = 0.0;
            for i in 0..n {
                let ci = comm[i];
                let ki = self.strength[i];
                for e in self.offsets[i]..self.offsets[i + 1] {
                    let c = comm[self.targets[e]];
                    if !seen[c] {
                        seen[c] = true;
                        touched.push(c);
                    }
                    link[c] += self.weights[e];
                }
                tot[ci] -= ki;
                let factor = resolution * ki / m2;
                let stay = link[ci] - factor * tot[ci];
                let mut best = ci;
                let mut best_gain = f64::NEG_INFINITY;
                for &c in &touched {
                    if c == ci {
                        continue;
                    }
                    let gain = link[c] - factor * tot[c];
                    if gain > best_gain || (gain == best_gain && c < best) {
                        best = c;
                        best_gain = gain;
                    }
                }
                if best != ci && best_gain > stay {
                    comm[i] = best;
                    tot[best] += ki;
                    moves += 1;
                    pass_gain += 2.0 * (best_gain - stay) / m2;
                } else {
                    tot[ci] += ki;
                }
                for &c in &touched {
                    seen[c] = false;
                    link[c] = 0.0;
                }
                touched.clear();
            }
            moved_any |= moves > 0;
            if moves == 0 || pass_gain < MIN_PASS_GAIN {
                break;
            }
        }
        (comm, moved_any)
    }

    /// The graph of communities (`comm` dense in `0..n_comm`), neighbours sorted by index.
    fn aggregate(&self, comm: &[usize], n_comm: usize) -> Level {
        let n = self.n();
        // Members of each community, by counting sort (node order kept).
        let mut start = vec![0usize; n_comm + 1];
        for &c in comm {
            start[c + 1] += 1;
        }
        for c in 0..n_comm {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut members = vec![0usize; n];
        for (u, &c) in comm.iter().enumerate() {
            members[fill[c]] = u;
            fill[c] += 1;
        }
        let mut offsets = Vec::with_capacity(n_comm + 1);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut inner = vec![0.0; n_comm];
        let mut link = vec![0.0; n_comm];
        let mut seen = vec![false; n_comm];
        let mut touched: Vec<usize> = Vec::new();
        offsets.push(0);
        for c in 0..n_comm {
            for &u in &members[start[c]..start[c + 1]] {
                inner[c] += self.inner[u];
                for e in self.offsets[u]..self.offsets[u + 1] {
                    let d = comm[self.targets[e]];
                    if d == c {
                        inner[c] += self.weights[e];
                    } else {
                        if !seen[d] {
                            seen[d] = true;
                            touched.push(d);
                        }
                        link[d] += self.weights[e];
                    }
                }
            }
            touched.sort_unstable();
            for &d in &touched {
                targets.push(d);
                weights.push(link[d]);
                link[d] = 0.0;
                seen[d] = false;
            }
            touched.clear();
            offsets.push(targets.len());
        }
        Level::finish(offsets, targets, weights, inner)
    }
}

/// Renumbers labels densely `0..` by order of first node; returns the count of distinct labels.
fn renumber_in_place(labels: &mut [usize]) -> usize {
    let bound = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut map = vec![usize::MAX; bound];
    let mut next = 0;
    for l in labels.iter_mut() {
        if map[*l] == usize::MAX {
            map[*l] = next;
            next += 1;
        }
        *l = map[*l];
    }
    next
}

/// Louvain modularity communities on the undirected weighted view (resolution 1.0 = classic), deterministic; community ids renumbered 0.. by order of first node. Returns (community of each node, modularity).
///
/// Nodes are visited in index order (no shuffling); a level ends when a pass moves no node or
/// gains less than 1e-7, and the algorithm stops when a level merges nothing. A graph without
/// edges gives one community per node and modularity 0.
pub fn louvain(undirected: &[Vec<(usize, f64)>], resolution: f64) -> (Vec<usize>, f64) {
    let n = undirected.len();
    let mut membership: Vec<usize> = (0..n).collect();
    let mut level = Level::from_adjacency(undirected);
    let m2: f64 = level.strength.iter().sum();
    if n == 0 || m2 <= 0.0 || !m2.is_finite() {
        return (membership, 0.0);
    }
    loop {
        let (mut comm, moved) = level.local_moving(resolution, m2);
        if !moved {
            break;
        }
        let n_comm = renumber_in_place(&mut comm);
        for m in membership.iter_mut() {
            *m = comm[*m];
        }
        if n_comm == level.n() {
            break;
        }
        level = level.aggregate(&comm, n_comm);
    }
    renumber_in_place(&mut membership);
    let q = modularity(undirected, &membership, resolution);
    (membership, q)
}

/// Modularity of a given partition (for tests and reports).
///
/// Newman's weighted modularity with resolution γ, as `networkx.community.modularity`:
/// Q = Σ_c [ L_c / m − γ (d_c / 2m)² ]. Community ids may be any `usize`. A graph without
/// edges has modularity 0. Panics if `community.len() != undirected.len()`.
pub fn modularity(undirected: &[Vec<(usize, f64)>], community: &[usize], resolution: f64) -> f64 {
    assert_eq!(
        community.len(),
        undirected.len(),
        "modularity: one community per node"
    );
    let mut ids: Vec<usize> = community.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let dense: Vec<usize> = community
        .iter()
        .map(|c| ids.binary_search(c).unwrap_or(0))
        .collect();
    let mut inner = vec![0.0; ids.len()];
    let mut total = vec![0.0; ids.len()];
    for (u, edges) in undirected.iter().enumerate() {
        let cu = dense[u];
        for &(v, w) in edges {
            let w = if v == u { 2.0 * w } else { w };
            total[cu] += w;
            if dense[v] == cu {
                inner[cu] += w;
            }
        }
    }
    let m2: f64 = total.iter().sum();
    if m2 <= 0.0 || !m2.is_finite() {
        return 0.0;
    }
    inner
        .iter()
        .zip(&total)
        .map(|(i, t)| i / m2 - resolution * (t / m2) * (t / m2))
        .sum()
}

/// Label propagation communities (deterministic order, ties to the smallest label), for very large graphs.
///
/// Semi-synchronous label propagation (Cordasco & Gargano): nodes are greedily coloured in
/// index order and updated colour class by colour class, node index within a class. A node
/// takes the label of greatest neighbour weight, keeping its own label when it is among the
/// best and otherwise taking the smallest of the best. Stops when a round changes nothing or
/// after `max_iter` rounds; labels are renumbered `0..` by order of first node.
pub fn label_propagation(undirected: &[Vec<(usize, f64)>], max_iter: usize) -> Vec<usize> {
    let n = undirected.len();
    // Greedy colouring in index order.
    let mut color = vec![usize::MAX; n];
    let mut stamp = vec![usize::MAX; n + 1];
    let mut n_colors = 0;
    for u in 0..n {
        for &(v, _) in &undirected[u] {
            if v != u && color[v] != usize::MAX {
                stamp[color[v]] = u;
            }
        }
        let c = (0..).find(|&c| stamp[c] != u).unwrap_or(0);
        color[u] = c;
        n_colors = n_colors.max(c + 1);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&u| (color[u], u));

    let mut labels: Vec<usize> = (0..n).collect();
    let mut weight = vec![0.0; n];
    let mut seen = vec![false; n];
    let mut touched: Vec<usize> = Vec::new();
    for _ in 0..max_iter {
        let mut changed = false;
        for &u in &order {
            for &(v, w) in &undirected[u] {
                if v == u {
                    continue;
                }
                let l = labels[v];
                if !seen[l] {
                    seen[l] = true;
                    touched.push(l);
                }
                weight[l] += w;
            }
            if !touched.is_empty() {
                let current = labels[u];
                let mut best = usize::MAX;
                let mut best_w = f64::NEG_INFINITY;
                for &l in &touched {
                    let w = weight[l];
                    if w > best_w || (w == best_w && l < best) {
                        best = l;
                        best_w = w;
                    }
                }
                if seen[current] && weight[current] == best_w {
                    best = current;
                }
                if best != current {
                    labels[u] = best;
                    changed = true;
                }
                for &l in &touched {
                    seen[l] = false;
                    weight[l] = 0.0;
                }
                touched.clear();
            }
        }
        if !changed {
            break;
        }
    }
    renumber_in_place(&mut labels);
    labels
}

// ---------------------------------------------------------------------------------------------
// Shortest paths

/// Shortest path by total cost with Dijkstra (cost >= 0 for each edge, given by the closure on (from, to, weight)); None if unreachable. Returns (total cost, nodes from..=to).
///
/// Edges whose cost is negative, NaN or infinite are skipped. Among paths of equal cost the
/// smallest node sequence (lexicographically) is returned (around zero-cost cycles it may be
/// Dijkstra's first path instead). `from == to` gives `(0, [from])`;
/// a node index out of range gives `None`. The cost is the sum along the path, in path order,
/// of the cheapest of parallel edges.
pub fn shortest_path(
    adj: &[Vec<(usize, f64)>],
    from: usize,
    to: usize,
    cost: &dyn Fn(usize, usize, f64) -> f64,
) -> Option<(f64, Vec<usize>)> {
    if from >= adj.len() || to >= adj.len() {
        return None;
    }
    let mut search = PathSearch::new(adj, cost);
    let path = search.find(from, to, &[])?;
    Some((path_cost(adj, cost, &path), path))
}

/// The k shortest loopless paths (Yen's algorithm), best first, ties by node sequence.
///
/// Same costs and conventions as [`shortest_path`]; paths are node sequences (parallel edges
/// do not make distinct paths). Fewer than `k` paths are returned when fewer exist.
pub fn k_shortest_paths(
    adj: &[Vec<(usize, f64)>],
    from: usize,
    to: usize,
    k: usize,
    cost: &dyn Fn(usize, usize, f64) -> f64,
) -> Vec<(f64, Vec<usize>)> {
    if k == 0 || from >= adj.len() || to >= adj.len() {
        return Vec::new();
    }
    let mut search = PathSearch::new(adj, cost);
    let Some(first) = search.find(from, to, &[]) else {
        return Vec::new();
    };
    let mut accepted: Vec<(f64, Vec<usize>)> = vec![(path_cost(adj, cost, &first), first)];
    let mut candidates: BTreeSet<Candidate> = BTreeSet::new();
    let mut banned_next: Vec<usize> = Vec::new();
    while accepted.len() < k {
        let last = accepted[accepted.len() - 1].1.clone();
        for i in 0..last.len().saturating_sub(1) {
            let root = &last[..=i];
            let spur = last[i];
            banned_next.clear();
            for (_, p) in &accepted {
                if p.len() > i + 1 && p[..=i] == *root && !banned_next.contains(&p[i + 1]) {
                    banned_next.push(p[i + 1]);
                }
            }
            for &u in &root[..i] {
                search.banned[u] = true;
            }
            let spur_path = search.find(spur, to, &banned_next);
            for &u in &root[..i] {
                search.banned[u] = false;
            }
            if let Some(spur_path) = spur_path {
                let mut path = root[..i].to_vec();
                path.extend_from_slice(&spur_path);
                if !accepted.iter().any(|(_, p)| *p == path) {
                    let cost = path_cost(adj, cost, &path);
                    candidates.insert(Candidate { cost, path });
                }
            }
        }
        match candidates.pop_first() {
            Some(best) => accepted.push((best.cost, best.path)),
            None => break,
        }
    }
    accepted
}

/// A candidate path of Yen's algorithm, ordered by cost then node sequence.
#[derive(Debug)]
struct Candidate {
    cost: f64,
    path: Vec<usize>,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cost
            .total_cmp(&other.cost)
            .then_with(|| self.path.cmp(&other.path))
    }
}

/// The cost of an edge if usable: finite and >= 0.
fn edge_cost(cost: &dyn Fn(usize, usize, f64) -> f64, u: usize, v: usize, w: f64) -> Option<f64> {
    let c = cost(u, v, w);
    (c >= 0.0 && c.is_finite()).then_some(c)
}

/// Sum, in path order, of the cheapest usable edge of each step.
fn path_cost(
    adj: &[Vec<(usize, f64)>],
    cost: &dyn Fn(usize, usize, f64) -> f64,
    path: &[usize],
) -> f64 {
    path.windows(2)
        .map(|step| {
            let (u, v) = (step[0], step[1]);
            adj[u]
                .iter()
                .filter(|e| e.0 == v)
                .filter_map(|e| edge_cost(cost, u, v, e.1))
                .fold(f64::INFINITY, f64::min)
        })
        .sum()
}

/// Tolerance under which two path costs around `d` are taken as equal when tracing ties.
fn tie_tolerance(d: f64) -> f64 {
    d.abs() * 1e-12
}

/// Min-heap entry of Dijkstra: smallest distance first, then smallest node.
#[derive(Debug, Clone, Copy)]
struct HeapItem {
    dist: f64,
    node: usize,
}

impl PartialEq for HeapItem {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for HeapItem {}

impl PartialOrd for HeapItem {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HeapItem {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

/// Reusable Dijkstra buffers; only the entries touched by a search are reset after it.
struct PathSearch<'a> {
    adj: &'a [Vec<(usize, f64)>],
    cost: &'a dyn Fn(usize, usize, f64) -> f64,
    dist: Vec<f64>,
    pred: Vec<usize>,
    settled: Vec<bool>,
    reach: Vec<bool>,
    on_path: Vec<bool>,
    /// Nodes removed from the graph for the next searches (Yen's root path).
    banned: Vec<bool>,
    touched: Vec<usize>,
    settled_order: Vec<usize>,
    heap: BinaryHeap<HeapItem>,
}

impl<'a> PathSearch<'a> {
    fn new(adj: &'a [Vec<(usize, f64)>], cost: &'a dyn Fn(usize, usize, f64) -> f64) -> Self {
        let n = adj.len();
        PathSearch {
            adj,
            cost,
            dist: vec![f64::INFINITY; n],
            pred: vec![usize::MAX; n],
            settled: vec![false; n],
            reach: vec![false; n],
            on_path: vec![false; n],
            banned: vec![false; n],
            touched: Vec::new(),
            settled_order: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Whether the edge `u -> v` may be used, given the banned nodes and the edges
    /// `from -> x` for `x` in `banned_next`.
    fn allowed(&self, from: usize, banned_next: &[usize], u: usize, v: usize) -> bool {
        !self.banned[v] && (u != from || !banned_next.contains(&v))
    }

    /// The cheapest path `from -> to`, smallest node sequence among equal costs.
    fn find(&mut self, from: usize, to: usize, banned_next: &[usize]) -> Option<Vec<usize>> {
        let result = self.find_inner(from, to, banned_next);
        for &u in &self.touched {
            self.dist[u] = f64::INFINITY;
            self.pred[u] = usize::MAX;
            self.settled[u] = false;
            self.reach[u] = false;
            self.on_path[u] = false;
        }
        self.touched.clear();
        self.settled_order.clear();
        self.heap.clear();
        result
    }

    fn find_inner(&mut self, from: usize, to: usize, banned_next: &[usize]) -> Option<Vec<usize>> {
        if self.banned[from] || self.banned[to] {
            return None;
        }
        if from == to {
            return Some(vec![from]);
        }
        // Dijkstra, settling every node at most as far as `to` (ties included).
        self.dist[from] = 0.0;
        self.touched.push(from);
        self.heap.push(HeapItem {
            dist: 0.0,
            node: from,
        });
        let mut limit = f64::INFINITY;
        while let Some(HeapItem { dist: d, node: u }) = self.heap.pop() {
            if d > limit {
                break;
            }
            if self.settled[u] || d > self.dist[u] {
                continue;
            }
            self.settled[u] = true;
            self.settled_order.push(u);
            if u == to {
                limit = d + tie_tolerance(d);
            }
            for &(v, w) in &self.adj[u] {
                if !self.allowed(from, banned_next, u, v) || self.settled[v] {
                    continue;
                }
                let Some(c) = edge_cost(self.cost, u, v, w) else {
                    continue;
                };
                let nd = d + c;
                if nd < self.dist[v] {
                    if self.dist[v] == f64::INFINITY {
                        self.touched.push(v);
                    }
                    self.dist[v] = nd;
                    self.pred[v] = u;
                    self.heap.push(HeapItem { dist: nd, node: v });
                }
            }
        }
        if !self.settled[to] {
            return None;
        }

        // Tight edges: on some cheapest path among the settled nodes.
        let mut tight: Vec<(usize, usize)> = Vec::new();
        for &u in &self.settled_order {
            for &(v, w) in &self.adj[u] {
                if u == v || !self.settled[v] || !self.allowed(from, banned_next, u, v) {
                    continue;
                }
                if let Some(c) = edge_cost(self.cost, u, v, w) {
                    if self.dist[u] + c <= self.dist[v] + tie_tolerance(self.dist[v]) {
                        tight.push((u, v));
                    }
                }
            }
        }
        tight.sort_unstable();
        tight.dedup();
        let mut reverse: Vec<(usize, usize)> = tight.iter().map(|&(u, v)| (v, u)).collect();
        reverse.sort_unstable();

        // Nodes that reach `to` through tight edges.
        self.reach[to] = true;
        let mut stack = vec![to];
        while let Some(v) = stack.pop() {
            let lo = reverse.partition_point(|e| e.0 < v);
            let hi = reverse.partition_point(|e| e.0 <= v);
            for &(_, u) in &reverse[lo..hi] {
                if !self.reach[u] {
                    self.reach[u] = true;
                    stack.push(u);
                }
            }
        }

        // Greedy walk: the smallest next node that still reaches `to`.
        let mut path = vec![from];
        self.on_path[from] = true;
        let mut u = from;
        while u != to {
            let lo = tight.partition_point(|e| e.0 < u);
            let hi = tight.partition_point(|e| e.0 <= u);
            let next = tight[lo..hi]
                .iter()
                .map(|e| e.1)
                .find(|&v| self.reach[v] && !self.on_path[v]);
            match next {
                Some(v) => {
                    self.on_path[v] = true;
                    path.push(v);
                    u = v;
                }
                None => {
                    // Only possible around zero-cost cycles: fall back on Dijkstra's tree.
                    return Some(self.tree_path(from, to));
                }
            }
        }
        Some(path)
    }

    fn tree_path(&self, from: usize, to: usize) -> Vec<usize> {
        let mut path = vec![to];
        let mut u = to;
        while u != from {
            u = self.pred[u];
            path.push(u);
        }
        path.reverse();
        path
    }
}

// ---------------------------------------------------------------------------------------------
// Degrees

/// Degree and weighted degree on the undirected view.
///
/// A self-loop entry counts twice, as in networkx.
pub fn degrees(undirected: &[Vec<(usize, f64)>]) -> Vec<(usize, f64)> {
    undirected
        .iter()
        .enumerate()
        .map(|(u, edges)| {
            edges.iter().fold((0, 0.0), |(d, s), &(v, w)| {
                if v == u {
                    (d + 2, s + 2.0 * w)
                } else {
                    (d + 1, s + w)
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(actual: &[f64], expected: &[f64], tol: f64) {
        assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
        for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
            assert!(
                (a - e).abs() <= tol,
                "index {i}: {a} vs {e} (all: {actual:?})"
            );
        }
    }

    /// Undirected adjacency of unit-weight edges.
    fn unit(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<(usize, f64)>> {
        let e: Vec<_> = edges.iter().map(|&(u, v)| (u, v, 1.0)).collect();
        Digraph::from_edges(n, &e).undirected()
    }

    fn weighted(n: usize, edges: &[(usize, usize, f64)]) -> Vec<Vec<(usize, f64)>> {
        Digraph::from_edges(n, edges).undirected()
    }

    fn path_graph(n: usize) -> Vec<Vec<(usize, f64)>> {
        let e: Vec<_> = (1..n).map(|i| (i - 1, i)).collect();
        unit(n, &e)
    }

    fn star(leaves: usize) -> Vec<Vec<(usize, f64)>> {
        let e: Vec<_> = (1..=leaves).map(|i| (0, i)).collect();
        unit(leaves + 1, &e)
    }

    /// Triangles {0,1,2} and {3,4,5} joined by the bridge 2-3.
    fn two_triangles() -> Vec<Vec<(usize, f64)>> {
        unit(6, &[(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5)])
    }

    /// Two 5-cliques {0..5} and {5..10} joined by the edge 4-5.
    fn two_cliques() -> Vec<Vec<(usize, f64)>> {
        let mut e = Vec::new();
        for base in [0, 5] {
            for a in base..base + 5 {
                for b in a + 1..base + 5 {
                    e.push((a, b));
                }
            }
        }
        e.push((4, 5));
        unit(10, &e)
    }

    /// Zachary's karate club, as `networkx.karate_club_graph()` (78 edges, with its weights).
    #[rustfmt::skip]
    const KARATE: [(usize, usize, f64); 78] = [
        (0, 1, 4.), (0, 2, 5.), (0, 3, 3.), (0, 4, 3.), (0, 5, 3.), (0, 6, 3.), (0, 7, 2.),
        (0, 8, 2.), (0, 10, 2.), (0, 11, 3.), (0, 12, 1.), (0, 13, 3.), (0, 17, 2.), (0, 19, 2.),
        (0, 21, 2.), (0, 31, 2.), (1, 2, 6.), (1, 3, 3.), (1, 7, 4.), (1, 13, 5.), (1, 17, 1.),
        (1, 19, 2.), (1, 21, 2.), (1, 30, 2.), (2, 3, 3.), (2, 7, 4.), (2, 8, 5.), (2, 9, 1.),
        (2, 13, 3.), (2, 27, 2.), (2, 28, 2.), (2, 32, 2.), (3, 7, 3.), (3, 12, 3.), (3, 13, 3.),
        (4, 6, 2.), (4, 10, 3.), (5, 6, 5.), (5, 10, 3.), (5, 16, 3.), (6, 16, 3.), (8, 30, 3.),
        (8, 32, 3.), (8, 33, 4.), (9, 33, 2.), (13, 33, 3.), (14, 32, 3.), (14, 33, 2.),
        (15, 32, 3.), (15, 33, 4.), (18, 32, 1.), (18, 33, 2.), (19, 33, 1.), (20, 32, 3.),
        (20, 33, 1.), (22, 32, 2.), (22, 33, 3.), (23, 25, 5.), (23, 27, 4.), (23, 29, 3.),
        (23, 32, 5.), (23, 33, 4.), (24, 25, 2.), (24, 27, 3.), (24, 31, 2.), (25, 31, 7.),
        (26, 29, 4.), (26, 33, 2.), (27, 33, 4.), (28, 31, 2.), (28, 33, 2.), (29, 32, 4.),
        (29, 33, 2.), (30, 32, 3.), (30, 33, 3.), (31, 32, 4.), (31, 33, 4.), (32, 33, 5.),
    ];

    fn karate_unweighted() -> Vec<Vec<(usize, f64)>> {
        let e: Vec<_> = KARATE.iter().map(|&(u, v, _)| (u, v)).collect();
        unit(34, &e)
    }

    fn karate_weighted() -> Vec<Vec<(usize, f64)>> {
        weighted(34, &KARATE)
    }

    fn n_communities(c: &[usize]) -> usize {
        c.iter().copied().max().map_or(0, |m| m + 1)
    }

    // ---- Digraph -----------------------------------------------------------------------------

    #[test]
    fn undirected_adds_both_directions_and_drops_self_loops() {
        let g = Digraph::from_edges(
            4,
            &[
                (2, 0, 1.5),
                (0, 2, 2.0),
                (1, 1, 9.0),
                (3, 0, 1.0),
                (0, 2, 0.5),
            ],
        );
        assert_eq!(g.n_nodes(), 4);
        let u = g.undirected();
        assert_eq!(u[0], vec![(2, 4.0), (3, 1.0)]);
        assert!(u[1].is_empty());
        assert_eq!(u[2], vec![(0, 4.0)]);
        assert_eq!(u[3], vec![(0, 1.0)]);
        assert!(Digraph::default().undirected().is_empty());
        assert_eq!(Digraph::default().n_nodes(), 0);
    }

    // ---- PageRank ----------------------------------------------------------------------------
    // References: networkx 3.6.1, `pagerank(G, alpha=0.85, weight='weight')` computed with its
    // pure-Python power iteration (`pagerank_alg._pagerank_python`, tol=1e-15; numpy is not
    // installed here), which is the same iteration as `nx.pagerank`.

    #[test]
    fn pagerank_directed_cycle_is_uniform() {
        let g = Digraph::from_edges(4, &[(0, 1, 1.0), (1, 2, 5.0), (2, 3, 0.1), (3, 0, 2.0)]);
        let pr = pagerank(&g, 0.85, 1e-12, 1000);
        assert_close(&pr, &[0.25; 4], 1e-12);
    }

    #[test]
    fn pagerank_weighted_with_dangling_node_matches_networkx() {
        let g = Digraph::from_edges(
            5,
            &[
                (0, 1, 1.0),
                (0, 2, 2.0),
                (1, 2, 1.0),
                (2, 0, 1.0),
                (2, 3, 3.0),
                (4, 0, 0.5),
                (4, 3, 1.5),
            ],
        );
        let pr = pagerank(&g, 0.85, 1e-13, 1000);
        let nx = [
            0.16541714869514274,
            0.1322135248426211,
            0.29146321308913864,
            0.3255607806607669,
            0.08534533271233065,
        ];
        assert_close(&pr, &nx, 1e-6);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn pagerank_two_nodes_hand_computed() {
        // x0 = 0.075 + 0.85 x1 / 2, x1 = 0.075 + 0.85 x0 + 0.85 x1 / 2  =>  x0 = 20/57.
        let g = Digraph::from_edges(2, &[(0, 1, 1.0)]);
        let pr = pagerank(&g, 0.85, 1e-14, 1000);
        assert_close(&pr, &[20.0 / 57.0, 37.0 / 57.0], 1e-9);
        // networkx: 0.35087719298245634, 0.6491228070175437
        assert_close(&pr, &[0.35087719298245634, 0.6491228070175437], 1e-6);
    }

    #[test]
    fn pagerank_self_loop_and_components_match_networkx() {
        let g = Digraph::from_edges(
            6,
            &[
                (0, 0, 2.0),
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 1, 4.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (5, 3, 1.0),
                (5, 4, 2.0),
            ],
        );
        let pr = pagerank(&g, 0.85, 1e-13, 1000);
        let nx = [
            0.05769230769230769,
            0.22557172557172683,
            0.21673596673596532,
            0.08310083698684731,
            0.21183738541251484,
            0.2050617776006376,
        ];
        assert_close(&pr, &nx, 1e-6);
    }

    #[test]
    fn pagerank_edge_cases() {
        assert!(pagerank(&Digraph::default(), 0.85, 1e-10, 100).is_empty());
        assert_close(
            &pagerank(&Digraph::from_edges(1, &[]), 0.85, 1e-10, 100),
            &[1.0],
            1e-15,
        );
        // No edges at all: every node dangling, uniform.
        assert_close(
            &pagerank(&Digraph::from_edges(3, &[]), 0.85, 1e-10, 100),
            &[1.0 / 3.0; 3],
            1e-15,
        );
        // max_iter = 0 leaves the uniform start.
        let g = Digraph::from_edges(2, &[(0, 1, 1.0)]);
        assert_close(&pagerank(&g, 0.85, 1e-10, 0), &[0.5, 0.5], 1e-15);
        // One iteration from uniform: x1 = 0.075 + 0.85 * 0.5 + 0.85 * 0.5 / 2.
        assert_close(&pagerank(&g, 0.85, 1e-10, 1), &[0.2875, 0.7125], 1e-12);
    }

    // ---- Betweenness -------------------------------------------------------------------------
    // References: networkx 3.6.1 `betweenness_centrality(G, normalized=...)`.

    #[test]
    fn betweenness_path_and_star_hand_computed() {
        // Path 0-1-2-3-4: node 1 is inside 3 pairs, node 2 inside 4; normalised by 4*3/2 = 6.
        assert_close(
            &betweenness(&path_graph(5), false),
            &[0.0, 3.0, 4.0, 3.0, 0.0],
            1e-12,
        );
        assert_close(
            &betweenness(&path_graph(5), true),
            &[0.0, 0.5, 4.0 / 6.0, 0.5, 0.0],
            1e-12,
        );
        // Star with 4 leaves: the centre is on all 6 leaf pairs.
        assert_close(
            &betweenness(&star(4), false),
            &[6.0, 0.0, 0.0, 0.0, 0.0],
            1e-12,
        );
        assert_close(
            &betweenness(&star(4), true),
            &[1.0, 0.0, 0.0, 0.0, 0.0],
            1e-12,
        );
    }

    #[test]
    fn betweenness_two_triangles_matches_networkx() {
        assert_close(
            &betweenness(&two_triangles(), true),
            &[0.0, 0.0, 0.6, 0.6, 0.0, 0.0],
            1e-6,
        );
        assert_close(
            &betweenness(&two_triangles(), false),
            &[0.0, 0.0, 6.0, 6.0, 0.0, 0.0],
            1e-6,
        );
    }

    #[test]
    fn betweenness_split_shortest_paths_and_components_match_networkx() {
        // Square 0-1-2-3-0 (each pair of opposite nodes has two paths), path 4-5-6, isolated 7...
        // networkx on 7 nodes (no node 7): normalized [1/30 x4, 0, 1/15, 0], raw [0.5 x4, 0, 1, 0].
        let g = unit(7, &[(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6)]);
        let nx_norm = [
            0.03333333333333333,
            0.03333333333333333,
            0.03333333333333333,
            0.03333333333333333,
            0.0,
            0.06666666666666667,
            0.0,
        ];
        assert_close(&betweenness(&g, true), &nx_norm, 1e-6);
        assert_close(
            &betweenness(&g, false),
            &[0.5, 0.5, 0.5, 0.5, 0.0, 1.0, 0.0],
            1e-12,
        );
    }

    #[test]
    fn betweenness_karate_matches_networkx() {
        let nx = [
            0.43763528138528146,
            0.053936688311688304,
            0.14365680615680618,
            0.011909271284271283,
            0.0006313131313131313,
            0.02998737373737374,
            0.029987373737373736,
            0.0,
            0.05592682780182781,
            0.0008477633477633478,
            0.0006313131313131313,
            0.0,
            0.0,
            0.04586339586339586,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.03247504810004811,
            0.0,
            0.0,
            0.0,
            0.017613636363636363,
            0.0022095959595959595,
            0.0038404882154882154,
            0.0,
            0.02233345358345358,
            0.0017947330447330447,
            0.0029220779220779218,
            0.014411976911976909,
            0.13827561327561325,
            0.145247113997114,
            0.30407497594997596,
        ];
        // Weights are ignored: the weighted view gives the same values.
        assert_close(&betweenness(&karate_unweighted(), true), &nx, 1e-6);
        assert_close(&betweenness(&karate_weighted(), true), &nx, 1e-6);
    }

    #[test]
    fn betweenness_edge_cases() {
        assert!(betweenness(&[], true).is_empty());
        assert_eq!(betweenness(&[vec![]], true), vec![0.0]);
        assert_eq!(betweenness(&path_graph(2), true), vec![0.0, 0.0]);
        // Self-loops and repeated neighbours do not count.
        let messy = vec![
            vec![(0, 1.0), (1, 1.0), (1, 2.0)],
            vec![(0, 1.0), (0, 2.0), (2, 1.0)],
            vec![(1, 1.0)],
        ];
        assert_close(&betweenness(&messy, false), &[0.0, 1.0, 0.0], 1e-12);
    }

    #[test]
    fn betweenness_multithreaded_sum_identity_and_determinism() {
        // Large enough (n >= 512) for the threaded path. The betweenness sum equals the sum over
        // connected pairs of (distance - 1), checked here with a plain BFS.
        let n = 700;
        let mut rng = SplitMix64::new(7);
        let mut e = Vec::new();
        for _ in 0..1400 {
            e.push((rng.index(n), rng.index(n)));
        }
        let g = unit(n, &e);
        let bc = betweenness(&g, false);
        let mut expected = 0.0;
        for s in 0..n {
            let mut dist = vec![usize::MAX; n];
            dist[s] = 0;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &(v, _) in &g[u] {
                    if dist[v] == usize::MAX {
                        dist[v] = dist[u] + 1;
                        queue.push_back(v);
                    }
                }
            }
            for &d in &dist[s + 1..] {
                if d != usize::MAX {
                    expected += (d - 1) as f64;
                }
            }
        }
        let total: f64 = bc.iter().sum();
        assert!(
            (total - expected).abs() < 1e-6 * expected,
            "{total} vs {expected}"
        );
        assert_eq!(bc, betweenness(&g, false));
    }

    #[test]
    fn betweenness_sampled_scaling_and_determinism() {
        let karate = karate_unweighted();
        // All nodes sampled: exactly the full computation.
        assert_eq!(
            betweenness_sampled(&karate, true, 34, 9),
            betweenness(&karate, true)
        );
        assert_eq!(
            betweenness_sampled(&karate, false, 100, 9),
            betweenness(&karate, false)
        );
        // Same seed, same sample; the estimate stays in range.
        let a = betweenness_sampled(&karate, true, 12, 3);
        assert_eq!(a, betweenness_sampled(&karate, true, 12, 3));
        assert!(a.iter().all(|&b| (0.0..=1.0).contains(&b)));
        assert!(
            a[0] > 0.2 && a[0] > a[1],
            "node 0 stays the most central: {a:?}"
        );
        // Star: every source sees the same dependency on the centre, so any sample with two
        // sources is exact (with or without the centre among them).
        for seed in 0..20 {
            let b = betweenness_sampled(&star(4), true, 2, seed);
            assert_close(&b, &[1.0, 0.0, 0.0, 0.0, 0.0], 1e-12);
            let b = betweenness_sampled(&star(4), false, 2, seed);
            assert_close(&b, &[6.0, 0.0, 0.0, 0.0, 0.0], 1e-12);
        }
        assert!(betweenness_sampled(&[], true, 5, 1).is_empty());
        assert_eq!(
            betweenness_sampled(&path_graph(3), true, 0, 1),
            vec![0.0; 3]
        );
    }

    // ---- Modularity --------------------------------------------------------------------------
    // References: networkx 3.6.1 `community.modularity(G, communities, resolution=...)`.

    #[test]
    fn modularity_matches_networkx() {
        let t = two_triangles();
        assert!((modularity(&t, &[0, 0, 0, 1, 1, 1], 1.0) - 0.35714285714285715).abs() < 1e-12);
        assert!((modularity(&t, &[0, 0, 0, 1, 1, 1], 0.5) - 0.6071428571428571).abs() < 1e-12);
        // Ids need not be dense.
        assert!(
            (modularity(&t, &[900, 900, 900, 7, 7, 7], 1.0) - 0.35714285714285715).abs() < 1e-12
        );
        // One community: 1 - 1 = 0.
        assert!(modularity(&t, &[0; 6], 1.0).abs() < 1e-12);

        let w = weighted(
            6,
            &[
                (0, 1, 2.0),
                (1, 2, 1.0),
                (0, 2, 3.0),
                (2, 3, 0.5),
                (3, 4, 1.0),
                (4, 5, 2.5),
                (3, 5, 1.5),
                (1, 4, 0.25),
            ],
        );
        assert!((modularity(&w, &[0, 0, 0, 1, 1, 1], 1.0) - 0.43254866455409685).abs() < 1e-12);
        assert!((modularity(&w, &[0, 0, 1, 1, 2, 2], 1.3) - (-0.008488003621548224)).abs() < 1e-12);

        // Karate club, unweighted, split by club ('Mr. Hi' vs 'Officer').
        let hi = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21];
        let club: Vec<usize> = (0..34).map(|u| usize::from(!hi.contains(&u))).collect();
        assert!((modularity(&karate_unweighted(), &club, 1.0) - 0.3582347140039448).abs() < 1e-12);
    }

    #[test]
    fn modularity_self_loop_counts_like_networkx() {
        // Edge 0-1 plus a self-loop on 0 of weight 1 (networkx: degree of 0 is 3, m = 2).
        // Partition {0}, {1}: 1/2 - (3/4)^2 - (1/4)^2 = -0.125.
        let adj = vec![vec![(0, 1.0), (1, 1.0)], vec![(0, 1.0)]];
        assert!((modularity(&adj, &[0, 1], 1.0) - (-0.125)).abs() < 1e-12);
    }

    #[test]
    fn modularity_without_edges_is_zero() {
        assert_eq!(modularity(&[], &[], 1.0), 0.0);
        assert_eq!(modularity(&[vec![], vec![]], &[0, 1], 1.0), 0.0);
    }

    // ---- Louvain -----------------------------------------------------------------------------

    #[test]
    fn louvain_two_cliques() {
        let g = two_cliques();
        let (c, q) = louvain(&g, 1.0);
        assert_eq!(c, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
        // networkx: modularity of {0..5},{5..10} = 0.45238095238095233, which is also what
        // louvain_communities(G, seed=1) finds.
        assert!((q - 0.45238095238095233).abs() < 1e-12);
        assert_eq!(louvain(&g, 1.0), (c, q));
    }

    #[test]
    fn louvain_two_triangles_and_components() {
        let (c, q) = louvain(&two_triangles(), 1.0);
        assert_eq!(c, vec![0, 0, 0, 1, 1, 1]);
        assert!((q - 0.35714285714285715).abs() < 1e-12);
        // Two separate triangles and an isolated node: three communities, Q = 2 * (1/2 - 1/4).
        let g = unit(7, &[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]);
        let (c, q) = louvain(&g, 1.0);
        assert_eq!(c, vec![0, 0, 0, 1, 1, 1, 2]);
        assert!((q - 0.5).abs() < 1e-12);
    }

    #[test]
    fn louvain_karate_reaches_known_modularity() {
        // networkx 3.6.1 louvain_communities(G, weight=None, seed=0..20) on the unweighted club:
        // modularity 0.3952 to 0.4198 (0.4198 is the known optimum).
        let g = karate_unweighted();
        let (c, q) = louvain(&g, 1.0);
        assert!(q >= 0.40, "unweighted karate modularity {q}");
        // networkx's modularity of the partition found here: 0.41880341880341876.
        assert!((q - 0.41880341880341876).abs() < 1e-9, "{q}");
        assert!((q - modularity(&g, &c, 1.0)).abs() < 1e-12);
        assert!((2..=6).contains(&n_communities(&c)));
        // Nodes 0 (Mr. Hi) and 33 (Officer) end up apart.
        assert_ne!(c[0], c[33]);
        // With networkx's weights: louvain_communities(G, seed=0..20) gives 0.4266 to 0.4449.
        let gw = karate_weighted();
        let (cw, qw) = louvain(&gw, 1.0);
        assert!(qw >= 0.42, "weighted karate modularity {qw}");
        // networkx's (weighted) modularity of the partition found here: 0.44490358126721763.
        assert!((qw - 0.44490358126721763).abs() < 1e-9, "{qw}");
        assert!((qw - modularity(&gw, &cw, 1.0)).abs() < 1e-12);
    }

    #[test]
    fn louvain_resolution_changes_granularity() {
        let g = karate_unweighted();
        let (coarse, _) = louvain(&g, 0.3);
        let (fine, q_fine) = louvain(&g, 3.0);
        assert!(n_communities(&coarse) < n_communities(&fine));
        assert!((q_fine - modularity(&g, &fine, 3.0)).abs() < 1e-12);
    }

    #[test]
    fn louvain_edge_cases() {
        assert_eq!(louvain(&[], 1.0), (vec![], 0.0));
        assert_eq!(louvain(&[vec![]], 1.0), (vec![0], 0.0));
        assert_eq!(
            louvain(&[vec![], vec![], vec![]], 1.0),
            (vec![0, 1, 2], 0.0)
        );
        // A single edge: one community, Q = 1 - 1 = 0.
        let (c, q) = louvain(&path_graph(2), 1.0);
        assert_eq!(c, vec![0, 0]);
        assert!(q.abs() < 1e-12);
    }

    #[test]
    fn louvain_random_graph_beats_trivial_partitions() {
        let n = 300;
        let mut rng = SplitMix64::new(42);
        let mut e = Vec::new();
        // Planted partition: 6 groups of 50, dense inside, sparse across.
        for _ in 0..3000 {
            let a = rng.index(n);
            let b = if rng.index(10) < 8 {
                a / 50 * 50 + rng.index(50)
            } else {
                rng.index(n)
            };
            e.push((a, b, 1.0 + rng.index(3) as f64));
        }
        let g = weighted(n, &e);
        let (c, q) = louvain(&g, 1.0);
        assert!((q - modularity(&g, &c, 1.0)).abs() < 1e-9);
        let planted: Vec<usize> = (0..n).map(|u| u / 50).collect();
        let q_planted = modularity(&g, &planted, 1.0);
        assert!(q >= q_planted - 1e-3, "{q} vs planted {q_planted}");
        assert_eq!(louvain(&g, 1.0).0, c);
        // Ids are renumbered by first node.
        let mut next = 0;
        for &x in &c {
            assert!(x <= next);
            next = next.max(x + 1);
        }
    }

    // ---- Label propagation -------------------------------------------------------------------

    #[test]
    fn label_propagation_finds_obvious_groups() {
        assert_eq!(
            label_propagation(&two_triangles(), 100),
            vec![0, 0, 0, 1, 1, 1]
        );
        assert_eq!(
            label_propagation(&two_cliques(), 100),
            vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
        );
        // Components and an isolated node.
        let g = unit(6, &[(0, 1), (1, 2), (3, 4)]);
        assert_eq!(label_propagation(&g, 100), vec![0, 0, 0, 1, 1, 2]);
    }

    #[test]
    fn label_propagation_follows_weights() {
        // Node 2 has a heavy tie to 3 and light ties to 0 and 1.
        let g = weighted(
            5,
            &[
                (0, 1, 1.0),
                (0, 2, 1.0),
                (1, 2, 1.0),
                (2, 3, 5.0),
                (3, 4, 5.0),
            ],
        );
        assert_eq!(label_propagation(&g, 100), vec![0, 0, 1, 1, 1]);
    }

    #[test]
    fn label_propagation_edge_cases() {
        assert!(label_propagation(&[], 10).is_empty());
        assert_eq!(label_propagation(&[vec![]], 10), vec![0]);
        // No rounds: every node keeps its own label.
        assert_eq!(
            label_propagation(&two_triangles(), 0),
            vec![0, 1, 2, 3, 4, 5]
        );
        let karate = karate_unweighted();
        let c = label_propagation(&karate, 100);
        assert_eq!(c, label_propagation(&karate, 100));
        assert!(modularity(&karate, &c, 1.0) > 0.1);
    }

    // ---- Shortest paths ----------------------------------------------------------------------

    fn by_weight(_: usize, _: usize, w: f64) -> f64 {
        w
    }

    /// Directed graph where, from 0 to 5, the paths are (by hand):
    /// 0-1-3-5 and 0-2-3-5 cost 3; 0-1-4-5, 0-2-5 and 0-5 cost 4.
    fn yen_graph() -> Vec<Vec<(usize, f64)>> {
        Digraph::from_edges(
            6,
            &[
                (0, 5, 4.0),
                (0, 2, 1.0),
                (0, 1, 1.0),
                (2, 3, 1.0),
                (1, 3, 1.0),
                (3, 5, 1.0),
                (1, 4, 2.0),
                (4, 5, 1.0),
                (2, 5, 3.0),
            ],
        )
        .out
    }

    #[test]
    fn shortest_path_basic_and_ties() {
        let g = yen_graph();
        assert_eq!(
            shortest_path(&g, 0, 5, &by_weight),
            Some((3.0, vec![0, 1, 3, 5]))
        );
        assert_eq!(
            shortest_path(&g, 2, 5, &by_weight),
            Some((2.0, vec![2, 3, 5]))
        );
        // Equal costs: the smallest node sequence wins even when Dijkstra reaches 5 first
        // through 1 (0-4-1-5 and 0-2-3-5 both cost 3).
        let t = Digraph::from_edges(
            6,
            &[
                (0, 4, 1.0),
                (4, 1, 1.0),
                (1, 5, 1.0),
                (0, 2, 1.5),
                (2, 3, 0.5),
                (3, 5, 1.0),
            ],
        )
        .out;
        assert_eq!(
            shortest_path(&t, 0, 5, &by_weight),
            Some((3.0, vec![0, 2, 3, 5]))
        );
    }

    #[test]
    fn shortest_path_unreachable_same_node_and_out_of_range() {
        let g = yen_graph();
        // Edges are directed: nothing leaves 5.
        assert_eq!(shortest_path(&g, 5, 0, &by_weight), None);
        assert_eq!(shortest_path(&g, 3, 3, &by_weight), Some((0.0, vec![3])));
        assert_eq!(shortest_path(&g, 0, 6, &by_weight), None);
        assert_eq!(shortest_path(&[], 0, 0, &by_weight), None);
        assert_eq!(
            shortest_path(&[vec![]], 0, 0, &by_weight),
            Some((0.0, vec![0]))
        );
        // Disconnected components.
        let d = unit(4, &[(0, 1), (2, 3)]);
        assert_eq!(shortest_path(&d, 0, 3, &by_weight), None);
    }

    #[test]
    fn shortest_path_custom_costs() {
        let g = yen_graph();
        // Infinite cost removes an edge: without 3->5 the best is 0-1-4-5 (4, smallest sequence).
        let no_35 = |u: usize, v: usize, w: f64| if (u, v) == (3, 5) { f64::INFINITY } else { w };
        assert_eq!(
            shortest_path(&g, 0, 5, &no_35),
            Some((4.0, vec![0, 1, 4, 5]))
        );
        // Hop count: the direct edge.
        assert_eq!(
            shortest_path(&g, 0, 5, &|_, _, _| 1.0),
            Some((1.0, vec![0, 5]))
        );
        // Strong ties are cheap: cost 1 / weight.
        assert_eq!(
            shortest_path(&g, 0, 5, &|_, _, w| 1.0 / w),
            Some((0.25, vec![0, 5]))
        );
        // Zero costs are allowed, even on cycles.
        let z = Digraph::from_edges(
            4,
            &[
                (0, 1, 0.0),
                (1, 0, 0.0),
                (1, 2, 0.0),
                (2, 1, 0.0),
                (2, 3, 1.0),
            ],
        )
        .out;
        assert_eq!(
            shortest_path(&z, 0, 3, &by_weight),
            Some((1.0, vec![0, 1, 2, 3]))
        );
    }

    #[test]
    fn k_shortest_paths_hand_computed_with_ties() {
        let g = yen_graph();
        let best3 = k_shortest_paths(&g, 0, 5, 3, &by_weight);
        assert_eq!(
            best3,
            vec![
                (3.0, vec![0, 1, 3, 5]),
                (3.0, vec![0, 2, 3, 5]),
                (4.0, vec![0, 1, 4, 5])
            ]
        );
        let all = k_shortest_paths(&g, 0, 5, 10, &by_weight);
        assert_eq!(
            all,
            vec![
                (3.0, vec![0, 1, 3, 5]),
                (3.0, vec![0, 2, 3, 5]),
                (4.0, vec![0, 1, 4, 5]),
                (4.0, vec![0, 2, 5]),
                (4.0, vec![0, 5]),
            ]
        );
        assert_eq!(
            k_shortest_paths(&g, 0, 5, 1, &by_weight),
            vec![(3.0, vec![0, 1, 3, 5])]
        );
    }

    #[test]
    fn k_shortest_paths_edge_cases() {
        let g = yen_graph();
        assert!(k_shortest_paths(&g, 0, 5, 0, &by_weight).is_empty());
        assert!(k_shortest_paths(&g, 5, 0, 3, &by_weight).is_empty());
        assert!(k_shortest_paths(&g, 0, 9, 3, &by_weight).is_empty());
        assert_eq!(
            k_shortest_paths(&g, 2, 2, 3, &by_weight),
            vec![(0.0, vec![2])]
        );
        // Undirected cycle 0-1-2-3-0: exactly two loopless paths from 0 to 2.
        let c = unit(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        assert_eq!(
            k_shortest_paths(&c, 0, 2, 5, &by_weight),
            vec![(2.0, vec![0, 1, 2]), (2.0, vec![0, 3, 2])]
        );
    }

    /// All simple paths from `from` to `to` by brute force, sorted by (cost, node sequence).
    fn all_simple_paths(
        adj: &[Vec<(usize, f64)>],
        from: usize,
        to: usize,
    ) -> Vec<(f64, Vec<usize>)> {
        let mut found = Vec::new();
        let mut stack = vec![vec![from]];
        while let Some(path) = stack.pop() {
            let u = path[path.len() - 1];
            if u == to {
                found.push((path_cost(adj, &by_weight, &path), path));
                continue;
            }
            let mut next: Vec<usize> = adj[u]
                .iter()
                .map(|e| e.0)
                .filter(|v| !path.contains(v))
                .collect();
            next.sort_unstable();
            next.dedup();
            for v in next {
                let mut p = path.clone();
                p.push(v);
                stack.push(p);
            }
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        found
    }

    #[test]
    fn k_shortest_paths_match_brute_force_on_random_graphs() {
        // Integer costs (so that ties are exact), parallel edges included.
        let mut rng = SplitMix64::new(2024);
        for round in 0..150 {
            let n = 3 + rng.index(5);
            let m = rng.index(n * 3);
            let edges: Vec<_> = (0..m)
                .map(|_| (rng.index(n), rng.index(n), 1.0 + rng.index(3) as f64))
                .collect();
            let adj = Digraph::from_edges(n, &edges).out;
            let (from, to) = (rng.index(n), rng.index(n));
            let expected = all_simple_paths(&adj, from, to);
            let k = 1 + rng.index(8);
            let got = k_shortest_paths(&adj, from, to, k, &by_weight);
            let want: Vec<_> = expected.iter().take(k).cloned().collect();
            assert_eq!(got, want, "round {round}: {edges:?} {from}->{to} k={k}");
            assert_eq!(
                shortest_path(&adj, from, to, &by_weight),
                expected.first().cloned()
            );
        }
    }

    // ---- Degrees -----------------------------------------------------------------------------

    #[test]
    fn degrees_on_undirected_view() {
        let g = weighted(4, &[(0, 1, 2.0), (1, 0, 1.0), (0, 2, 0.5), (3, 3, 7.0)]);
        assert_eq!(degrees(&g), vec![(2, 3.5), (1, 3.0), (1, 0.5), (0, 0.0)]);
        assert_eq!(
            degrees(&star(3)),
            vec![(3, 3.0), (1, 1.0), (1, 1.0), (1, 1.0)]
        );
        assert!(degrees(&[]).is_empty());
        // A self-loop entry counts twice, as in networkx.
        assert_eq!(degrees(&[vec![(0, 1.5)]]), vec![(2, 3.0)]);
    }
}
