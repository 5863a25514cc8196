//! Invented names, unique within a school, and phone numbers.

use super::rng::Rng;
use super::words::*;

/// A fresh name that is no part of, and contains no, name used before
/// in the school (names are matched by containment in file names).
pub(crate) struct Names {
    pub(crate) used: Vec<String>,
}

impl Names {
    pub(crate) fn take(&mut self, rng: &mut Rng, make: impl Fn(&mut Rng) -> String) -> String {
        loop {
            let n = make(rng);
            if !n.is_empty()
                && !self
                    .used
                    .iter()
                    .any(|u| u.contains(&n) || n.contains(u.as_str()))
            {
                self.used.push(n.clone());
                return n;
            }
        }
    }
    pub(crate) fn child(&mut self, rng: &mut Rng, surname: Option<&str>, girl: bool) -> String {
        self.take(rng, |r| {
            let s = surname
                .map(str::to_string)
                .unwrap_or_else(|| r.pick(SURNAMES).to_string());
            let given = match (girl, r.chance(22)) {
                (false, true) => r.pick(BOY_ONE).to_string(),
                (true, true) => r.pick(GIRL_ONE).to_string(),
                (false, false) => format!("{}{}", r.pick(BOY), r.pick(BOY)),
                (true, false) => format!("{}{}", r.pick(GIRL), r.pick(GIRL)),
            };
            // Doubled characters (博博) only in girls' names (婷婷 is common).
            // 子 and 一 open a given name (子轩, 一鸣) but do not close one.
            let chars: Vec<char> = given.chars().collect();
            let doubled = chars.len() == 2 && chars[0] == chars[1];
            if (doubled && !girl) || (chars.len() == 2 && matches!(chars[1], '子' | '一')) {
                return String::new();
            }
            format!("{s}{given}")
        })
    }
    pub(crate) fn adult(&mut self, rng: &mut Rng, surname: Option<&str>, woman: bool) -> String {
        self.take(rng, |r| {
            let s = surname
                .map(str::to_string)
                .unwrap_or_else(|| r.pick(SURNAMES).to_string());
            format!("{s}{}", if woman { r.pick(WOMAN) } else { r.pick(MAN) })
        })
    }
}

pub(crate) fn phone(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(PHONE_PREFIX), rng.next() % 100_000_000)
}
