//! Source positions for YAML documents: maps a value's path
//! (`sections[2].items[4].points`) to its line and column, so that errors
//! found after deserialisation can still point at the text.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column (both 1-based) of a node in a YAML source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Index from dotted/bracketed paths to positions. For a mapping entry the
/// position is that of its key; for a sequence element that of the element.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    map: HashMap<String, Pos>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

struct Recv {
    stack: Vec<Frame>,
    map: HashMap<String, Pos>,
    /// Collections opened below [`MAX_DEPTH`], not indexed.
    deeper: usize,
}

/// Nesting indexed (serde_yaml refuses documents deeper than 128).
const MAX_DEPTH: usize = 128;

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Recv {
    /// Path of the node that starts now, recording its position; advances
    /// the parent frame.
    fn child_path(&mut self, pos: Pos, is_scalar: bool) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, index }) => {
                let p = format!("{path}[{index}]");
                *index += 1;
                self.map.entry(p.clone()).or_insert(pos);
                Some(p)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some(k) => Some(join(path, &k)),
                None => {
                    // This node is a key.
                    let _ = is_scalar;
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Recv {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos {
            line: mark.line(),
            col: mark.col() + 1,
        };
        if self.deeper > 0 || self.stack.len() >= MAX_DEPTH {
            match ev {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.deeper += 1,
                Event::MappingEnd | Event::SequenceEnd if self.deeper > 0 => self.deeper -= 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    self.stack.pop();
                }
                _ => {}
            }
            return;
        }
        match ev {
            Event::Scalar(value, ..) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key {
                    if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                        let p = join(path, &value);
                        self.map.entry(p).or_insert(pos);
                        *key = Some(value);
                    }
                } else {
                    self.child_path(pos, true);
                }
            }
            Event::Alias(_) => {
                self.child_path(pos, true);
            }
            Event::MappingStart(..) => {
                let path = self.child_path(pos, false).unwrap_or_default();
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.child_path(pos, false).unwrap_or_default();
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

impl Locator {
    /// Builds the index; a document that does not parse gives an empty index
    /// (the YAML error itself is reported by serde_yaml, with its location).
    pub fn new(source: &str) -> Self {
        let mut recv = Recv {
            stack: Vec::new(),
            map: HashMap::new(),
            deeper: 0,
        };
        let mut parser = Parser::new_from_str(source);
        if parser.load(&mut recv, false).is_err() {
            return Locator::default();
        }
        Locator { map: recv.map }
    }

    /// Position of the path, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path.to_string();
        loop {
            if let Some(pos) = self.map.get(&p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p.truncate(cut);
        }
    }

    /// Every located path below `prefix` (not `prefix` itself).
    pub fn paths_below<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.map.keys().filter(move |p| {
            p.len() > prefix.len()
                && p.starts_with(prefix)
                && (prefix.is_empty() || p[prefix.len()..].starts_with(['.', '[']))
        })
    }

    /// Exact position of a path, without falling back to an ancestor.
    pub fn exact(&self, path: &str) -> Option<Pos> {
        self.map.get(path).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_lines() {
        let src = "a: 1\nlist:\n  - id: x\n    n: 2\n  - id: y\n    deep: {k: v}\n";
        let loc = Locator::new(src);
        assert_eq!(loc.exact("a"), Some(Pos { line: 1, col: 1 }));
        assert_eq!(loc.exact("list[1].id"), Some(Pos { line: 5, col: 5 }));
        assert_eq!(loc.exact("list[0].n"), Some(Pos { line: 4, col: 5 }));
        assert_eq!(loc.exact("list[1].deep.k"), Some(Pos { line: 6, col: 12 }));
        assert_eq!(loc.find("list[1].deep.zzz"), Some(Pos { line: 6, col: 5 }));
    }
}
