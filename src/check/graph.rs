//! Dependencies between resources: `DependsOn` plus every `Ref`, `Fn::GetAtt`
//! and `Fn::Sub` naming another resource, as CloudFormation orders creation.
//! Cycles are found with Tarjan's algorithm, iteratively so that 20,000
//! resources in a chain cannot overflow the stack.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Resource IDs and, for each, the resources it depends on (indices).
pub struct Graph<'a> {
    pub ids: Vec<&'a str>,
    pub edges: Vec<BTreeSet<usize>>,
}

impl<'a> Graph<'a> {
    pub fn new(ids: Vec<&'a str>) -> Self {
        let edges = vec![BTreeSet::new(); ids.len()];
        Graph { ids, edges }
    }

    pub fn index(&self) -> BTreeMap<&'a str, usize> {
        self.ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect()
    }

    /// Every cycle, as the shortest loop through the smallest ID of each
    /// strongly connected component (a resource naming itself is a loop of one).
    pub fn cycles(&self) -> Vec<Vec<&'a str>> {
        let mut out = Vec::new();
        for scc in self.components() {
            let Some(&start) = scc.iter().min_by_key(|&&i| self.ids[i]) else {
                continue;
            };
            if scc.len() == 1 && !self.edges[start].contains(&start) {
                continue;
            }
            let members: BTreeSet<usize> = scc.iter().copied().collect();
            if let Some(cycle) = self.shortest_loop(start, &members) {
                out.push(cycle.into_iter().map(|i| self.ids[i]).collect());
            }
        }
        out.sort();
        out
    }

    /// Breadth-first from `start` back to itself inside `members`.
    fn shortest_loop(&self, start: usize, members: &BTreeSet<usize>) -> Option<Vec<usize>> {
        let mut parent: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            for &m in &self.edges[n] {
                if !members.contains(&m) {
                    continue;
                }
                if m == start {
                    // Walk back from `n` to `start`, then read it forwards.
                    let mut path = Vec::new();
                    let mut cur = n;
                    while cur != start {
                        path.push(cur);
                        cur = *parent.get(&cur)?;
                    }
                    path.push(start);
                    path.reverse();
                    path.push(start);
                    return Some(path);
                }
                if let std::collections::btree_map::Entry::Vacant(e) = parent.entry(m) {
                    e.insert(n);
                    queue.push_back(m);
                }
            }
        }
        None
    }

    /// Strongly connected components (Tarjan), without recursion.
    fn components(&self) -> Vec<Vec<usize>> {
        const UNSEEN: usize = usize::MAX;
        let n = self.ids.len();
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut next = 0;
        let mut out = Vec::new();
        let adj: Vec<Vec<usize>> = self
            .edges
            .iter()
            .map(|e| e.iter().copied().collect())
            .collect();
        for root in 0..n {
            if index[root] != UNSEEN {
                continue;
            }
            // (node, next edge to look at)
            let mut work = vec![(root, 0usize)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut ei)) = work.last_mut() {
                if let Some(&w) = adj[v].get(*ei) {
                    *ei += 1;
                    if index[w] == UNSEEN {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut scc = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        scc.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(scc);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph<'a>(ids: &[&'a str], edges: &[(usize, usize)]) -> Graph<'a> {
        let mut g = Graph::new(ids.to_vec());
        for &(a, b) in edges {
            g.edges[a].insert(b);
        }
        g
    }

    #[test]
    fn finds_loops_and_self_references() {
        let g = graph(
            &["A", "B", "C", "D", "E"],
            &[(0, 1), (1, 2), (2, 0), (3, 3), (4, 0)],
        );
        assert_eq!(g.cycles(), vec![vec!["A", "B", "C", "A"], vec!["D", "D"]]);
    }

    #[test]
    fn a_chain_has_no_cycle_and_a_long_one_does_not_overflow() {
        let ids: Vec<String> = (0..50_000).map(|i| format!("R{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let edges: Vec<(usize, usize)> = (1..refs.len()).map(|i| (i, i - 1)).collect();
        assert!(graph(&refs, &edges).cycles().is_empty());
        let mut closed = edges.clone();
        closed.push((0, refs.len() - 1));
        let cycles = graph(&refs, &closed).cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), 50_001);
    }
}
