//! Checklist globs (`关爱/*花名册*.{xlsx,csv}`): part of the checklist's
//! language, compiled once when the checklist is validated and matched
//! against the paths of a submission.

use std::sync::OnceLock;

/// A compiled checklist glob. Most checklist globs begin with a literal
/// folder (`关爱/*花名册*.xlsx`): a path that does not start with it is
/// rejected by a byte comparison before the matcher's regex runs (a
/// table or file rule looks at every file of the submission).
#[derive(Debug, Clone)]
pub struct Glob {
    /// The pattern as written in the checklist.
    source: String,
    /// The glob as parsed (its syntax checked when the checklist is
    /// validated).
    glob: globset::Glob,
    /// Its regex, compiled when a path first passes the prefix and needle
    /// below: compiling the official checklist's globs was a quarter of
    /// every process's start, and a school's files reach only some of them.
    matcher: OnceLock<globset::GlobMatcher>,
    /// The leading characters that must appear as they are: up to the
    /// first wildcard, bracket, brace, escape or character that has case
    /// (the match is case-insensitive, and a caseless character matches
    /// only itself).
    prefix: String,
    /// The longest run of such characters after the prefix, outside
    /// braces and brackets (`花名册` in `关爱/*花名册*.xlsx`): every
    /// matching path contains it, so a path without it is rejected by a
    /// substring search (a school's care folder holds a file per child).
    needle: String,
    /// The glob is a folder and `**` (`关爱/责任书/**`): every path below
    /// the folder matches, with no regex to run.
    below: bool,
}

impl Glob {
    /// The pattern as written in the checklist.
    pub fn source(&self) -> &str {
        &self.source
    }
    pub fn is_match(&self, path: &str) -> bool {
        if !path.starts_with(&self.prefix) {
            return false;
        }
        let rest = &path[self.prefix.len()..];
        if self.below {
            return !rest.is_empty();
        }
        rest.contains(self.needle.as_str()) && self.matcher().is_match(path)
    }
    fn matcher(&self) -> &globset::GlobMatcher {
        self.matcher.get_or_init(|| self.glob.compile_matcher())
    }
}

/// Compiles a checklist glob: case-insensitive, `*` stays within a folder,
/// `**` crosses folders.
pub fn compile(src: &str) -> Result<Glob, globset::ErrorKind> {
    let glob = globset::GlobBuilder::new(src)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
        .map_err(|e| e.kind().clone())?;
    // Literal runs: a wildcard, a bracket or brace, an escaped character
    // or one with case ends a run; nothing inside `{..}` or `[..]` is one,
    // nor the `/` of `**/`, which may match nothing (`关爱/**/花名册.xlsx`
    // matches `关爱/花名册.xlsx`). The first run is the prefix (empty when
    // the glob starts with a wildcard).
    let caseless = |c: char| c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]);
    let (mut runs, mut run, mut depth) = (Vec::new(), String::new(), 0usize);
    let mut chars = src.char_indices();
    while let Some((i, c)) = chars.next() {
        let after_globstar = c == '/' && src[..i].ends_with("**");
        let literal = depth == 0
            && !after_globstar
            && !matches!(c, '*' | '?' | '\\' | '{' | '[' | '}' | ']')
            && caseless(c);
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            '\\' => {
                chars.next();
            }
            _ => {}
        }
        if literal {
            run.push(c);
        } else {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    let mut runs = runs.into_iter();
    let prefix = runs.next().unwrap_or_default();
    let needle = runs.max_by_key(String::len).unwrap_or_default();
    let below = prefix.ends_with('/') && &src[prefix.len()..] == "**";
    Ok(Glob {
        source: src.to_string(),
        glob,
        matcher: OnceLock::new(),
        prefix,
        needle,
        below,
    })
}

#[cfg(test)]
mod tests {
    use super::compile as compile_glob;

    #[test]
    fn globs_match_case_insensitively_with_or_without_a_literal_prefix() {
        let g = compile_glob("关爱/*花名册*.{xlsx,csv}").unwrap();
        assert!(g.is_match("关爱/留守儿童花名册2026.XLSX"));
        assert!(!g.is_match("安全/留守儿童花名册.xlsx"));
        assert!(
            !g.is_match("关爱/子目录/花名册.xlsx"),
            "* stays in a folder"
        );
        // A prefix with letters that have case is not compared bytewise.
        let g = compile_glob("Safety/*.xlsx").unwrap();
        assert!(g.is_match("safety/drills.xlsx"));
        assert!(g.is_match("SAFETY/DRILLS.XLSX"));
        let g = compile_glob("**/*演练*").unwrap();
        assert!(g.is_match("安全/2026/消防演练.docx"));
        assert!(!g.is_match("安全/2026/消防检查.docx"));
        // Literal text inside braces or brackets, or escaped, is optional
        // or special: such globs still match what they should.
        let g = compile_glob("安全/{演练,检查}记录[12].xlsx").unwrap();
        assert!(g.is_match("安全/检查记录2.xlsx"));
        assert!(!g.is_match("安全/检查记录3.xlsx"));
        let g = compile_glob("安全/\\[草稿\\]*检查.xlsx").unwrap();
        assert!(g.is_match("安全/[草稿]隐患检查.xlsx"));
        let g = compile_glob("食堂/*Menu*周.xlsx").unwrap();
        assert!(g.is_match("食堂/第1周menu菜谱周.xlsx"));
        // A folder and `**` matches what globset matches, without it.
        let g = compile_glob("关爱/**/花名册.xlsx").unwrap();
        for p in [
            "关爱/花名册.xlsx",
            "关爱/2026/秋/花名册.xlsx",
            "关爱/2026花名册.xlsx",
        ] {
            assert_eq!(g.is_match(p), g.matcher().is_match(p), "{p}");
        }
        assert!(g.is_match("关爱/花名册.xlsx"));
        let g = compile_glob("关爱/责任书/**").unwrap();
        assert!(g.below);
        for p in [
            "关爱/责任书/王小明.pdf",
            "关爱/责任书/2026/王小明.jpg",
            "关爱/责任书王小明.pdf",
            "关爱/责任书",
            "关爱/成长档案/王小明.pdf",
        ] {
            assert_eq!(g.is_match(p), g.matcher().is_match(p), "{p}");
        }
    }
}
