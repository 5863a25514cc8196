//! `coverage`: every key of one table (a child on the roster) has a
//! matching row in another table, or a file whose name contains it.

use super::{found, norm_key, rows_where, Ctx, Outcome};
use crate::checklist::{CoverageRule, Glob};
use crate::eval::tables::{cell_location, TableState};
use compact_str::format_compact;
use minijinja::Value as MjValue;
use std::collections::HashSet;

pub fn run(r: &CoverageRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let from = cx.table(r.from);
    let ki = r.key;
    let state = cx.tables.get(r.from);
    let mut used = vec![ki];
    if let Some(w) = &r.from_when {
        used.extend(super::expr_columns(from, w));
    }
    let Some(bound) = found(&state, from, &used, false, &mut out) else {
        return out;
    };
    let rows = rows_where(&state, r.from_when.as_ref(), cx, &[]);
    let mut have: HashSet<String> = HashSet::with_capacity(rows.len());
    let mut targets: Vec<String> = Vec::new();
    if let Some((to, tk)) = r.to {
        let tspec = cx.table(to);
        targets.push(tspec.title.clone());
        let tstate = cx.tables.get(to);
        if matches!(*tstate, TableState::Missing) && !r.to_files.is_empty() {
            // Either a table or files may cover the keys: files only here.
        } else {
            let mut sub = Outcome::default();
            let usable = found(&tstate, tspec, &[tk], true, &mut sub).is_some();
            out.findings.extend(sub.findings);
            if !usable {
                // The other table is missing or unusable: said once,
                // and every key is uncovered.
                out.error = sub.error;
                out.units = rows.len().max(1);
                out.failed.insert("table".into());
                out.blocked = true;
                return out;
            }
            let trows = rows_where(&tstate, r.when.as_ref(), cx, &[]);
            have.extend(
                trows
                    .iter()
                    .map(|(row, _)| norm_key(&row.values[tk].display())),
            );
        }
    }
    if !r.to_files.is_empty() {
        // A key is covered by a file whose name contains it.
        let names: Vec<String> = cx
            .evidence
            .matching(&r.to_files)
            .iter()
            .map(|f| norm_key(f.name()))
            .collect();
        let keys: Vec<String> = rows
            .iter()
            .map(|(row, _)| norm_key(&row.values[ki].display()))
            .filter(|k| !k.is_empty())
            .collect();
        let inside = Substrings::of(&names, keys.iter().map(|k| k.chars().count()));
        have.extend(keys.into_iter().filter(|k| inside.contains(k)));
        let pats: Vec<&str> = r.to_files.iter().map(Glob::source).collect();
        targets.push(pats.join(" 或 "));
    }
    let target = targets.join("或");
    let mut seen = HashSet::with_capacity(rows.len());
    for (row, _) in &rows {
        let k = norm_key(&row.values[ki].display());
        if k.is_empty() || !seen.insert(k.clone()) {
            continue;
        }
        out.units += 1;
        if !have.contains(&k) {
            let ctx = cx.with([("key".into(), MjValue::from(k.clone()))]);
            let msg = r
                .message
                .as_ref()
                .map(|m| m.render_or_elide(&ctx))
                .unwrap_or_else(|| format!("「{k}」在「{target}」中没有符合要求的记录"));
            out.finding_about(
                format_compact!("key:{k}"),
                Some(k.clone()),
                r.code.as_deref().unwrap_or("coverage-gap"),
                msg,
                cell_location(bound, from, row, Some(ki)),
            );
        }
    }
    out
}

/// Every piece of the file names as long as some key, for a look-up per
/// key: the cost is the names' length times the number of key lengths
/// (a few: names of 2 to 4 characters), not the number of keys times the
/// names' length (50,000 children against thousands of files searched
/// every name for every child).
struct Substrings<'a> {
    set: HashSet<&'a str>,
}

impl<'a> Substrings<'a> {
    fn of(names: &'a [String], lens: impl Iterator<Item = usize>) -> Self {
        let lens: std::collections::BTreeSet<usize> = lens.filter(|&l| l > 0).collect();
        let mut set = HashSet::new();
        for name in names {
            // Byte offsets of the characters, and of the end.
            let at: Vec<usize> = name
                .char_indices()
                .map(|(i, _)| i)
                .chain([name.len()])
                .collect();
            let n = at.len() - 1;
            for start in 0..n {
                for &l in lens.iter().take_while(|&&l| start + l <= n) {
                    set.insert(&name[at[start]..at[start + l]]);
                }
            }
        }
        Substrings { set }
    }

    fn contains(&self, key: &str) -> bool {
        self.set.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::Substrings;

    #[test]
    fn a_key_is_inside_a_name_that_contains_it() {
        let names = vec!["喻浩睿-成长档案.pdf".to_string(), "王小明.docx".to_string()];
        let keys = ["喻浩睿", "王小明", "王小", "浩睿-成", "李静晨", "明.d"];
        let s = Substrings::of(&names, keys.iter().map(|k| k.chars().count()));
        for k in ["喻浩睿", "王小明", "王小", "浩睿-成", "明.d"] {
            assert!(s.contains(k), "{k}");
        }
        assert!(!s.contains("李静晨"));
        // Never across two names.
        let s = Substrings::of(&names, [5].into_iter());
        assert!(!s.contains("pdf王小"));
    }
}
