//! Missing glyphs: a character of the result that no available font has
//! would print as an empty box. Each one becomes a warning naming the
//! character, its code point and where in the result it occurs.

use super::fonts;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use typst::text::Font;

/// Where a character occurs: result paths, first seen first.
type Places = BTreeMap<char, Vec<String>>;

/// At most this many places are named per character.
const PLACES_SHOWN: usize = 5;
/// At most this many characters get a warning; the rest are counted.
const CHARS_SHOWN: usize = 30;

/// Characters of `data` (the result as JSON) that none of `fonts` covers,
/// with the paths of the fields they occur in.
pub fn missing(data: &Value, fonts: &[Font]) -> Places {
    let mut places = Places::new();
    let mut known = BTreeSet::new();
    walk(data, &mut String::new(), fonts, &mut known, &mut places);
    places
}

fn walk(
    v: &Value,
    path: &mut String,
    fonts: &[Font],
    known: &mut BTreeSet<char>,
    places: &mut Places,
) {
    match v {
        Value::String(s) => {
            for c in s.chars() {
                if ignorable(c) || known.contains(&c) {
                    continue;
                }
                if fonts::covered(fonts, c) {
                    known.insert(c);
                    continue;
                }
                let list = places.entry(c).or_default();
                if list.last() != Some(path) {
                    list.push(path.clone());
                }
            }
        }
        Value::Object(map) => {
            for (k, child) in map {
                if NOT_PRINTED.contains(&k.as_str()) {
                    continue;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk(child, path, fonts, known, places);
                path.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{}]", element_name(child, i)));
                walk(child, path, fonts, known, places);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Fields of a result that no PDF prints.
const NOT_PRINTED: [&str; 3] = ["schema", "trace", "date_source"];

/// An array element is named by its id where it has one: `items[care.roster]`.
fn element_name(v: &Value, i: usize) -> String {
    ["id", "item"]
        .iter()
        .find_map(|k| v.get(k).and_then(Value::as_str))
        .map(str::to_string)
        .unwrap_or_else(|| i.to_string())
}

/// Characters that draw nothing: spaces, controls, joiners, variation
/// selectors.
fn ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}')
}

/// The warnings: one per character of `places` that the layout drew as
/// tofu (a field the document does not print is not worth a warning), then
/// one per tofu character that the data check did not name (it came from a
/// label or a font's shaping).
pub fn warnings(places: &Places, tofu: &BTreeSet<char>) -> Vec<String> {
    let mut out = Vec::new();
    for (c, paths) in places
        .iter()
        .filter(|(c, _)| tofu.contains(c))
        .take(CHARS_SHOWN)
    {
        let mut at = paths
            .iter()
            .take(PLACES_SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        if paths.len() > PLACES_SHOWN {
            at.push_str(&format!(" 等 {} 处", paths.len()));
        }
        out.push(format!(
            "缺字:「{c}」(U+{:04X}) 不在任何可用字体中,PDF 中会显示为方框;出现在 {at}。可用 --font-dir 指定含此字的字体",
            *c as u32
        ));
    }
    let printed = places.keys().filter(|c| tofu.contains(c)).count();
    if printed > CHARS_SHOWN {
        out.push(format!(
            "缺字:另有 {} 个字符不在任何可用字体中",
            printed - CHARS_SHOWN
        ));
    }
    for c in tofu
        .iter()
        .filter(|c| !places.contains_key(c) && !ignorable(**c))
    {
        out.push(format!(
            "缺字:「{c}」(U+{:04X}) 在排版时没有字形,PDF 中会显示为方框",
            *c as u32
        ));
    }
    out
}
