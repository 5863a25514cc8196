//! Expression contexts without building a map per row: the item's
//! variables (`date`, `term_start`, `year`, `school`, `params`) are shared,
//! and each step layers its own (`row`, `value`, `group`, aggregate
//! values, `key`) on top; a name is looked up in the step's own variables
//! first. Building a fresh map for every row and check was a fifth of an
//! evaluation.

use super::bind::Bound;
use minijinja::value::{Enumerator, Object, Value};
use std::borrow::Cow;
use std::sync::Arc;

/// A variable's name: a literal (`row`) or a name from the checklist.
pub type Name = Cow<'static, str>;

/// Variables shared by every step of an item.
pub type Vars = Arc<Vec<(Name, Value)>>;

#[derive(Debug)]
struct Scope {
    base: Vars,
    own: Vec<(Name, Value)>,
}

impl Object for Scope {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let k = key.as_str()?;
        self.own
            .iter()
            .rev()
            .chain(self.base.iter())
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut keys: Vec<Value> = Vec::new();
        for (n, _) in self.own.iter().rev().chain(self.base.iter()) {
            let k = Value::from(n.as_ref());
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        Enumerator::Values(keys)
    }
}

/// A table row as expressions see it (`row.name`): the table's column
/// ids and the bound table, both shared; a cell is converted when read.
#[derive(Debug)]
struct Record {
    ids: Arc<Vec<String>>,
    bound: Arc<Bound>,
    row: usize,
}

impl Object for Record {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let k = key.as_str()?;
        let i = self.ids.iter().position(|id| id == k)?;
        let cell = self.bound.rows.get(self.row)?.values.get(i)?;
        Some(super::tables::mj_value(cell))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.ids.iter().map(|id| Value::from(id.as_str())).collect())
    }
}

/// Row `row` of `bound`, whose values are named by `ids` (the spec's
/// column ids, in order).
pub fn record(ids: &Arc<Vec<String>>, bound: &Arc<Bound>, row: usize) -> Value {
    Value::from_object(Record {
        ids: ids.clone(),
        bound: bound.clone(),
        row,
    })
}

/// A context: the shared variables with `own` on top.
pub fn scope(base: &Vars, own: Vec<(Name, Value)>) -> Value {
    Value::from_object(Scope {
        base: base.clone(),
        own,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::bind::{Row, Value as Cell};
    use crate::expr::Expr;

    #[test]
    fn own_variables_shadow_shared_ones_and_unknown_names_stay_errors() {
        let base: Vars = Arc::new(vec![
            ("date".into(), Value::from("2026-09-10")),
            ("group".into(), Value::from("base")),
        ]);
        let ctx = scope(
            &base,
            vec![
                ("group".into(), Value::from("3")),
                ("value".into(), Value::from(7)),
            ],
        );
        let e = |s: &str| Expr::compile(s).unwrap().eval(&ctx).unwrap().to_string();
        assert_eq!(e("group ~ '/' ~ date ~ '/' ~ value"), "3/2026-09-10/7");
        assert!(Expr::compile("grup").unwrap().test(&ctx).is_err());
        assert_eq!(
            crate::expr::render("{{ group }}年级 {{ value }}", &ctx).unwrap(),
            "3年级 7"
        );
        let ids = Arc::new(vec!["name".to_string(), "days".to_string()]);
        let bound = Arc::new(Bound {
            sources: Vec::new(),
            rows: vec![Row {
                source: 0,
                line: 2,
                values: vec![Cell::Text("王小明".into()), Cell::Empty],
            }],
            skipped: Vec::new(),
        });
        let row = record(&ids, &bound, 0);
        let ctx = scope(&base, vec![("row".into(), row)]);
        let e = |s: &str| Expr::compile(s).unwrap().test(&ctx);
        assert_eq!(e("row.name == '王小明' and not row.days"), Ok(true));
        assert_eq!(e("row.days is none and row.name is defined"), Ok(true));
        assert!(e("row.nmae").is_err(), "an unknown column is an error");
    }
}
