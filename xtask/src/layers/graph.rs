//! The sibling graph of a module tree and the circles in it.
//!
//! An import from module A of module B is an edge between two siblings: the
//! children, on the way to A and to B, of their closest common ancestor C. An
//! import along one line of descent (a module of its own ancestor or descendant)
//! is no edge. Circles are found per sibling group with Tarjan's strongly
//! connected components.
//!
//! Invariants: each edge keeps the first import that makes it (by file, then
//! line); every edge inside a component is shown in at least one circle, the
//! shortest through it, and no circle is shown twice.

use super::tree::Tree;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

/// One import as a report shows it: `file:line: text`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    pub file: String,
    pub line: usize,
    pub text: String,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.text)
    }
}

/// One hop of a circle: sibling `from` imports the next hop's `from`.
#[derive(Clone, Debug)]
pub struct Hop {
    pub from: usize,
    pub evidence: Evidence,
}

/// A circle among the children of `parent`: each hop imports the next hop's `from`,
/// and the last hop imports the first hop's `from`.
#[derive(Clone, Debug)]
pub struct Circle {
    pub parent: usize,
    pub hops: Vec<Hop>,
}

/// The two siblings an import from `from` of `to` joins, with their parent; none
/// when one module is the other's ancestor (or the same module).
pub fn sibling_pair(tree: &Tree, from: usize, to: usize) -> Option<(usize, usize, usize)> {
    let a = tree.chain(from);
    let b = tree.chain(to);
    let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if shared == a.len() || shared == b.len() {
        return None;
    }
    Some((a[shared - 1], a[shared], b[shared]))
}

/// Sibling edges, grouped by parent.
#[derive(Debug, Default)]
pub struct Graph {
    /// parent → from → to → the first import making the edge.
    groups: BTreeMap<usize, BTreeMap<usize, BTreeMap<usize, Evidence>>>,
    /// Imports that make a sibling edge, each counted.
    pub imports: usize,
}

impl Graph {
    /// Records that module `from` imports module `to`, when that joins two siblings.
    pub fn add(&mut self, tree: &Tree, from: usize, to: usize, evidence: Evidence) {
        let Some((parent, a, b)) = sibling_pair(tree, from, to) else {
            return;
        };
        self.imports += 1;
        let kept = self
            .groups
            .entry(parent)
            .or_default()
            .entry(a)
            .or_default()
            .entry(b)
            .or_insert_with(|| evidence.clone());
        if evidence < *kept {
            *kept = evidence;
        }
    }

    /// Every circle, group by group: for each edge inside a strongly connected
    /// component, the shortest circle through it.
    pub fn circles(&self) -> Vec<Circle> {
        let mut circles = Vec::new();
        for (&parent, edges) in &self.groups {
            for component in components(edges) {
                circles.extend(circles_in(parent, edges, &component));
            }
        }
        circles
    }
}

type Edges = BTreeMap<usize, BTreeMap<usize, Evidence>>;

/// The strongly connected components of more than one node (Tarjan).
fn components(edges: &Edges) -> Vec<BTreeSet<usize>> {
    let nodes: BTreeSet<usize> = edges
        .iter()
        .flat_map(|(from, to)| std::iter::once(*from).chain(to.keys().copied()))
        .collect();
    let mut tarjan = Tarjan {
        edges,
        next_index: 0,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in nodes {
        if !tarjan.index.contains_key(&node) {
            tarjan.visit(node);
        }
    }
    tarjan.found.retain(|c| c.len() > 1);
    tarjan.found
}

struct Tarjan<'a> {
    edges: &'a Edges,
    next_index: usize,
    index: BTreeMap<usize, usize>,
    low: BTreeMap<usize, usize>,
    stack: Vec<usize>,
    on_stack: BTreeSet<usize>,
    found: Vec<BTreeSet<usize>>,
}

impl Tarjan<'_> {
    /// Recursive: a sibling group is as deep as it is wide, a few dozen modules.
    fn visit(&mut self, node: usize) {
        self.index.insert(node, self.next_index);
        self.low.insert(node, self.next_index);
        self.next_index += 1;
        self.stack.push(node);
        self.on_stack.insert(node);
        let targets: Vec<usize> = self
            .edges
            .get(&node)
            .map(|t| t.keys().copied().collect())
            .unwrap_or_default();
        for target in targets {
            if !self.index.contains_key(&target) {
                self.visit(target);
                let low = self.low[&node].min(self.low[&target]);
                self.low.insert(node, low);
            } else if self.on_stack.contains(&target) {
                let low = self.low[&node].min(self.index[&target]);
                self.low.insert(node, low);
            }
        }
        if self.low[&node] == self.index[&node] {
            let mut component = BTreeSet::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack.remove(&top);
                component.insert(top);
                if top == node {
                    break;
                }
            }
            self.found.push(component);
        }
    }
}

/// The shortest circle through each edge inside `component`, each circle once.
fn circles_in(parent: usize, edges: &Edges, component: &BTreeSet<usize>) -> Vec<Circle> {
    let mut seen = BTreeSet::new();
    let mut circles = Vec::new();
    for &from in component {
        let Some(targets) = edges.get(&from) else {
            continue;
        };
        for &to in targets.keys().filter(|t| component.contains(t)) {
            let Some(back) = shortest_path(edges, component, to, from) else {
                continue;
            };
            let mut nodes = vec![from];
            nodes.extend(&back[..back.len() - 1]);
            // One circle read from any of its nodes is the same circle.
            let start = nodes
                .iter()
                .enumerate()
                .min_by_key(|(_, n)| **n)
                .map_or(0, |(i, _)| i);
            nodes.rotate_left(start);
            if !seen.insert(nodes.clone()) {
                continue;
            }
            let hops = nodes
                .iter()
                .zip(nodes.iter().cycle().skip(1))
                .map(|(&a, &b)| Hop {
                    from: a,
                    evidence: edges[&a][&b].clone(),
                })
                .collect();
            circles.push(Circle { parent, hops });
        }
    }
    circles.sort_by_key(|c| c.hops.len());
    circles
}

/// The nodes of a shortest path from `start` to `goal` inside `component`, both
/// included.
fn shortest_path(
    edges: &Edges,
    component: &BTreeSet<usize>,
    start: usize,
    goal: usize,
) -> Option<Vec<usize>> {
    let mut came_from = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    came_from.insert(start, start);
    while let Some(node) = queue.pop_front() {
        if node == goal {
            let mut path = vec![goal];
            let mut at = goal;
            while at != start {
                at = came_from[&at];
                path.push(at);
            }
            path.reverse();
            return Some(path);
        }
        for &next in edges.get(&node).into_iter().flat_map(|t| t.keys()) {
            if component.contains(&next) && !came_from.contains_key(&next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}
