//! The cheapest path of beads through two sequences: a dynamic programme over the cells
//! `(i, j)` (the first `i` items of one side aligned with the first `j` of the other), kept to
//! a band around the diagonal so that its cost grows with the length of the texts, not with
//! their product. When the path found runs along the band's edge (a long passage missing on
//! one side pushes it off the diagonal), the band is widened and the programme run again.
//! Small tables (up to [`WHOLE_TABLE`] cells) are searched whole.

use std::ops::Range;

/// One step of a path: these items of one side with those of the other.
pub type Step = (Range<usize>, Range<usize>);

/// The band's half-width at first.
const FIRST_BAND: usize = 24;

/// Tables up to this many cells are searched whole: a band around the diagonal can miss the
/// cheapest path when one side is much longer (a few paragraphs against dozens), and below
/// this size the whole table costs little.
const WHOLE_TABLE: usize = 250_000;

/// The cheapest path from `(0, 0)` to `(n, m)` taking steps of the given `shapes` (items of
/// one side, items of the other), each costing `cost(one, other)`.
pub fn cheapest(
    n: usize,
    m: usize,
    shapes: &[(usize, usize)],
    cost: &mut dyn FnMut(Range<usize>, Range<usize>) -> f64,
) -> Vec<Step> {
    let mut band = match (n + 1).saturating_mul(m + 1) <= WHOLE_TABLE {
        true => n.max(m),
        false => FIRST_BAND,
    };
    loop {
        let whole = band >= n.max(m);
        if let Some(path) = within_band(n, m, band, shapes, cost)
            && (whole || !touches_edge(&path, n, m, band))
        {
            return path;
        }
        if whole {
            // Unreachable: with the whole table every cell is in the band.
            return Vec::new();
        }
        band *= 2;
    }
}

/// The diagonal's column at row `i`.
fn centre(i: usize, n: usize, m: usize) -> usize {
    if n == 0 {
        0
    } else {
        ((i as u128 * m as u128) / n as u128) as usize
    }
}

fn columns(i: usize, n: usize, m: usize, band: usize) -> Range<usize> {
    // Wide enough around the diagonal that a step of up to four items stays inside.
    let c = centre(i, n, m);
    c.saturating_sub(band)..(c + band).min(m) + 1
}

fn touches_edge(path: &[Step], n: usize, m: usize, band: usize) -> bool {
    path.iter().any(|(one, other)| {
        let inside = columns(one.end, n, m, band);
        let j = other.end;
        (j == inside.start && inside.start > 0) || (j + 1 == inside.end && inside.end <= m)
    })
}

fn within_band(
    n: usize,
    m: usize,
    band: usize,
    shapes: &[(usize, usize)],
    cost: &mut dyn FnMut(Range<usize>, Range<usize>) -> f64,
) -> Option<Vec<Step>> {
    let rows: Vec<Range<usize>> = (0..=n).map(|i| columns(i, n, m, band)).collect();
    let mut best: Vec<Vec<(f64, u8)>> = rows
        .iter()
        .map(|r| vec![(f64::INFINITY, u8::MAX); r.len()])
        .collect();
    let at = |rows: &[Range<usize>], i: usize, j: usize| -> Option<usize> {
        let r = &rows[i];
        r.contains(&j).then(|| j - r.start)
    };
    best[0][at(&rows, 0, 0)?] = (0.0, u8::MAX);
    for i in 0..=n {
        for j in rows[i].clone() {
            if i == 0 && j == 0 {
                continue;
            }
            let mut cell = (f64::INFINITY, u8::MAX);
            for (shape, &(a, b)) in shapes.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(from) = at(&rows, i - a, j - b) else {
                    continue;
                };
                let before = best[i - a][from].0;
                if !before.is_finite() {
                    continue;
                }
                let total = before + cost(i - a..i, j - b..j);
                if total < cell.0 {
                    cell = (total, shape as u8);
                }
            }
            let k = j - rows[i].start;
            best[i][k] = cell;
        }
    }
    // Back from (n, m).
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let shape = best[i][at(&rows, i, j)?].1;
        let &(a, b) = shapes.get(shape as usize)?;
        path.push((i - a..i, j - b..j));
        i -= a;
        j -= b;
    }
    path.reverse();
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPES: &[(usize, usize)] = &[(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)];

    /// Items are numbers; a step costs nothing when its two sides sum alike.
    fn align(one: &[u32], other: &[u32]) -> Vec<Step> {
        cheapest(one.len(), other.len(), SHAPES, &mut |a, b| {
            let x: u32 = one[a.clone()].iter().sum();
            let y: u32 = other[b.clone()].iter().sum();
            f64::from(x.abs_diff(y))
                + if a.len() == 1 && b.len() == 1 {
                    0.0
                } else {
                    0.5
                }
        })
    }

    #[test]
    fn the_cheapest_path_merges_and_skips() {
        assert_eq!(
            align(&[5, 3, 4, 9], &[5, 7, 9]),
            vec![(0..1, 0..1), (1..3, 1..2), (3..4, 2..3)]
        );
        assert_eq!(align(&[], &[1, 2]), vec![(0..0, 0..1), (0..0, 1..2)]);
        assert_eq!(align(&[], &[]), vec![]);
    }

    #[test]
    fn a_long_passage_missing_on_one_side_widens_the_band() {
        // 700 items only on one side, before 400 shared ones: far off the first band, in a
        // table too large to be searched whole.
        let shared: Vec<u32> = (0..400).map(|k| 1000 + k * 37 % 101).collect();
        let mut one: Vec<u32> = (0..700).map(|k| 100_000 + k).collect();
        one.extend(&shared);
        let path = align(&one, &shared);
        let matched: Vec<&Step> = path
            .iter()
            .filter(|(a, b)| !a.is_empty() && !b.is_empty())
            .collect();
        assert_eq!(matched.len(), 400);
        assert!(matched.iter().all(|(a, b)| a.start == b.start + 700));
    }
}
